"""The concern emails (ABD-004): the other side hears a concern was raised, and the school that it closed.

The AB raising one tells the school's induction tutors; a tutor raising one tells AB staff; closing it
tells the tutors. The email names the ECT and links to the concern, never its text: the portal is
where it is read, by those allowed to. Each step's notice is sent once (hubportal.lib.outbox).
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from appropriate_body.assessments.signers import school_tutor_emails
from appropriate_body.inductions.contacts import named_contact_choices
from appropriate_body.models import Concern, ConcernNotice
from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver


@shared_task(name="appropriate_body.tasks.send_concern_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_concern_notices(self, notice_ids: list[int]) -> None:
    deliver(self, ConcernNotice, notice_ids, concern_message)


def concern_recipients(notice: ConcernNotice) -> list[str]:
    concern = notice.concern
    if notice.kind == ConcernNotice.Kind.RAISED and concern.raised_as == Concern.RaisedAs.SCHOOL:
        return list(named_contact_choices().order_by("email").values_list("email", flat=True))
    return school_tutor_emails(concern.school_id)


def concern_message(notice_id: int) -> EmailMessage | None:
    """The email for one notice; None when there is nobody to tell."""
    notice = ConcernNotice.objects.select_related("concern__induction__teacher", "concern__school", "concern__raised_by").get(pk=notice_id)
    emails = concern_recipients(notice)
    if not emails:
        return None
    concern = notice.concern
    message = build_email("concern_notice", emails[0], {
        "kind": notice.kind, "concern": concern, "teacher": concern.induction.teacher, "school": concern.school,
        "url": settings.SITE_URL + reverse("appropriate_body:concern_detail", args=[concern.public_id]),
    })
    # A school's few tutors, or the AB's few staff, on one message: each sees who else was told.
    message.to = emails
    return message
