"""When each report last reached the AB, stored on it (Assessment.awaiting_review_since) while it waits.

"Reports to check" reads this one column through a partial index rather than working out, for every finished
report, whether it was accepted and when it was last resubmitted, and sorting them all to show five. Each
function that submits, signs, returns, resubmits or accepts a report, or otherwise moves its status, calls
refresh_awaiting_review for it in its own transaction; the nightly check of stored state
(hubportal.lib.stored_state) works every report out again and corrects any that drifted.
"""

from collections.abc import Iterable

from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from appropriate_body.models import Assessment, AssessmentStatus, ReportReview, ReviewOutcome
from hubportal.lib.stored_state import StoredState, ids_to_refresh

# What the AB can check: what the school has finished (PR-003, FA-005).
REVIEWABLE = (AssessmentStatus.SUBMITTED, AssessmentStatus.SIGNED)


def reached_ab_now() -> Coalesce:
    """When the outer report last came to the AB: its latest resubmission, or else when the ECT signed (an
    assessment) or the tutor submitted (a review)."""
    resubmitted = (ReportReview.objects.filter(assessment=OuterRef("pk"), resubmitted_at__isnull=False)
                   .order_by("-resubmitted_at").values("resubmitted_at")[:1])
    return Coalesce(Subquery(resubmitted), "ect_signed_at", "submitted_at")


def awaiting_review_since_now() -> Case:
    """reached_ab_now() while the outer report is finished and not yet accepted; NULL otherwise."""
    accepted = ReportReview.objects.filter(assessment=OuterRef("pk"), outcome=ReviewOutcome.ACCEPTED)
    return Case(When(Q(status__in=REVIEWABLE) & ~Exists(accepted), then=reached_ab_now()),
                default=None, output_field=DateTimeField())


def refresh_awaiting_review(assessment_ids: Iterable[int]) -> int:
    """Work out these reports' stored time again, in one UPDATE."""
    ids = ids_to_refresh(assessment_ids)
    if not ids:
        return 0
    return Assessment.objects.filter(pk__in=ids).update(awaiting_review_since=awaiting_review_since_now())


def drifted_reports(assessments: QuerySet[Assessment] | None = None) -> QuerySet[Assessment]:
    """The reports whose stored time differs from what their status and reviews say now."""
    assessments = Assessment.objects.all() if assessments is None else assessments
    return assessments.annotate(since_now=awaiting_review_since_now()).filter(
        Q(awaiting_review_since__isnull=True, since_now__isnull=False)
        | Q(awaiting_review_since__isnull=False, since_now__isnull=True)
        | (Q(awaiting_review_since__isnull=False) & ~Q(awaiting_review_since=F("since_now")))
    )


AWAITING_REVIEW = StoredState(name="review state", rows="report(s)", drifted=drifted_reports, refresh=refresh_awaiting_review)
