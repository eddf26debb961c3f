"""The emails of the AB's check, made in the step's own transaction and sent once it commits (hubportal.lib.outbox).

Apart from report_reviews so that the assessments' signing step can tell the AB a returned report is
back (signed again) without importing the module that imports it.
"""

from appropriate_body.models import Assessment, ReportReview, ReportReviewNotice, ReviewOutcome
from hubportal.lib.queue import queue_on_commit

Kind = ReportReviewNotice.Kind
SEND_TASK = "appropriate_body.tasks.send_report_review_notices"


def queue_review_notice(review: ReportReview, kind: str) -> ReportReviewNotice:
    """Call inside the step's transaction. The unique (review, kind) makes each once: a retried step queues nothing more."""
    notice, created = ReportReviewNotice.objects.get_or_create(review=review, kind=kind)
    if created:
        queue_on_commit(SEND_TASK, [notice.pk])
    return notice


def signed_again(assessment: Assessment) -> ReportReviewNotice | None:
    """A returned report whose changes were signed again by all three is back with the AB: tell the reviewer."""
    if assessment.review_round == 0:
        return None
    review = (ReportReview.objects.filter(assessment=assessment, outcome=ReviewOutcome.RETURNED, resubmitted_at__isnull=False)
              .order_by("-reviewed_at", "-pk").first())
    return queue_review_notice(review, Kind.RESUBMITTED) if review is not None else None
