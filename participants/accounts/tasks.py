"""Accounts' scheduled jobs: invitations a dead worker left unsent, and old invitations cleared away.

(The registration upload tasks below are on their way to registration.uploads.)
"""

import logging

from celery import shared_task
from django.utils import timezone

from hubportal.lib.outbox import requeue_stuck
from participants.accounts.invitations import expire_old_invitations
from participants.models import Invitation

logger = logging.getLogger(__name__)


@shared_task(name="participants.tasks.requeue_stuck_invitations")
def requeue_stuck_invitations() -> int:
    """Invitations still waiting (a worker died, a message was lost) go to a worker again."""
    return requeue_stuck(Invitation, "participants.tasks.send_invitation_emails")


@shared_task(name="participants.tasks.expire_invitations")
def expire_invitations() -> int:
    return expire_old_invitations()


# CSV registration (participants.bulk_registration): large files are checked and saved here.


@shared_task(name="participants.tasks.validate_registration_upload")
def validate_registration_upload(upload_id: int) -> None:
    from registration.uploads.bulk import SOMETHING_WENT_WRONG, fail_upload, validate_upload

    try:
        validate_upload(upload_id, today=timezone.localdate(), report_progress=True)
    except Exception:
        # Not retried: the same file would fail the same way. The school sees it failed, not a stuck bar.
        logger.exception("Checking registration upload %s failed", upload_id)
        fail_upload(upload_id, SOMETHING_WENT_WRONG)


@shared_task(name="participants.tasks.save_registration_upload")
def save_registration_upload(upload_id: int, actor_id: int | None) -> None:
    from participants.models import User
    from registration.uploads.bulk import SOMETHING_WENT_WRONG, fail_upload, save_upload

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        # Idempotent: save_upload only acts on an upload claimed for saving, under a row lock.
        save_upload(upload_id, actor=actor, today=timezone.localdate(), report_progress=True)
    except Exception:
        logger.exception("Saving registration upload %s failed", upload_id)
        fail_upload(upload_id, SOMETHING_WENT_WRONG)


@shared_task(name="participants.tasks.purge_registration_uploads")
def purge_registration_uploads() -> int:
    """DP-002: CSV contents and the names in their problems go within 24 hours."""
    from registration.uploads.bulk import purge_old_uploads

    return purge_old_uploads()
