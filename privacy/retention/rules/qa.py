"""The AB's QA checks and planned work (appropriate_body.qa).

A QA check of an ECT's induction belongs with the induction record and goes when it is reduced
(privacy.retention.rules.induction). A check of a school as a whole is kept six years from the day
it was made, as the induction records it quality-assured are. A work assignment (who was to do an
item of the AB's work, and in which week) is kept a year after the item was done, then deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate

from appropriate_body.models import Appeal, Assessment, AssessmentStatus, CompletionDecision, QACheck, WorkAssignment, WorkKind
from appropriate_body.models.assessments import DONE_STATUSES
from appropriate_body.qa.workload import reports_awaiting_review
from privacy.retention.deleting import delete_records
from privacy.retention.schedule import Action, Rule, day_start


def school_checks(cutoff: date) -> QuerySet[QACheck]:
    return QACheck.objects.filter(induction__isnull=True, checked_at__lt=day_start(cutoff))


def delete_school_checks(ids: Sequence[int], today: date) -> None:
    delete_records(QACheck, ids)


def _done_before(cutoff: date) -> dict[str, QuerySet]:
    """The rows of each kind of work done before `cutoff`, by the date each was done."""
    arrived = Coalesce(TruncDate("submitted_at"), TruncDate("ect_signed_at"), "due_on")
    done_assessments = (Assessment.objects.filter(Q(status__in=DONE_STATUSES) | Q(status=AssessmentStatus.NOT_NEEDED))
                        .annotate(done=arrived).filter(done__lt=cutoff))
    return {
        WorkKind.REVIEW: done_assessments,
        # A report is done when it is no longer waiting for the AB's check.
        WorkKind.REPORT: done_assessments.exclude(pk__in=reports_awaiting_review().values("pk")),
        WorkKind.SIGNED_REPORT: done_assessments.filter(status=AssessmentStatus.SIGNED),
        WorkKind.RECOMMENDATION: CompletionDecision.objects.filter(recommendation_received_on__lt=cutoff),
        WorkKind.DECISION: CompletionDecision.objects.filter(decided_on__lt=cutoff),
        WorkKind.NOTICES: CompletionDecision.objects.filter(notices_sent_on__lt=cutoff),
        WorkKind.APPEAL_REPLY: Appeal.objects.filter(Q(response_sent_on__lt=cutoff) | Q(outcome_received_on__lt=cutoff)),
    }


def done_assignments(cutoff: date) -> QuerySet[WorkAssignment]:
    done = Q(pk__in=[])
    for kind, rows in _done_before(cutoff).items():
        done |= Q(kind=kind, object_id__in=rows.values("pk"))
    return WorkAssignment.objects.filter(done)


def delete_assignments(ids: Sequence[int], today: date) -> None:
    delete_records(WorkAssignment, ids)


RULES = [
    Rule(
        key="qa_school_checks",
        length_key="qa_school_checks",
        kind="The AB's QA checks of a school as a whole",
        clock="The day the check was made (a check of an ECT's induction goes with the induction record)",
        action=Action.DELETE,
        outcome="Deleted with their history.",
        due=school_checks,
        apply=delete_school_checks,
    ),
    Rule(
        key="work_assignments",
        length_key="work_assignments",
        kind="The AB's planned work: who was to do each item and in which week",
        clock="The day the item of work was done",
        action=Action.DELETE,
        outcome="Deleted with their history.",
        due=done_assignments,
        apply=delete_assignments,
    ),
]
