"""The assessment emails: reminders to the school's tutors as a review or assessment falls due, and the
notice telling whoever acts next that it is their turn (PR-003, FA-005). Each is sent once (hubportal.lib.outbox)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from appropriate_body.assessments.notices import AUDIENCE, ECT, notice_due, recipients
from appropriate_body.assessments.signers import school_tutor_emails
from appropriate_body.models import AssessmentNotice, AssessmentReminder
from appropriate_body.models.assessments import OPEN_STATUSES
from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver


@shared_task(name="appropriate_body.tasks.send_assessment_reminders", bind=True, max_retries=5, default_retry_delay=60)
def send_assessment_reminders(self, reminder_ids: list[int]) -> None:
    deliver(self, AssessmentReminder, reminder_ids, reminder_message)


@shared_task(name="appropriate_body.tasks.send_assessment_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_assessment_notices(self, notice_ids: list[int]) -> None:
    """Whoever acts next on a review or assessment hears it is their turn (PR-003, FA-005); each notice once."""
    deliver(self, AssessmentNotice, notice_ids, notice_message)


def reminder_message(reminder_id: int):
    """The email for one reminder; None when there is nothing left to chase or nobody to tell."""
    reminder = AssessmentReminder.objects.select_related(
        "assessment__induction__teacher", "assessment__induction_period__school").get(pk=reminder_id)
    assessment = reminder.assessment
    emails = school_tutor_emails(assessment.induction_period.school_id)
    if assessment.status not in OPEN_STATUSES or not emails:
        return None
    school = assessment.induction_period.school
    url = settings.SITE_URL + reverse("appropriate_body:assessment_page", args=[school.urn, assessment.public_id])
    message = build_email("assessment_reminder", emails[0], {
        "reminder": reminder, "assessment": assessment, "teacher": assessment.induction.teacher, "school": school, "url": url,
    })
    # The school's few tutors on one message: each sees who else was told.
    message.to = emails
    return message


def notice_message(notice_id: int) -> EmailMessage | None:
    """The email for one notice; None when its step has passed or there is nobody to tell."""
    notice = AssessmentNotice.objects.select_related(
        "assessment__induction__teacher__user", "assessment__induction_period__school").get(pk=notice_id)
    assessment = notice.assessment
    if notice_due(assessment) != notice.kind or notice.round != assessment.review_round:
        return None
    emails = recipients(notice.kind, assessment)
    if not emails:
        return None
    school = assessment.induction_period.school
    to_ect = AUDIENCE[notice.kind] == ECT
    # The ECT acts on their own page; the tutors and headteacher on the school's page for the record.
    path = (reverse("appropriate_body:my_assessment", args=[assessment.public_id]) if to_ect
            else reverse("appropriate_body:assessment_page", args=[school.urn, assessment.public_id]))
    message = build_email("assessment_turn", emails[0], {
        "kind": notice.kind, "assessment": assessment, "teacher": assessment.induction.teacher, "school": school,
        "url": settings.SITE_URL + path,
    })
    # The school's few tutors (or headteachers) on one message, as with the reminders: each sees who else was told.
    message.to = emails
    return message
