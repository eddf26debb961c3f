"""The invitation to set up an account, one per invitation, and the request to confirm a new headteacher;
each sent once (hubportal.lib.outbox)."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver
from participants.accounts.invitations import invitation_url
from participants.accounts.roles import confirmer_emails
from participants.models import HeadteacherConfirmation, Invitation


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


@shared_task(name="participants.tasks.send_headteacher_confirmation_requests", bind=True, max_retries=5, default_retry_delay=60)
def send_headteacher_confirmation_requests(self, request_ids: list[int]) -> None:
    """For each waiting headteacher, one email to those who may confirm them: hub staff and the school's confirmed headteacher."""
    deliver(self, HeadteacherConfirmation, request_ids, _confirmation_message)


def _confirmation_message(request_id: int):
    request = HeadteacherConfirmation.objects.select_related("user", "school", "requested_by").get(pk=request_id)
    if request.decision != HeadteacherConfirmation.Decision.PENDING:
        return None  # decided before the email went: nothing left to ask
    emails = confirmer_emails(request)
    if not emails:
        return None
    message = build_email("headteacher_confirmation", emails[0], {
        "request": request, "url": settings.SITE_URL + reverse("participants:headteacher_confirmations"),
    })
    # The few confirmers on one message: each sees who else was asked.
    message.to = emails
    return message
