"""Who may take an event's register: hub staff for every event, a facilitator for the events they run.

Anything outside that scope answers 404 (as participants.access does), so a facilitator
cannot learn that another event's register exists.
"""

from django.db.models import Q, QuerySet, Subquery
from django.http import Http404

from participants.access import has_role, is_hub_staff
from participants.models import Role, Teacher

from .models import Certificate, Event, RenderState


def events_for_register(user) -> QuerySet[Event]:
    """Events whose register the user may take: all for hub staff, else those they facilitate."""
    if not user.is_authenticated:
        return Event.objects.none()
    if is_hub_staff(user):
        return Event.objects.all()
    return Event.objects.filter(facilitators=user)


def get_event_for_register(user, public_id) -> Event:
    try:
        return events_for_register(user).get(public_id=public_id)
    except Event.DoesNotExist:
        raise Http404("No such event") from None


def takes_registers(user) -> bool:
    """Whether the "events to take the register for" list is the user's at all."""
    if not user.is_authenticated:
        return False
    return is_hub_staff(user) or has_role(user, Role.FACILITATOR) or events_for_register(user).exists()


def teacher_record_of(user) -> Subquery:
    """The id of the person's teacher record, as a subquery for matching their invitations and certificates.

    An account has at most one teacher record, so it compares as one value: each of the three ways a row
    is someone's (account, teacher record, address) is then a condition on the row's own indexed column,
    and the database reads them from indexes instead of joining teachers to every row.
    """
    return Subquery(Teacher.objects.filter(user=user).order_by().values("pk"))


# --- Certificates ---------------------------------------------------------------------------------


def certificates_of(user) -> QuerySet[Certificate]:
    """A person's own certificates: by account, by their teacher record, or by their address (sign-in needs it verified: mandatory verification)."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(Q(user=user) | Q(teacher=teacher_record_of(user)) | Q(email__iexact=user.email))


def get_certificate_for_download(user, public_id) -> Certificate:
    """Hub staff may download any rendered certificate; its owner theirs while it is valid. 404 otherwise."""
    if not user.is_authenticated:
        raise Http404("No such certificate")
    scope = Certificate.objects.all() if is_hub_staff(user) else certificates_of(user).filter(revoked_at__isnull=True)
    certificate = scope.filter(public_id=public_id, render_state=RenderState.RENDERED).exclude(pdf="").first()
    if certificate is None:
        raise Http404("No such certificate")
    return certificate


def certificates_for_staff(user) -> QuerySet[Certificate]:
    if not user.is_authenticated or not is_hub_staff(user):
        return Certificate.objects.none()
    return Certificate.objects.all()


def get_certificate_for_staff(user, public_id) -> Certificate:
    try:
        return certificates_for_staff(user).get(public_id=public_id)
    except Certificate.DoesNotExist:
        raise Http404("No such certificate") from None
