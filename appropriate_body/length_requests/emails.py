"""The length request emails (ABD-007): each notice row sent once (hubportal.lib.outbox)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from appropriate_body.length_requests.notices import recipients
from appropriate_body.models import LengthRequestNotice
from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver


@shared_task(name="appropriate_body.tasks.send_length_request_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_length_request_notices(self, notice_ids: list[int]) -> None:
    deliver(self, LengthRequestNotice, notice_ids, notice_message)


def notice_message(notice_id: int) -> EmailMessage | None:
    """The email for one notice; None when there is nobody to tell. It names the request, never its evidence (DP-004)."""
    notice = LengthRequestNotice.objects.select_related("request__induction__teacher__user", "request__school").get(pk=notice_id)
    emails = recipients(notice)
    if not emails:
        return None
    request = notice.request
    url = settings.SITE_URL + reverse("appropriate_body:length_request", args=[request.public_id])
    message = build_email("length_request", emails[0], {
        "kind": notice.kind, "request": request, "teacher": request.induction.teacher, "school": request.school, "url": url,
    })
    # A school's few tutors, or the AB's staff, on one message: each sees who else was told.
    message.to = emails
    return message
