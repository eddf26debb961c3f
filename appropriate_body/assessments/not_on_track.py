"""Whether a report is its ECT's latest recorded one and says not on track, stored on it (Assessment.latest_not_on_track).

"ECTs not on track" (the to-do list) and the QA queue's first signal read this column through a partial index in the
list's order, rather than finding, for every not-on-track report, whether a later one was recorded and whether the
induction is still open. It depends on every report of the induction (status, on_track, due date) and on whether the
induction has an open period, so it is worked out per induction: each function that records a report, moves it out of
recorded (a return) or back, or opens or finishes a period calls refresh_not_on_track for the inductions it touched, in
its own transaction; the nightly check of stored state (hubportal.lib.stored_state) works every report out again and
corrects any that drifted.
"""

from collections.abc import Iterable

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When

from appropriate_body.models import Assessment, AssessmentStatus, InductionPeriod
from hubportal.lib.stored_state import StoredState, ids_to_refresh

# A review or assessment whose judgement is written down (submitted, or on its way to being signed).
RECORDED = (AssessmentStatus.SUBMITTED, AssessmentStatus.AWAITING_ECT_COMMENTS, AssessmentStatus.AWAITING_SIGNATURES, AssessmentStatus.SIGNED)


def latest_not_on_track_now() -> Case:
    """PR-004, FA-006: the outer report is recorded and not on track, no later one is recorded for its ECT (by due
    date, then id), and the induction is still open."""
    later = Assessment.objects.filter(induction=OuterRef("induction"), status__in=RECORDED).filter(
        Q(due_on__gt=OuterRef("due_on")) | Q(due_on=OuterRef("due_on"), pk__gt=OuterRef("pk")))
    open_period = InductionPeriod.objects.filter(induction=OuterRef("induction"), finished_on__isnull=True)
    # A Case, not the condition itself: on_track is NULL until judged, and the column takes no NULL.
    return Case(When(Q(status__in=RECORDED, on_track=False) & ~Exists(later) & Exists(open_period), then=Value(True)),
                default=Value(False), output_field=BooleanField())


def refresh_not_on_track(induction_ids: Iterable[int]) -> int:
    """Work out the flag on every report of these inductions again, in one UPDATE (a report's depends on the others)."""
    ids = ids_to_refresh(induction_ids)
    if not ids:
        return 0
    return Assessment.objects.filter(induction_id__in=ids).update(latest_not_on_track=latest_not_on_track_now())


def drifted_reports(assessments: QuerySet[Assessment] | None = None) -> QuerySet[Assessment]:
    """The reports whose stored flag differs from what their induction's reports and periods say now."""
    assessments = Assessment.objects.all() if assessments is None else assessments
    return assessments.annotate(flag_now=latest_not_on_track_now()).filter(~Q(latest_not_on_track=F("flag_now")))


# A report's flag depends on its induction's other reports: a drifted report has its whole induction refreshed.
NOT_ON_TRACK = StoredState(name="not-on-track state", rows="report(s)", drifted=drifted_reports, refresh=refresh_not_on_track,
                           refresh_by="induction_id")
