"""Replies to event invitations, and the places they take.

Every change of places happens with the event row locked (select_for_update), so
concurrent replies can never take an event over capacity, and the waiting list
keeps the order people joined it. A place freed by a decline is offered to the next
person waiting for EVENT_OFFER_HOURS; an offer not taken lapses (a beat job) and
the place passes on.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Func, IntegerField, OuterRef, Q, Subquery
from django.utils import timezone

from hubportal.lib.outbox import EmailState
from hubportal.lib.queue import queue_chunks_on_commit
from programmes.events.invitations import check_accepting, check_open
from programmes.models import HELD_PLACES, Event, EventInvitation, EventNotice, Place, Response


def reply(invitation: EventInvitation, *, accept: bool, access_needs: str = "", dietary_needs: str = "") -> EventInvitation:
    """Accept (a place, a held offer, or the waiting list when full) or decline."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=invitation.event_id)
        # Taken after the lock, so the waiting list's times follow the order replies were served.
        now = timezone.now()
        check_open(event, now=now)
        invitation = EventInvitation.objects.select_for_update().get(pk=invitation.pk)
        freed = False
        if not accept:
            freed = invitation.place in HELD_PLACES
            invitation.response, invitation.place = Response.DECLINED, Place.NONE
            invitation.waiting_since = invitation.offer_expires_at = None
        elif invitation.place == Place.OFFERED:
            # A held offer stands until it lapses, whatever the reply-by date.
            invitation.place, invitation.offer_expires_at = Place.CONFIRMED, None
        elif not wants_or_holds_place(invitation):
            check_accepting(event, now=now)
            take_place(invitation, free=free_places(event), now=now)
        invitation.access_needs, invitation.dietary_needs = access_needs.strip(), dietary_needs.strip()
        invitation.replied_at = now
        invitation.save()
        if freed:
            offer_free_places(event, now=now)
    return invitation


def wants_or_holds_place(invitation: EventInvitation) -> bool:
    """Accepted and still in the running: a confirmed or offered place, or a spot on the waiting list."""
    return invitation.response == Response.ACCEPTED and invitation.place in (*HELD_PLACES, Place.WAITING)


def take_place(invitation: EventInvitation, *, free: int | float, now) -> None:
    """Accept for the invitee: a place if one is free, else the end of the waiting list. Call with the event locked."""
    invitation.response = Response.ACCEPTED
    if free > 0:
        invitation.place, invitation.waiting_since = Place.CONFIRMED, None
    else:
        invitation.place, invitation.waiting_since = Place.WAITING, now


def free_places(event: Event) -> int | float:
    if event.capacity is None:
        return float("inf")
    return event.capacity - event.invitations.filter(place__in=HELD_PLACES).count()


def offer_free_places(event: Event, *, now) -> list[EventInvitation]:
    """Offer each free place to the next person waiting. Call with the event row locked."""

    offered = []
    free = free_places(event)
    if free <= 0:
        return offered
    waiting = event.invitations.filter(place=Place.WAITING).order_by("waiting_since", "pk")
    if event.capacity is not None:
        waiting = waiting[:free]
    for invitation in waiting:
        invitation.place = Place.OFFERED
        invitation.offer_expires_at = now + timedelta(hours=settings.EVENT_OFFER_HOURS)
        invitation.save(update_fields=["place", "offer_expires_at"])
        notice, created = EventNotice.objects.get_or_create(invitation=invitation, kind=EventNotice.Kind.PLACE_OFFERED)
        if created:
            queue_chunks_on_commit("programmes.tasks.send_event_notices", [notice.pk])
        offered.append(invitation)
    return offered


def lapse_expired_offers(*, now=None) -> int:
    """Offers not taken in time lapse, and their places go to the next people waiting."""
    now = now or timezone.now()
    lapsed = 0
    event_ids = EventInvitation.objects.filter(place=Place.OFFERED, offer_expires_at__lte=now).values_list("event_id", flat=True)
    for event_id in set(event_ids):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            lapsed += event.invitations.filter(place=Place.OFFERED, offer_expires_at__lte=now).update(
                place=Place.OFFER_LAPSED, offer_expires_at=None
            )
            if not event.cancelled_at and event.starts_at > now:
                offer_free_places(event, now=now)
    return lapsed


# (notice kind, how long before the start it goes out)
REMINDERS = ((EventNotice.Kind.REMINDER_WEEK, timedelta(days=7)), (EventNotice.Kind.REMINDER_DAY, timedelta(days=1)))


def queue_reminders(*, now=None) -> int:
    """Remind everyone with a confirmed place, a week and a day before; each reminder once.

    Run often (a beat job): the unique (invitation, kind) row is what makes each one once,
    however many times this runs or however late.
    """

    now = now or timezone.now()
    created = 0
    for kind, before in REMINDERS:
        due = EventInvitation.objects.filter(
            place=Place.CONFIRMED, event__cancelled_at__isnull=True,
            event__starts_at__gt=now, event__starts_at__lte=now + before,
        ).exclude(notices__kind=kind)
        if kind == EventNotice.Kind.REMINDER_WEEK:
            # Someone confirmed within the last day before the start gets only the day-before reminder.
            due = due.exclude(event__starts_at__lte=now + timedelta(days=1))
        with transaction.atomic():
            notices = EventNotice.objects.bulk_create(
                [EventNotice(invitation_id=pk, kind=kind) for pk in due.values_list("pk", flat=True)], ignore_conflicts=True
            )
            # Rows still queued (new, or left by a worker that died) go to the worker again; claims stop doubles.
            queued = EventNotice.objects.filter(kind=kind, email_state=EmailState.QUEUED, created_at__gte=now - timedelta(days=8))
            queue_chunks_on_commit("programmes.tasks.send_event_notices", list(queued.values_list("pk", flat=True)))
        created += len(notices)
    return created


# --- How invitees replied, as hub staff count and filter them ---------------------------------------


@dataclass(frozen=True)
class ReplyGroup:
    key: str  # in the event page's address: ?reply=<key>
    label: str
    condition: Q


# Every (response, place) an invitation can be in falls in exactly one group, so they add up to
# everyone invited. An offered place is still "waiting" until the person takes it (as a school's
# bookings count it); an offer left to lapse is neither a place nor a decline, so it is its own group.
REPLY_GROUPS = (
    ReplyGroup("accepted", "Accepted, with a place", Q(response=Response.ACCEPTED, place=Place.CONFIRMED)),
    ReplyGroup("waiting", "Waiting for a place", Q(response=Response.ACCEPTED, place__in=[Place.WAITING, Place.OFFERED])),
    ReplyGroup("declined", "Declined", Q(response=Response.DECLINED)),
    ReplyGroup("none", "No reply yet", Q(response=Response.NONE)),
    ReplyGroup("lapsed", "Did not take up a place offered", Q(response=Response.ACCEPTED, place=Place.OFFER_LAPSED)),
)
REPLY_GROUP = {group.key: group for group in REPLY_GROUPS}


def reply_group(key: str | None) -> ReplyGroup | None:
    """The group a filter names; None for none, and for a key that names no group (an old or mistyped link)."""
    return REPLY_GROUP.get(key or "")


def reply_count_aggregates() -> dict:
    """Count(...) of each group, keyed "reply_<key>", for one .aggregate() over an event's invitations."""
    return {f"reply_{group.key}": Count("pk", filter=group.condition) for group in REPLY_GROUPS}


def invitations_counted(**conditions) -> Subquery:
    """The number of an event's invitations that match conditions, as a column for events.annotate().

    A subquery per event row rather than a join grouped by event: the database counts only the rows a
    page keeps after sorting and slicing, not every event's invitations first (a database shared by
    many hubs holds hundreds of events at once).
    """
    invitations = EventInvitation.objects.filter(event=OuterRef("pk"), **conditions).order_by()
    return Subquery(invitations.values(n=Func("event", function="COUNT")), output_field=IntegerField())
