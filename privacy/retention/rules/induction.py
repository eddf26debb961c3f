"""Statutory induction records (DP-001, REC-003): reviews, assessments and evidence go six years after
the outcome or release, and the induction is reduced to its basic status: the teacher (TRN and name),
the AB, each period's school, dates, terms and outcome, the extensions' terms and the decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce, Greatest

from appropriate_body.models import (
    Absence,
    Appeal,
    Assessment,
    AssessmentNotice,
    AssessmentReminder,
    Claim,
    CompletionDecision,
    Concern,
    ConcernAction,
    ConcernNotice,
    EvidenceFile,
    Extension,
    Induction,
    InductionPeriod,
    LengthRequest,
    LengthRequestNotice,
    QACheck,
    ReportReview,
    ReportReviewNotice,
    ReturnedSection,
    StandardJudgement,
    WorkAssignment,
)
from appropriate_body.models.claims import ReleaseRequest
from participants.models import TeacherTransfer
from privacy.retention.deleting import delete_records, forget_history, ids_of
from privacy.retention.schedule import Action, Rule, day_start


def ended_inductions(cutoff: date):
    """Inductions not yet reduced that ended (outcome, release, or an appeal's result) before `cutoff`."""
    # One grouped join rather than a subquery per induction: 10 ms, not 900, at 2,000 inductions.
    return (
        Induction.objects.filter(reduced_on__isnull=True)
        .annotate(period_end=Max("periods__finished_on"),
                  open_periods=Count("periods", filter=Q(periods__finished_on__isnull=True)))
        # An open period means the induction is still going, whatever happened before.
        .filter(period_end__isnull=False, open_periods=0)
        .annotate(ended=Greatest(
            "period_end", Coalesce("completion__decided_on", "period_end"),
            Coalesce("completion__appeal__outcome_received_on", "period_end"),
        ))
        .filter(ended__lt=cutoff)
    )


def delete_assessments(assessment_ids: Sequence[int]) -> None:
    """Reviews and assessments with their judgements, evidence files, reminders and notices, and the AB's checks of them."""
    AssessmentReminder.objects.filter(assessment__in=assessment_ids).delete()
    AssessmentNotice.objects.filter(assessment__in=assessment_ids).delete()
    reviews = ReportReview.objects.filter(assessment__in=assessment_ids).values_list("pk", flat=True)
    ReportReviewNotice.objects.filter(review__in=reviews).delete()
    delete_records(ReturnedSection, ReturnedSection.objects.filter(review__in=reviews).values_list("pk", flat=True))
    delete_records(ReportReview, reviews)
    delete_records(StandardJudgement, StandardJudgement.objects.filter(assessment__in=assessment_ids).values_list("pk", flat=True))
    delete_records(EvidenceFile, EvidenceFile.objects.filter(assessment__in=assessment_ids).values_list("pk", flat=True))
    delete_records(Assessment, assessment_ids)


def reduce_inductions(ids: Sequence[int], today: date) -> None:
    # The AB's QA checks of these ECTs and its planned work on them belong with the record (appropriate_body.qa).
    delete_records(QACheck, ids_of(QACheck.objects.filter(induction__in=ids)))
    delete_records(WorkAssignment, ids_of(WorkAssignment.objects.filter(induction__in=ids)))
    delete_assessments(ids_of(Assessment.objects.filter(induction__in=ids)))
    # DP-004: absences may say why someone was away; the terms they added stay in the periods.
    delete_records(Absence, ids_of(Absence.objects.filter(induction__in=ids)))
    # ABD-004: concerns and what was done about them are part of the full record, not the basic one.
    concerns = ids_of(Concern.objects.filter(induction__in=ids))
    ConcernNotice.objects.filter(concern__in=concerns).delete()
    delete_records(ConcernAction, ids_of(ConcernAction.objects.filter(concern__in=concerns)))
    delete_records(Concern, concerns)
    extensions = Extension.objects.filter(induction__in=ids)
    forget_history(Extension, ids_of(extensions))
    extensions.update(reason="")
    decisions = CompletionDecision.objects.filter(induction__in=ids)
    forget_history(CompletionDecision, ids_of(decisions))
    decisions.update(representations="", decision_reason="")
    appeals = Appeal.objects.filter(completion__induction__in=ids)
    forget_history(Appeal, ids_of(appeals))
    appeals.update(response_summary="", outcome_notes="")
    # What the teaching record said during the induction is not part of its basic record.
    Induction.objects.filter(pk__in=ids).update(record_read_at=None, record_induction_status="", record_prohibited=None)
    # Requests to change the length (ABD-007): the basic record keeps the reduction and extensions themselves.
    requests = LengthRequest.objects.filter(induction__in=ids)
    LengthRequestNotice.objects.filter(request__in=requests).delete()
    delete_records(LengthRequest, ids_of(requests))
    periods = InductionPeriod.objects.filter(induction__in=ids)
    forget_history(InductionPeriod, ids_of(periods))
    claims = Claim.objects.filter(induction_period__induction__in=ids)
    ReleaseRequest.objects.filter(claim__in=claims).delete()
    forget_history(Claim, ids_of(claims))
    claims.update(status_reason="")
    # Moves between schools were part of the induction's story; its basic record keeps the periods.
    delete_records(TeacherTransfer, ids_of(TeacherTransfer.objects.filter(teacher__induction__in=ids)))
    forget_history(Induction, ids)
    Induction.objects.filter(pk__in=ids).update(named_contact=None, reduced_on=today)


def unaccepted_claims(cutoff: date):
    return Claim.objects.filter(
        status__in=[Claim.Status.REJECTED, Claim.Status.WITHDRAWN], decided_at__lt=day_start(cutoff), induction_period__isnull=True,
    )


def delete_claims(ids: Sequence[int], today: date) -> None:
    # Rejected and withdrawn only, neither live nor pending: the periods' stored claim state stands.
    ReleaseRequest.objects.filter(claim__in=ids).delete()
    delete_records(Claim, ids)


RULES = [
    Rule(
        key="induction_records",
        length_key="induction_records",
        kind="Induction records, with their progress reviews, assessments and evidence",
        clock="The induction's outcome, or the ECT's release (the last period's end or the appeal's result)",
        action=Action.REDUCE,
        outcome=(
            "Reviews, assessments and the appropriate body's checks of them, evidence files, absences, requests to reduce or extend, concerns, the AB's QA checks and planned work, and the history of changes are deleted. "
            "A basic record stays: the ECT's TRN and name, each period's school, dates, terms and outcome, "
            "extensions' terms and the AB's decision."
        ),
        due=ended_inductions,
        apply=reduce_inductions,
    ),
    Rule(
        key="claims",
        length_key="claims",
        kind="Claims the AB rejected or the school withdrew, with release requests",
        clock="The AB's decision on the claim",
        action=Action.DELETE,
        outcome="Deleted with their history. Accepted claims stay inside the induction's basic record.",
        due=unaccepted_claims,
        apply=delete_claims,
    ),
]
