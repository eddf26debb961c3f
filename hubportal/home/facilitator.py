"""A facilitator's next events and the registers they still have to take (programmes.attendance).

Three queries whatever the number of events: the next few they run, with their confirmed places,
and the registers open on events that have started (a few, and how many).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from participants.models import User
from programmes.models import Event, Place

SHOWN = 5


@dataclass(frozen=True)
class FacilitatorWeek:
    # Each annotated with `confirmed` (places confirmed).
    next_events: list[Event]
    registers: list[Event]
    registers_total: int


def facilitated(user: User):
    """The events the user runs, not cancelled: the register list's rule for a facilitator (programmes.access)."""
    return Event.objects.filter(facilitators=user, cancelled_at__isnull=True)


def registers_to_take(user: User, *, now: datetime):
    """Events they run that have started and whose register is not yet closed: oldest first, as they are the most overdue."""
    return facilitated(user).filter(starts_at__lte=now, register_closed_at__isnull=True).order_by("starts_at", "pk")


def facilitator_week(user: User, *, now: datetime) -> FacilitatorWeek:
    upcoming = (facilitated(user).filter(starts_at__gt=now)
                .annotate(confirmed=Count("invitations", filter=Q(invitations__place=Place.CONFIRMED))).order_by("starts_at", "pk"))
    registers = registers_to_take(user, now=now)
    return FacilitatorWeek(list(upcoming[:SHOWN]), list(registers[:SHOWN]), registers.count())
