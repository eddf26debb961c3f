"""Who may reach the AB's records. Only AB staff decide claims and outcomes; everyone else gets 404.

Later pages widen reading (a tutor reads their own schools' ECTs' schedules, an ECT their own
record) through functions here, never in views.
"""

from django.db.models import QuerySet
from django.http import Http404

from participants.access import is_ab_staff

from .models import Claim, Induction


def claims_for(user) -> QuerySet[Claim]:
    if not is_ab_staff(user):
        return Claim.objects.none()
    return Claim.objects.all()


def get_claim_for(user, public_id) -> Claim:
    try:
        return claims_for(user).select_related("ect_period__teacher", "ect_period__school", "ect_period__mentor__teacher").get(public_id=public_id)
    except Claim.DoesNotExist:
        raise Http404("No such claim") from None


def require_ab_staff(user) -> None:
    if not is_ab_staff(user):
        raise Http404("No such page")


def inductions_for(user) -> QuerySet[Induction]:
    """The inductions whose AB record the user may open: all for AB staff, for now nobody else."""
    if not is_ab_staff(user):
        return Induction.objects.none()
    return Induction.objects.all()


def get_induction_for(user, public_id, queryset: QuerySet[Induction] | None = None) -> Induction:
    allowed = inductions_for(user)
    try:
        return (queryset if queryset is not None else allowed).filter(pk__in=allowed.values("pk")).get(public_id=public_id)
    except Induction.DoesNotExist:
        raise Http404("No such induction") from None
