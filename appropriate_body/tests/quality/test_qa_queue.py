"""The QA queue: risk first (each signal above the ones below it), then a random share steady within a week."""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from appropriate_body.assessments.not_on_track import refresh_not_on_track
from appropriate_body.models import (
    Absence,
    Assessment,
    AssessmentStatus,
    FidelityCheck,
    InductionPeriod,
    QACheck,
    ReportReview,
    ReviewOutcome,
)
from appropriate_body.qa import queue as qa_queue
from appropriate_body.qa.checks import record_qa_check
from appropriate_body.qa.queue import qa_queue as queue
from appropriate_body.qa.queue import random_positions, random_share, week_seed
from appropriate_body.tests.factories import claimed

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)  # a Monday in the autumn term


def ect(school, tutor, ab_staff, name, programme="provider_led"):
    period = claimed(school, tutor, ab_staff, first_name=name)
    InductionPeriod.objects.filter(pk=period.pk).update(training_programme=programme)
    return period.induction


@pytest.fixture
def world(school_a, school_b, tutor_a, tutor_b, ab_staff, monkeypatch):
    """One ECT per signal, and six with none; nothing due until the summer so that only what is set here counts."""
    inductions = {name: ect(school_a, tutor_a, ab_staff, name) for name in ("Nina", "Luke", "Abel", "Quinn", "Una", "Vic", "Wes", "Xan", "Yara")}
    inductions["Sol"] = ect(school_a, tutor_a, ab_staff, "Sol", programme="school_led")
    inductions["Remy"] = ect(school_b, tutor_b, ab_staff, "Remy")
    Assessment.objects.update(due_on=date(2027, 6, 1))
    # 1. Not on track at the latest recorded review.
    review = Assessment.objects.filter(induction=inductions["Nina"]).order_by("term_number").first()
    Assessment.objects.filter(pk=review.pk).update(status=AssessmentStatus.SUBMITTED, on_track=False, due_on=date(2026, 11, 30))
    # 2. A review past its due date, not started.
    Assessment.objects.filter(pk=Assessment.objects.filter(induction=inductions["Luke"]).order_by("term_number").first().pk).update(
        due_on=date(2026, 12, 1))
    # 3. 25 days' sickness in the autumn term.
    Absence.objects.create(induction=inductions["Abel"], kind="sickness", started_on=date(2026, 10, 1), finished_on=date(2026, 11, 4),
                           days=25, part=1)
    # Under the threshold: 19 days.
    Absence.objects.create(induction=inductions["Quinn"], kind="sickness", started_on=date(2026, 10, 1), finished_on=date(2026, 10, 27),
                           days=19, part=1)
    # 5. School B had a report returned by the AB in the last year.
    remys = Assessment.objects.filter(induction=inductions["Remy"]).order_by("term_number").first()
    ReportReview.objects.create(assessment=remys, outcome=ReviewOutcome.RETURNED, reviewed_by=ab_staff,
                                reviewed_at=datetime(2026, 11, 20, 10, tzinfo=UTC), school=school_b)
    # Written straight to the rows, as the domain functions' refresh would leave them.
    refresh_not_on_track(induction.pk for induction in inductions.values())
    return inductions


def names(items):
    return [item.induction.teacher.first_name for item in qa_queue.with_inductions(items)]


def test_each_signal_puts_its_item_above_the_ones_below_then_a_random_share(world, settings):
    settings.QA_RANDOM_SHARE_PERCENT = 0
    items = queue(today=TODAY)
    assert names(items) == ["Nina", "Luke", "Abel", "Sol", "Remy"]
    assert [item.reason_keys for item in items] == [["not_on_track"], ["late"], ["absence"], ["no_fidelity_check"], ["returned_before"]]

    settings.QA_RANDOM_SHARE_PERCENT = 50
    items = queue(today=TODAY)
    # Half of the six with no signal (Quinn, Una, Vic, Wes, Xan, Yara), after the flagged.
    assert names(items)[:5] == ["Nina", "Luke", "Abel", "Sol", "Remy"]
    sampled = names(items)[5:]
    assert len(sampled) == 3 and set(sampled) <= {"Quinn", "Una", "Vic", "Wes", "Xan", "Yara"}
    assert all(item.reason_keys == ["random"] for item in items[5:])


def test_more_signals_rank_higher_within_the_same_first_signal(world, settings):
    settings.QA_RANDOM_SHARE_PERCENT = 0
    # Una: not on track too, and late: above Nina, who is only not on track.
    una = world["Una"]
    first, second = Assessment.objects.filter(induction=una).order_by("term_number")[:2]
    Assessment.objects.filter(pk=first.pk).update(status=AssessmentStatus.SUBMITTED, on_track=False, due_on=date(2026, 11, 2))
    Assessment.objects.filter(pk=second.pk).update(due_on=date(2026, 12, 2))
    refresh_not_on_track([una.pk])
    assert names(queue(today=TODAY))[:2] == ["Una", "Nina"]


def test_a_school_led_programme_is_flagged_until_the_school_has_its_fidelity_check(world, settings, school_a, ab_staff):
    settings.QA_RANDOM_SHARE_PERCENT = 0
    assert "Sol" in names(queue(today=TODAY))
    # A check completed last academic year does not count; this year's does.
    FidelityCheck.objects.create(school=school_a, academic_year=2025, status="completed", visit_on=date(2026, 3, 2),
                                 outcome="meets", completed_on=date(2026, 3, 2), fee=Decimal("500.00"))
    assert "Sol" in names(queue(today=TODAY))
    FidelityCheck.objects.create(school=school_a, academic_year=2026, status="completed", visit_on=date(2026, 11, 2),
                                 outcome="meets", completed_on=date(2026, 11, 2), fee=Decimal("500.00"))
    assert "Sol" not in names(queue(today=TODAY))


def test_a_return_over_a_year_ago_no_longer_flags_the_school(world, settings):
    settings.QA_RANDOM_SHARE_PERCENT = 0
    assert "Remy" in names(queue(today=TODAY))
    ReportReview.objects.update(reviewed_at=datetime(2025, 11, 20, 10, tzinfo=UTC))
    assert "Remy" not in names(queue(today=TODAY))


def test_a_released_ect_or_one_checked_this_term_leaves_the_queue(world, settings, ab_staff, school_a):
    settings.QA_RANDOM_SHARE_PERCENT = 0
    record_qa_check(school=school_a, induction=world["Nina"], looked_at="Latest review", finding="ok", actor=ab_staff,
                    reasons=["not_on_track"])
    InductionPeriod.objects.filter(induction=world["Luke"]).update(finished_on=date(2026, 12, 4), number_of_terms=1)
    assert names(queue(today=TODAY)) == ["Abel", "Sol", "Remy"]
    # Next term, Nina is back.
    QACheck.objects.update(checked_at=QACheck.objects.get().checked_at - timedelta(days=120))
    assert names(queue(today=TODAY))[0] == "Nina"


def test_the_random_share_is_the_same_all_week_and_changes_between_weeks():
    ids = list(range(1, 201))
    monday = random_share(ids, today=date(2026, 12, 7), percent=10)
    assert len(monday) == 20
    assert random_share(list(reversed(ids)), today=date(2026, 12, 13), percent=10) == monday  # Sunday, same ISO week
    later = [random_share(ids, today=date(2026, 12, 7) + timedelta(weeks=n), percent=10) for n in range(1, 4)]
    assert any(share != monday for share in later)
    assert len(random_share(list(range(1, 8)), today=date(2026, 12, 7), percent=10)) == 1  # rounded up: never none of a few


def test_the_share_chosen_by_position_is_the_sample_of_the_ids_themselves():
    # The queue counts the ECTs it holds and reads their ids only for a page of the share: the positions random.sample
    # picks from the count are the ids it would pick from the ids in order, for small and large sets alike.
    for n, percent in ((7, 10), (200, 10), (5000, 10), (30, 50)):
        ids = [3 * pk + 11 for pk in range(n)]
        k = min(n, -(-n * percent // 100))
        sampled = sorted(random.Random(week_seed(date(2026, 12, 7))).sample(ids, k))  # noqa: S311
        assert random_share(ids, today=date(2026, 12, 7), percent=percent) == sampled
        assert [ids[position] for position in random_positions(n, today=date(2026, 12, 7), percent=percent)] == sampled


def test_a_finding_other_than_ok_needs_a_note(ab_staff, school_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as problem:
        record_qa_check(school=school_a, looked_at="Mentoring time", finding="concern", actor=ab_staff)
    assert problem.value.message_dict == {"note": ["Enter a note saying what the concern is or why the report went back"]}
    check = record_qa_check(school=school_a, looked_at="Mentoring time", finding="concern", note="No mentor time", actor=ab_staff)
    assert check.induction is None and check.history.count() == 1
