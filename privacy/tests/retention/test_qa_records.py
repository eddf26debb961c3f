"""The AB's QA checks and planned work: an ECT's go with the induction record, a school's after six years,
an assignment a year after its work was done."""

from datetime import UTC, date, datetime

import pytest

from appropriate_body.models import Assessment, AssessmentStatus, QACheck, WorkAssignment, WorkKind
from appropriate_body.tests.factories import InductionPeriodFactory
from privacy.retention import schedule
from privacy.retention.rules.induction import reduce_inductions

pytestmark = pytest.mark.django_db


def test_a_school_check_goes_six_years_after_it_was_made(ab_staff, school_a):
    check = QACheck.objects.create(school=school_a, looked_at="Mentor time", finding="ok", checked_by=ab_staff,
                                   checked_at=datetime(2026, 12, 1, 10, tzinfo=UTC))
    rule = schedule.rule("qa_school_checks")
    assert not rule.due_on(date(2032, 12, 1)).filter(pk=check.pk).exists()
    assert rule.due_on(date(2032, 12, 2)).filter(pk=check.pk).exists()
    rule.apply([check.pk], date(2032, 12, 2))
    assert not QACheck.objects.exists() and not QACheck.history.exists()


def test_an_ects_checks_and_planned_work_go_when_the_induction_is_reduced(ab_staff, school_a):
    period = InductionPeriodFactory(school=school_a)
    check = QACheck.objects.create(induction=period.induction, school=school_a, looked_at="Review", finding="ok", checked_by=ab_staff,
                                   checked_at=datetime(2020, 1, 6, 10, tzinfo=UTC))
    WorkAssignment.objects.create(kind=WorkKind.DECISION, object_id=1, induction=period.induction, planned_week=date(2027, 1, 4))
    # Only the school's own checks have a clock of their own.
    assert not schedule.rule("qa_school_checks").due_on(date(2040, 1, 1)).filter(pk=check.pk).exists()
    reduce_inductions([period.induction_id], date(2040, 1, 1))
    assert not QACheck.objects.exists() and not WorkAssignment.objects.exists()
    assert not QACheck.history.exists() and not WorkAssignment.history.exists()


def test_an_assignment_goes_a_year_after_its_work_was_done(school_a):
    period = InductionPeriodFactory(school=school_a)
    review = Assessment.objects.create(induction=period.induction, induction_period=period, kind="progress_review", term_number=1,
                                       due_on=date(2027, 1, 20))
    assignment = WorkAssignment.objects.create(kind=WorkKind.REVIEW, object_id=review.pk, induction=period.induction,
                                               planned_week=date(2027, 1, 18))
    rule = schedule.rule("work_assignments")
    assert not rule.due_on(date(2040, 1, 1)).filter(pk=assignment.pk).exists()  # still to do: kept
    Assessment.objects.filter(pk=review.pk).update(status=AssessmentStatus.SUBMITTED, submitted_at=datetime(2027, 1, 22, 12, tzinfo=UTC))
    assert not rule.due_on(date(2028, 1, 22)).filter(pk=assignment.pk).exists()
    assert rule.due_on(date(2028, 1, 23)).filter(pk=assignment.pk).exists()
