"""Who may reach the AB's records. Only AB staff decide claims and outcomes; everyone else gets 404.

Later pages widen reading (a tutor reads their own schools' ECTs' schedules, an ECT their own
record) through functions here, never in views.
"""

from django.db.models import QuerySet
from django.http import Http404

from participants.access import is_ab_staff

from .models import Claim


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
