"""Accounts' scheduled jobs: invitations (and headteacher confirmation requests) a dead worker left unsent, and old invitations cleared away."""

from celery import shared_task

from hubportal.lib.outbox import requeue_stuck
from participants.accounts.invitations import expire_old_invitations
from participants.models import HeadteacherConfirmation, Invitation


@shared_task(name="participants.tasks.requeue_stuck_invitations")
def requeue_stuck_invitations() -> int:
    """Invitations, and requests to confirm a headteacher, still waiting (a worker died, a message was lost) go to a worker again."""
    return (requeue_stuck(Invitation, "participants.tasks.send_invitation_emails")
            + requeue_stuck(HeadteacherConfirmation, "participants.tasks.send_headteacher_confirmation_requests"))


@shared_task(name="participants.tasks.expire_invitations")
def expire_invitations() -> int:
    return expire_old_invitations()

