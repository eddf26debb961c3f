"""Who may take an event's register: hub staff for every event, a facilitator for the events they run.

Anything outside that scope answers 404 (as participants.access does), so a facilitator
cannot learn that another event's register exists.
"""

from django.db.models import QuerySet
from django.http import Http404

from participants.access import has_role, is_hub_staff
from participants.models import Role

from .models import Event


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
