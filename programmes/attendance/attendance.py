"""The register of an event: who was there, marked on the day, then closed for good.

Marking and closing both lock the event row, so a tick can never land after the
register closed: certificates are issued from a closed register (see Event).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from programmes.models import Event, EventInvitation, Place


def register_invitations(event: Event) -> QuerySet[EventInvitation]:
    """Who is on the register: everyone with a confirmed place, and anyone already marked present."""
    return (
        event.invitations.filter(Q(place=Place.CONFIRMED) | Q(attended_at__isnull=False))
        .select_related("school", "marked_by")
        .order_by("last_name", "first_name", "email")
    )


def search_by_name(invitations: QuerySet[EventInvitation], query: str) -> QuerySet[EventInvitation]:
    """Every word typed must be in the first name, last name or email ("ada love" finds Ada Lovelace)."""
    for word in query.split():
        invitations = invitations.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return invitations


def _locked_open_event(event_id: int) -> Event:
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.cancelled_at:
        raise ValidationError("This event was cancelled, so it has no register")
    return event


def mark_attendance(invitation: EventInvitation, *, present: bool, actor, now) -> EventInvitation:
    """Mark one person present (or undo it). Marking twice changes nothing."""
    with transaction.atomic():
        event = _locked_open_event(invitation.event_id)
        if event.register_closed_at:
            raise ValidationError("The register is closed, so attendance can no longer be changed")
        invitation = EventInvitation.objects.select_for_update().get(pk=invitation.pk)
        if present and invitation.attended_at is None:
            if invitation.place != Place.CONFIRMED:
                raise ValidationError(f"{invitation.name} does not have a confirmed place, so cannot be marked present")
            invitation.attended_at, invitation.marked_by = now, actor
            invitation.save(update_fields=["attended_at", "marked_by"])
        elif not present and invitation.attended_at is not None:
            invitation.attended_at, invitation.marked_by = None, None
            invitation.save(update_fields=["attended_at", "marked_by"])
    return invitation


def close_register(event: Event, *, actor, now) -> Event:
    """Make the register final. Closing again keeps the first closing."""
    with transaction.atomic():
        event = _locked_open_event(event.pk)
        if event.register_closed_at:
            return event
        if now < event.starts_at:
            raise ValidationError("The register cannot be closed before the event starts")
        event.register_closed_at, event.register_closed_by = now, actor
        event._history_user = actor  # the event's history names who closed it, wherever this is called from
        event.save(update_fields=["register_closed_at", "register_closed_by"])
    return event


@dataclass(frozen=True)
class AttendanceSummary:
    invited: int
    accepted: int  # accepted with a confirmed place
    present: int
    absent: int  # a confirmed place, not marked present
    on_register: int  # the register's length: confirmed places, and anyone present without one


def attendance_summary(event: Event) -> AttendanceSummary:
    """The register's numbers in one query, however many people are invited."""
    counts = event.invitations.aggregate(
        invited=Count("pk"),
        accepted=Count("pk", filter=Q(place=Place.CONFIRMED)),
        present=Count("pk", filter=Q(attended_at__isnull=False)),
        absent=Count("pk", filter=Q(place=Place.CONFIRMED, attended_at__isnull=True)),
        on_register=Count("pk", filter=Q(place=Place.CONFIRMED) | Q(attended_at__isnull=False)),
    )
    return AttendanceSummary(**counts)
