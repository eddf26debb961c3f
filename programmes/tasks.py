"""Celery tasks for events. Tasks take ids and re-load what they need."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver, requeue_stuck

from programmes.events.calendar import event_ics
from programmes.attendance.checkin import attach_checkin_qr, short_code
from .models import CertificateNotice, EventInvitation, EventNotice, SurveyNotice


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
    from programmes.events.invitations import reply_url

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
    from programmes.events.invitations import reply_url

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


def _notice_message(notice_id: int):
    from programmes.events.invitations import reply_url

    notice = EventNotice.objects.select_related("invitation__event", "invitation__booked_by", "invitation__school").get(pk=notice_id)
    invitation = notice.invitation
    if notice.kind == EventNotice.Kind.CANCELLED:
        message = build_email("event_cancelled", invitation.email, {"invitation": invitation, "event": invitation.event})
        message.attach("cancelled.ics", event_ics(invitation.event), "text/calendar; method=CANCEL; charset=utf-8")
        return message
    if invitation.event.cancelled_at:
        return None
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


@shared_task(name="programmes.tasks.lapse_place_offers")
def lapse_place_offers() -> int:
    from programmes.events.replies import lapse_expired_offers

    return lapse_expired_offers()


@shared_task(name="programmes.tasks.send_event_reminders")
def send_event_reminders() -> int:
    from programmes.events.replies import queue_reminders

    return queue_reminders()


@shared_task(name="programmes.tasks.requeue_stuck_emails")
def requeue_stuck_emails(queued_before_seconds: int = 120) -> int:
    """Every event and evaluation email still waiting (a worker died, a message was lost) goes to a worker again."""
    before = timedelta(seconds=queued_before_seconds)
    return (requeue_stuck(EventInvitation, send_event_invitations, queued_before=before)
            + requeue_stuck(EventNotice, send_event_notices, queued_before=before)
            + requeue_stuck(SurveyNotice, send_survey_notices, queued_before=before))


# Long enough for a full disk or a busy storage service to recover; short enough to finish the batch today.
CERTIFICATE_RETRY_SECONDS = 30


@shared_task(name="programmes.tasks.render_certificates")
def render_certificates(certificate_ids: list[int]) -> dict:
    """Render a chunk of certificates as one document (programmes.certificate_rendering).

    Those that failed with tries left come back later as a smaller task of their own; the
    attempts are counted on each row, so the retries end however often this is redelivered.
    """
    from programmes.certificates.rendering import render_chunk

    result = render_chunk(certificate_ids)
    if result.retry:
        render_certificates.apply_async((result.retry,), countdown=CERTIFICATE_RETRY_SECONDS)
    return {"rendered": len(result.rendered), "retry": len(result.retry), "failed": len(result.failed)}



@shared_task(name="programmes.tasks.send_certificate_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_certificate_notices(self, notice_ids: list[int]) -> None:
    deliver(self, CertificateNotice, notice_ids, _certificate_notice_message)


def _certificate_notice_message(notice_id: int):
    from django.urls import reverse

    notice = CertificateNotice.objects.select_related("certificate").get(pk=notice_id)
    certificate = notice.certificate
    if certificate.revoked_at or not certificate.is_ready:
        return None
    return build_email("certificate_ready", certificate.email, {
        "certificate": certificate,
        "certificates_url": settings.SITE_URL + reverse("programmes:my_certificates"),
    })


@shared_task(name="programmes.tasks.send_survey_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_survey_notices(self, notice_ids: list[int]) -> None:
    from programmes.evaluations.notices import notice_message

    today = timezone.localdate()
    deliver(self, SurveyNotice, notice_ids, lambda notice_id: notice_message(notice_id, today=today))


@shared_task(name="programmes.tasks.announce_open_surveys")
def announce_open_surveys() -> int:
    """Daily: evaluations that open today (or opened while nobody announced them) email the people they are for."""
    from programmes.evaluations.notices import announce_opening

    return announce_opening(today=timezone.localdate())


@shared_task(name="programmes.tasks.requeue_stuck_certificates")
def requeue_stuck_certificates(queued_before_seconds: int = 300) -> int:
    """Certificates whose rendering or email is stuck (a worker died, a message was lost) go to a worker again."""
    from programmes.certificates.rendering import stuck_certificate_ids
    from programmes.certificates.certificates import queue_rendering

    before = timedelta(seconds=queued_before_seconds)
    ids = stuck_certificate_ids(before)
    queue_rendering(ids)
    return len(ids) + requeue_stuck(CertificateNotice, send_certificate_notices, queued_before=before)


@shared_task(name="programmes.tasks.move_ecte_year_one_into_year_two")
def move_ecte_year_one_into_year_two() -> int:
    """1 September: the academic year that just ended moves its Year 1 ECTs into Year 2 (programmes.year_end)."""
    from django.utils import timezone

    from programmes.cohorts.cohorts import academic_year_of
    from programmes.cohorts.year_end import move_year_one_into_year_two

    today = timezone.localdate()
    return move_year_one_into_year_two(academic_year_of(today) - 1, today=today)
