"""Celery tasks for people and accounts. Tasks take ids and re-load what they need."""

from celery import shared_task

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver, requeue_stuck

from participants.accounts.invitations import expire_old_invitations, invitation_url
from participants.models import Invitation


@shared_task(name="participants.tasks.send_invitation_email", bind=True, max_retries=5, default_retry_delay=60)
def send_invitation_email(self, invitation_id: int) -> None:
    deliver(self, Invitation, [invitation_id], _invitation_message)


@shared_task(name="participants.tasks.send_invitation_emails", bind=True, max_retries=5, default_retry_delay=60)
def send_invitation_emails(self, invitation_ids: list[int]) -> None:
    """A chunk of invitations (a CSV of ECTs) over one SMTP connection."""
    deliver(self, Invitation, invitation_ids, _invitation_message)


def _invitation_message(invitation_id: int):
    invitation = Invitation.objects.select_related("school", "invited_by").get(pk=invitation_id)
    return build_email("invitation", invitation.email, {"invitation": invitation, "accept_url": invitation_url(invitation)})


@shared_task(name="participants.tasks.requeue_stuck_invitations")
def requeue_stuck_invitations() -> int:
    """Invitations still waiting (a worker died, a message was lost) go to a worker again."""
    return requeue_stuck(Invitation, send_invitation_emails)


@shared_task(name="participants.tasks.expire_invitations")
def expire_invitations() -> int:
    return expire_old_invitations()

