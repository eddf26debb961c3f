"""The emails of the AB's check: the school's tutors when a report is returned, the reviewer when it is back.

Each is sent once (hubportal.lib.outbox); they say what happened and where, never the comments or the
record (DP-003: those stay behind sign-in).
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from appropriate_body.assessments.signers import school_tutor_emails
from appropriate_body.models import AssessmentStatus, ReportReviewNotice
from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver
from participants.models import Role, User

Kind = ReportReviewNotice.Kind


@shared_task(name="appropriate_body.tasks.send_report_review_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_report_review_notices(self, notice_ids: list[int]) -> None:
    deliver(self, ReportReviewNotice, notice_ids, review_notice_message)


def ab_staff_emails(reviewer: User) -> list[str]:
    """The reviewer who returned it; if they have left the AB, every active AB staff member."""
    if reviewer.is_active and reviewer.role_assignments.filter(role=Role.AB_STAFF).exists():
        return [reviewer.email]
    return list(User.objects.filter(is_active=True, role_assignments__role=Role.AB_STAFF)
                .order_by("email").values_list("email", flat=True).distinct())


def review_notice_message(notice_id: int) -> EmailMessage | None:
    """The email for one notice; None when the step has passed (resubmitted before the email went) or nobody is left."""
    notice = ReportReviewNotice.objects.select_related(
        "review__reviewed_by", "review__assessment__induction__teacher", "review__assessment__induction_period__school").get(pk=notice_id)
    review, assessment = notice.review, notice.review.assessment
    school = assessment.induction_period.school
    if notice.kind == Kind.RETURNED:
        if assessment.status != AssessmentStatus.RETURNED or review.resubmitted_at is not None:
            return None
        emails = school_tutor_emails(school.pk)
        path = reverse("appropriate_body:assessment_page", args=[school.urn, assessment.public_id])
    else:
        emails = ab_staff_emails(review.reviewed_by)
        path = reverse("appropriate_body:review_report", args=[assessment.public_id])
    if not emails:
        return None
    message = build_email("report_review", emails[0], {
        "kind": notice.kind, "assessment": assessment, "teacher": assessment.induction.teacher, "school": school,
        "url": settings.SITE_URL + path,
    })
    message.to = emails  # the school's few tutors on one message, as with the assessment emails
    return message
