"""The school each check of a report was of, copied onto the check (ReportReview.school) when it is made.

The QA queue asks which schools had reports returned in the last year; read from the returns alone, through a
partial index, rather than by joining each return to its report and the report to its period (at 87 hubs' size, 1,200
returns a year cost 20-70 ms that way). A report's period never changes school, so the copy is made once, by the
function that makes the check; the nightly check of stored state (hubportal.lib.stored_state) compares every copy
with the report's period and corrects any that differ.
"""

from collections.abc import Iterable

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from appropriate_body.models import Assessment, ReportReview
from hubportal.lib.stored_state import StoredState, ids_to_refresh


def school_now() -> Subquery:
    """The school of the outer check's report's period."""
    return Subquery(Assessment.objects.filter(pk=OuterRef("assessment_id")).order_by().values("induction_period__school_id")[:1])


def refresh_review_schools(review_ids: Iterable[int]) -> int:
    """Copy the school onto these checks again, in one UPDATE."""
    ids = ids_to_refresh(review_ids)
    if not ids:
        return 0
    return ReportReview.objects.filter(pk__in=ids).update(school_id=school_now())


def drifted_reviews() -> QuerySet[ReportReview]:
    """The checks whose copied school is missing or is not their report's period's."""
    return ReportReview.objects.annotate(school_fresh=school_now()).filter(Q(school__isnull=True) | ~Q(school_id=F("school_fresh")))


REVIEW_SCHOOL = StoredState(name="report check school", rows="check(s)", drifted=drifted_reviews, refresh=refresh_review_schools)
