"""Creating, editing, copying and cancelling events, and reading back who changed what.

Views call these, never .save() directly. Each write names its actor as the history user
(django-simple-history), so the event's staff page can say who changed what and when, for changes
made from a task or the shell as well as from a page.
"""

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubportal.lib.history import HistoryEntry, change_entries, diffs, human_value, ordered, who
from hubportal.lib.outbox import EmailState
from hubportal.lib.queue import queue_chunks_on_commit
from participants.models import User
from programmes.models import Cohort, Event, EventInvitation, EventNotice, Place, Response

# The fields an event form hands over; facilitators are set separately (a many-to-many).
EVENT_FIELDS = (
    "title", "kind", "cohort", "venue", "online_url", "starts_at", "ends_at", "capacity", "reply_by", "cpd_hours", "description",
    "school_booking",
)
# 52 weeks: the same weekday a year later, nearest to the same date.
A_YEAR_ON = timedelta(days=364)
# A change to any of these moves the entry in people's calendars: they are emailed the new details.
TIME_AND_PLACE = ("starts_at", "ends_at", "venue", "online_url")
# Who hears of a new time or place: those holding a place and those waiting for one. Anyone whose
# invitation is still to go gets the new details in it; those who declined are not coming; those who
# have not replied read the current details behind their reply link.
TOLD_OF_CHANGES = (Place.CONFIRMED, Place.OFFERED, Place.WAITING)


def check_event(data: dict[str, Any]) -> None:
    """The rules a form also shows per field; checked here too so other callers cannot skip them."""
    errors = {}
    if data["ends_at"] <= data["starts_at"]:
        errors["ends_at"] = "The end must be after the start"
    if not data.get("venue") and not data.get("online_url"):
        errors["venue"] = "Enter a venue or an online link"
    if data.get("reply_by") and data["reply_by"] > timezone.localtime(data["starts_at"]).date():
        errors["reply_by"] = "The reply-by date must be on or before the day the event starts"
    if errors:
        raise ValidationError(errors)


def create_event(data: dict[str, Any], *, actor: User) -> Event:
    check_event(data)
    event = Event(**{field: data.get(field) for field in EVENT_FIELDS if field in data}, created_by=actor)
    event._history_user = actor
    with transaction.atomic():
        event.save()
        event.facilitators.set(data.get("facilitators", []))
    return event


@dataclass(frozen=True)
class EventUpdate:
    event: Event
    # How many people are being emailed the new time or place (0 when neither changed).
    told: int


def update_event(event: Event, data: dict[str, Any], *, actor: User) -> EventUpdate:
    """Change an event's details. Its capacity may not drop below the places already confirmed.

    A new time or place raises the event's calendar sequence and emails everyone with or waiting for a
    place (TOLD_OF_CHANGES) the new details and calendar file, each once per change; the history
    records how many were told. A past or cancelled event is corrected without telling anyone.
    """
    check_event(data)
    with transaction.atomic():
        # Locked so a reply cannot confirm a place between counting and saving (as in programmes.replies).
        event = Event.objects.select_for_update().get(pk=event.pk)
        capacity = data.get("capacity")
        if capacity is not None:
            confirmed = event.invitations.filter(place=Place.CONFIRMED).count()
            if capacity < confirmed:
                raise ValidationError({"capacity": f"Capacity must be at least {confirmed}, the number of places already confirmed"})
        before = {field: getattr(event, field) for field in TIME_AND_PLACE}
        for field in EVENT_FIELDS:
            if field in data:
                setattr(event, field, data[field])
        moved = any(getattr(event, field) != value for field, value in before.items())
        told = []
        if moved and not event.cancelled_at and event.ends_at > timezone.now():
            event.sequence += 1
            # A notice of an earlier change not sent yet would only repeat this one: it goes, so each person gets one email.
            EventNotice.objects.filter(invitation__event=event, kind=EventNotice.Kind.CHANGED, email_state=EmailState.QUEUED).delete()
            told = list(event.invitations.filter(email_state=EmailState.SENT, place__in=TOLD_OF_CHANGES).values_list("pk", flat=True))
            if told:
                event._change_reason = f"{len(told)} {_people(len(told))} with a place or on the waiting list were emailed the new time or place"
        event._history_user = actor
        event.save()
        event.facilitators.set(data.get("facilitators", []))
        if told:
            notices = EventNotice.objects.bulk_create(
                [EventNotice(invitation_id=pk, kind=EventNotice.Kind.CHANGED, sequence=event.sequence) for pk in told]
            )
            queue_chunks_on_commit("programmes.tasks.send_event_notices", [notice.pk for notice in notices])
    return EventUpdate(event, len(told))


def _people(count: int) -> str:
    return "person" if count == 1 else "people"


def copy_event(event: Event, *, actor: User) -> Event:
    """Next year's event: the same details 364 days on (same weekday), with nobody invited yet.

    The days are added to the local (Europe/London) time, so a 9am start stays 9am across a
    change between GMT and BST.
    """
    data = {field: getattr(event, field) for field in EVENT_FIELDS}
    data["starts_at"] = timezone.localtime(event.starts_at) + A_YEAR_ON
    data["ends_at"] = timezone.localtime(event.ends_at) + A_YEAR_ON
    data["reply_by"] = event.reply_by + A_YEAR_ON if event.reply_by else None
    copy = Event(**data, created_by=actor)
    copy._history_user = actor
    with transaction.atomic():
        copy.save()
        copy.facilitators.set(event.facilitators.all())
    return copy


def cancel_event(event: Event, *, reason: str, actor: User) -> int:
    """Cancel the event and tell everyone invited who has not declined; returns how many are told.

    Invitations still queued are never sent (the sender skips a cancelled event's), so
    only people who were sent one hear about the cancellation, each once.
    """

    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the event is cancelled: everyone invited will read it"})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.cancelled_at:
            raise ValidationError("This event has already been cancelled")
        if event.ends_at <= timezone.now():
            raise ValidationError("This event has already taken place")
        event.cancelled_at, event.cancellation_reason = timezone.now(), reason
        # A cancellation is a change calendars must see as newer than any entry they hold (RFC 5545 SEQUENCE).
        event.sequence += 1
        event._history_user = actor
        event.save(update_fields=["cancelled_at", "cancellation_reason", "sequence"])
        told = EventInvitation.objects.filter(event=event, email_state=EmailState.SENT).exclude(response=Response.DECLINED)
        notices = EventNotice.objects.bulk_create(
            [EventNotice(invitation_id=pk, kind=EventNotice.Kind.CANCELLED) for pk in told.values_list("pk", flat=True)],
            ignore_conflicts=True,
        )
        ids = EventNotice.objects.filter(invitation__event=event, kind=EventNotice.Kind.CANCELLED).values_list("pk", flat=True)
        queue_chunks_on_commit("programmes.tasks.send_event_notices", list(ids))
    return len(notices)


# ----- History of changes ---------------------------------------------------------------

# The fields the history shows, in the order of the event's page, with the labels staff read there.
# Who created the event and when it was created are the "Created" entry's own.
HISTORY_FIELDS = {
    "title": "Title", "kind": "Kind of event", "starts_at": "Starts", "ends_at": "Ends", "venue": "Venue",
    "online_url": "Online link", "cohort": "Cohort", "capacity": "Capacity", "reply_by": "Reply by", "cpd_hours": "CPD hours",
    "school_booking": "Schools can book places", "description": "Description", "cancelled_at": "Cancelled",
    "cancellation_reason": "Reason for cancelling", "register_closed_at": "Register closed",
}


def _shown(name: str, value, names: dict) -> str:
    if name == "capacity" and value is None:
        return "No limit"  # as the event's page says it
    return human_value(Event, name, value, names)


def _summary(changed: set[str]) -> str:
    if "cancelled_at" in changed:
        return "Cancelled"
    if "register_closed_at" in changed:
        return "Register closed"
    return "Changed"


def event_history(event: Event) -> list[HistoryEntry]:
    """Who created the event and who changed what since, newest first: one query, and one more when a cohort changed."""
    records = ordered(event.history.all())
    pairs = diffs(records, HISTORY_FIELDS)
    cohort_ids = {value for _, changes in pairs for c in changes if c.field == "cohort" for value in (c.old, c.new) if value}
    cohorts = Cohort.objects.select_related("programme").filter(pk__in=cohort_ids) if cohort_ids else []
    names = {(Cohort, cohort.pk): cohort.name for cohort in cohorts}
    entries = [HistoryEntry(record.history_date, who(record), "Created") for record in records if record.history_type == "+"]
    changes = change_entries(pairs, Event, HISTORY_FIELDS, _summary, shown=lambda name, value: _shown(name, value, names))
    # A change of time or place says who was told of it (its reason, set by update_event).
    entries += [replace(entry, summary=f"{entry.summary}: {record.history_change_reason}") if record.history_change_reason else entry
                for (record, _), entry in zip(pairs, changes, strict=True)]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
