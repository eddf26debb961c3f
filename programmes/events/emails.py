"""The event emails: invitations (with the event's .ics and the reply link), and the notices that follow
(a place offered, reminders, a school's booking, a new time or place, a cancellation). Each is an outbox row sent once
(hubportal.lib.outbox); a confirmed place at an event with a venue carries its check-in code.
"""

from celery import shared_task

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver
from programmes.attendance.checkin import attach_checkin_qr, short_code
from programmes.events.calendar import event_ics
from programmes.events.events import TOLD_OF_CHANGES
from programmes.events.links import reply_url
from programmes.models import EventInvitation, EventNotice


@shared_task(name="programmes.tasks.send_event_invitations", bind=True, max_retries=5, default_retry_delay=60)
def send_event_invitations(self, invitation_ids: list[int]) -> None:
    """A chunk of event invitations over one SMTP connection, each sent once (hubportal.outbox)."""
    deliver(self, EventInvitation, invitation_ids, ChunkOfInvitations(invitation_ids).message)


class ChunkOfInvitations:
    """Builds a chunk's invitation emails: its rows in one query, and each event's .ics once.

    The rows are read before each is claimed; what a claim protects is that each is sent once,
    and a change in the milliseconds between (a cancellation) is caught by the next send anyway.
    """

    def __init__(self, invitation_ids: list[int]):
        self.rows = EventInvitation.objects.select_related("event", "booked_by", "school").in_bulk(invitation_ids)
        self.calendars: dict[int, bytes] = {}

    def message(self, invitation_id: int):
        invitation = self.rows.get(invitation_id)
        if invitation is None:
            return None
        if invitation.event_id not in self.calendars:
            self.calendars[invitation.event_id] = event_ics(invitation.event)
        return _invitation_message(invitation, self.calendars[invitation.event_id])


def _invitation_message(invitation: EventInvitation, ics: bytes):
    if invitation.event.cancelled_at:
        return None
    if invitation.booked_by_id:
        # Their school booked the place before this invitation went: one email says so (programmes.school_bookings).
        return _booked_message(invitation, ics)
    message = build_email(
        "event_invitation", invitation.email, {"invitation": invitation, "event": invitation.event, "reply_url": reply_url(invitation)}
    )
    message.attach("invitation.ics", ics, "text/calendar; method=PUBLISH; charset=utf-8")
    return message


def _booked_message(invitation: EventInvitation, ics: bytes | None = None):
    """Booked by their school: a place (with the check-in code) or a spot on the waiting list."""
    if invitation.place not in (invitation.Place.CONFIRMED, invitation.Place.WAITING, invitation.Place.OFFERED):
        return None
    booker = invitation.booked_by.get_full_name() or invitation.booked_by.email if invitation.booked_by else "Your induction tutor"
    context = {"invitation": invitation, "event": invitation.event, "reply_url": reply_url(invitation), "booker": booker}
    has_code = invitation.place == invitation.Place.CONFIRMED and invitation.event.venue
    if has_code:
        context["checkin_code"] = short_code(invitation)
    message = build_email("event_booked", invitation.email, context)
    message.attach("invitation.ics", ics or event_ics(invitation.event), "text/calendar; method=PUBLISH; charset=utf-8")
    return attach_checkin_qr(message, invitation) if has_code else message


@shared_task(name="programmes.tasks.send_event_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_event_notices(self, notice_ids: list[int]) -> None:
    deliver(self, EventNotice, notice_ids, _notice_message)


def _changed_message(notice: EventNotice):
    """The new time or place, with the calendar file that moves the entry (same UID, the event's new sequence)."""
    invitation, event = notice.invitation, notice.invitation.event
    # Changed again since (its notice is on the way), or no longer holding or waiting for a place.
    if notice.sequence < event.sequence or invitation.place not in TOLD_OF_CHANGES:
        return None
    message = build_email("event_changed", invitation.email, {"invitation": invitation, "event": event, "reply_url": reply_url(invitation)})
    message.attach("invitation.ics", event_ics(event), "text/calendar; method=PUBLISH; charset=utf-8")
    return message


def _notice_message(notice_id: int):
    notice = EventNotice.objects.select_related("invitation__event", "invitation__booked_by", "invitation__school").get(pk=notice_id)
    invitation = notice.invitation
    if notice.kind == EventNotice.Kind.CANCELLED:
        message = build_email("event_cancelled", invitation.email, {"invitation": invitation, "event": invitation.event})
        message.attach("cancelled.ics", event_ics(invitation.event), "text/calendar; method=CANCEL; charset=utf-8")
        return message
    if invitation.event.cancelled_at:
        return None
    if notice.kind == EventNotice.Kind.CHANGED:
        return _changed_message(notice)
    if notice.kind == EventNotice.Kind.BOOKED:
        return _booked_message(invitation)
    if notice.kind == EventNotice.Kind.PLACE_OFFERED and invitation.place != invitation.Place.OFFERED:
        return None
    if notice.kind != EventNotice.Kind.PLACE_OFFERED and invitation.place != invitation.Place.CONFIRMED:
        return None
    context = {"invitation": invitation, "event": invitation.event, "reply_url": reply_url(invitation)}
    # Reminders go to confirmed places only (checked above): theirs is the code to show at the door.
    # An online-only event has no door, so its reminders carry no code.
    is_reminder = notice.kind in (EventNotice.Kind.REMINDER_WEEK, EventNotice.Kind.REMINDER_DAY)
    if not (is_reminder and invitation.event.venue):
        return build_email(f"event_{notice.kind}", invitation.email, context)
    message = build_email(f"event_{notice.kind}", invitation.email, {**context, "checkin_code": short_code(invitation)})
    return attach_checkin_qr(message, invitation)
