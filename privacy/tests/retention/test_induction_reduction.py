"""DP-001: six years after an induction's outcome it is reduced to its basic status, and nothing more of it stays anywhere."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from appropriate_body.models import (
    Absence,
    Assessment,
    AssessmentStatus,
    CompletionDecision,
    EvidenceFile,
    Extension,
    Induction,
    InductionPeriod,
    ReportReview,
    ReportReviewNotice,
    ReturnedSection,
)
from appropriate_body.reviews.reviews import return_report
from appropriate_body.rules.absences import AbsenceKind
from appropriate_body.tests.factories import PDF, claimed
from privacy.retention.job import apply_retention


@pytest.mark.django_db
def test_reduction_keeps_the_basic_status_and_deletes_reviews_evidence_absences_and_history(
    cast, school_a, hub_staff, files_in_memory, django_capture_on_commit_callbacks,
):
    period = claimed(school_a, cast["tutor_a"], cast["ab_staff"])
    induction = period.induction
    review = period.assessments.order_by("due_on").first()
    evidence = EvidenceFile(assessment=review, original_name="plan.pdf", size=len(PDF), content_type="application/pdf",
                            uploaded_by=hub_staff)
    evidence.file.save("plan.pdf", ContentFile(PDF), save=True)
    stored = evidence.file.name
    # The AB returned the review with a comment (SG24 5.11): the check goes with the review.
    Assessment.objects.filter(pk=review.pk).update(status=AssessmentStatus.SUBMITTED)
    return_report(review, {"targets": "Targets missing."}, actor=cast["ab_staff"], now=timezone.now())
    Absence.objects.create(induction=induction, kind=AbsenceKind.STATUTORY_MATERNITY.value, started_on=date(2027, 1, 4),
                           finished_on=date(2027, 2, 26), days=40, part=1)
    Extension.objects.create(induction=induction, terms=1, reason="Long illness in spring", decided_on=date(2028, 7, 1))
    ended = date(2028, 12, 20)
    InductionPeriod.objects.filter(pk=period.pk).update(finished_on=ended, number_of_terms=6, outcome="pass")
    CompletionDecision.objects.create(induction=induction, completed_on=ended, decision="pass", decided_on=ended,
                                      decision_reason="Met the Teachers' Standards")
    assert default_storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        done = apply_retention(ended + timedelta(days=6 * 366))

    assert done["induction_records"] == 1
    induction.refresh_from_db()
    assert induction.reduced_on is not None and induction.named_contact is None
    # The basic status: the teacher, the period's school, dates, terms and outcome, the extension's terms, the decision.
    kept = InductionPeriod.objects.get(pk=period.pk)
    assert (kept.school, kept.started_on, kept.finished_on, kept.number_of_terms, kept.outcome) == (
        school_a, period.started_on, ended, 6, "pass")
    assert list(Extension.objects.filter(induction=induction).values_list("terms", "reason")) == [(1, "")]
    assert CompletionDecision.objects.get(induction=induction).decision_reason == ""
    # Everything else, including every history row of the induction's records and the evidence file itself.
    assert not Assessment.objects.filter(induction=induction).exists()
    assert not EvidenceFile.objects.exists() and not default_storage.exists(stored)
    assert not Absence.objects.exists()
    assert not ReportReview.objects.exists() and not ReturnedSection.objects.exists() and not ReportReviewNotice.objects.exists()
    for model in (Induction, InductionPeriod, Assessment, EvidenceFile, Absence, Extension, CompletionDecision, ReportReview, ReturnedSection):
        assert not model.history.exists(), model.__name__
