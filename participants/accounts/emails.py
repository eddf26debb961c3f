"""The invitation to set up an account, one per invitation, sent once (hubportal.lib.outbox)."""

from celery import shared_task

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver
from participants.accounts.invitations import invitation_url
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
