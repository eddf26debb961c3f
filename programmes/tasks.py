"""Celery tasks for events. Tasks take ids and re-load what they need."""

from datetime import timedelta

from celery import shared_task

from hubportal.emails import build_email
from hubportal.outbox import deliver, requeue_stuck

from .calendar import event_ics
from .models import EventInvitation, EventNotice


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_event_invitations(self, invitation_ids: list[int]) -> None:
    """A chunk of event invitations over one SMTP connection, each sent once (hubportal.outbox)."""
    deliver(self, EventInvitation, invitation_ids, _event_invitation_message)


def _event_invitation_message(invitation_id: int):
    from .event_invitations import reply_url

    invitation = EventInvitation.objects.select_related("event").get(pk=invitation_id)
    if invitation.event.cancelled_at:
        return None
    message = build_email(
        "event_invitation", invitation.email, {"invitation": invitation, "event": invitation.event, "reply_url": reply_url(invitation)}
    )
    message.attach("invitation.ics", event_ics(invitation.event), "text/calendar; method=PUBLISH; charset=utf-8")
    return message


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_event_notices(self, notice_ids: list[int]) -> None:
    deliver(self, EventNotice, notice_ids, _notice_message)


def _notice_message(notice_id: int):
    from .event_invitations import reply_url

    notice = EventNotice.objects.select_related("invitation__event").get(pk=notice_id)
    invitation = notice.invitation
    if notice.kind == EventNotice.Kind.CANCELLED:
        message = build_email("event_cancelled", invitation.email, {"invitation": invitation, "event": invitation.event})
        message.attach("cancelled.ics", event_ics(invitation.event), "text/calendar; method=CANCEL; charset=utf-8")
        return message
    if invitation.event.cancelled_at:
        return None
    if notice.kind == EventNotice.Kind.PLACE_OFFERED and invitation.place != invitation.Place.OFFERED:
        return None
    if notice.kind != EventNotice.Kind.PLACE_OFFERED and invitation.place != invitation.Place.CONFIRMED:
        return None
    context = {"invitation": invitation, "event": invitation.event, "reply_url": reply_url(invitation)}
    return build_email(f"event_{notice.kind}", invitation.email, context)


@shared_task
def lapse_place_offers() -> int:
    from .replies import lapse_expired_offers

    return lapse_expired_offers()


@shared_task
def send_event_reminders() -> int:
    from .replies import queue_reminders

    return queue_reminders()


@shared_task
def requeue_stuck_emails(queued_before_seconds: int = 120) -> int:
    """Every event email still waiting (a worker died, a message was lost) goes to a worker again."""
    before = timedelta(seconds=queued_before_seconds)
    return requeue_stuck(EventInvitation, send_event_invitations, queued_before=before) + requeue_stuck(
        EventNotice, send_event_notices, queued_before=before
    )
