"""Celery tasks for people and accounts. Tasks take ids and re-load what they need."""

import logging
import smtplib
import socket
from datetime import timedelta

from celery import shared_task
from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone

from hubportal.emails import build_email

from .invitations import expire_old_invitations, invitation_url
from .models import Invitation

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died mid-send; the redelivered task may take it over.
# (If that worker had already handed the message to the mail server, this one sends it again: the one
# duplicate we accept rather than an invitation that is never sent.)
STALE_CLAIM = timedelta(minutes=10)

# Worth another try: the mail server was briefly away. Anything else is final.
TRANSIENT_SMTP_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, ConnectionError)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_invitation_email(self, invitation_id: int) -> None:
    _deliver(self, [invitation_id])


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_invitation_emails(self, invitation_ids: list[int]) -> None:
    """A chunk of invitations (a CSV of ECTs) over one SMTP connection."""
    _deliver(self, invitation_ids)


def _claim(invitation_id: int) -> bool:
    # Claim the outbox row first: a redelivered or repeated task finds it taken and sends nothing.
    now = timezone.now()
    claimable = Q(email_state=Invitation.EmailState.QUEUED) | Q(
        email_state=Invitation.EmailState.SENDING, email_claimed_at__lt=now - STALE_CLAIM
    )
    return bool(
        Invitation.objects.filter(claimable, pk=invitation_id).update(
            email_state=Invitation.EmailState.SENDING, email_claimed_at=now
        )
    )


def _deliver(task, invitation_ids: list[int]) -> None:
    """Send each claimable invitation once; retry the whole chunk on a transient SMTP failure.

    A retry re-runs the chunk, and rows already sent are no longer claimable, so nobody
    gets a second email and nobody after the failure is skipped.
    """
    try:
        with get_connection() as connection:
            for invitation_id in invitation_ids:
                if not _claim(invitation_id):
                    logger.info("Invitation %s is not queued; nothing to send", invitation_id)
                    continue
                invitation = Invitation.objects.select_related("school", "invited_by").get(pk=invitation_id)
                message = build_email(
                    "invitation", invitation.email, {"invitation": invitation, "accept_url": invitation_url(invitation)}
                )
                try:
                    connection.send_messages([message])
                except TRANSIENT_SMTP_ERRORS:
                    Invitation.objects.filter(pk=invitation_id).update(email_state=Invitation.EmailState.QUEUED)
                    raise
                except (smtplib.SMTPException, OSError) as exc:
                    _record_failure(invitation_id, exc)
                    continue
                Invitation.objects.filter(pk=invitation_id).update(
                    email_state=Invitation.EmailState.SENT, email_sent_at=timezone.now(), email_error=""
                )
    except TRANSIENT_SMTP_ERRORS as exc:
        if task.request.retries < task.max_retries:
            raise task.retry(exc=exc) from exc
        for invitation_id in invitation_ids:
            if Invitation.objects.filter(pk=invitation_id, email_state=Invitation.EmailState.QUEUED).exists():
                _record_failure(invitation_id, exc)
    except (smtplib.SMTPException, OSError) as exc:
        # The connection itself was refused for good (bad credentials, say): nothing in the chunk went.
        for invitation_id in invitation_ids:
            if Invitation.objects.filter(pk=invitation_id, email_state=Invitation.EmailState.QUEUED).exists():
                _record_failure(invitation_id, exc)


def _record_failure(invitation_id: int, exc: Exception) -> None:
    logger.warning("Invitation %s could not be sent: %s", invitation_id, exc)
    Invitation.objects.filter(pk=invitation_id).update(
        email_state=Invitation.EmailState.FAILED, email_error=f"{type(exc).__name__}: {exc}"[:500]
    )


@shared_task
def expire_invitations() -> int:
    return expire_old_invitations()


# CSV registration (participants.bulk_registration): large files are checked and saved here.


@shared_task
def validate_registration_upload(upload_id: int) -> None:
    from .bulk_registration import SOMETHING_WENT_WRONG, fail_upload, validate_upload

    try:
        validate_upload(upload_id, today=timezone.localdate(), report_progress=True)
    except Exception:
        # Not retried: the same file would fail the same way. The school sees it failed, not a stuck bar.
        logger.exception("Checking registration upload %s failed", upload_id)
        fail_upload(upload_id, SOMETHING_WENT_WRONG)


@shared_task
def save_registration_upload(upload_id: int, actor_id: int | None) -> None:
    from .bulk_registration import SOMETHING_WENT_WRONG, fail_upload, save_upload
    from .models import User

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        # Idempotent: save_upload only acts on an upload claimed for saving, under a row lock.
        save_upload(upload_id, actor=actor, today=timezone.localdate(), report_progress=True)
    except Exception:
        logger.exception("Saving registration upload %s failed", upload_id)
        fail_upload(upload_id, SOMETHING_WENT_WRONG)


@shared_task
def purge_registration_uploads() -> int:
    """DP-002: CSV contents and the names in their problems go within 24 hours."""
    from .bulk_registration import purge_old_uploads

    return purge_old_uploads()
