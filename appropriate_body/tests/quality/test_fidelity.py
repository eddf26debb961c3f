"""E25-003 / ABD-011: fidelity checks of school-led programmes; ABD-013: their fee from the school's agreement."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from appropriate_body.agreements.agreements import accept_agreement, publish_terms
from appropriate_body.fidelity.checks import (
    add_follow_up,
    complete_follow_up,
    fidelity_state,
    plan_check,
    record_check,
    schools_owing_fidelity_check,
    schools_with_fidelity_check,
)
from appropriate_body.models import FIDELITY_AREAS, FidelityCheck, FidelityFollowUp
from appropriate_body.tests.factories import claimed
from participants.models import TrainingProgramme
from privacy.retention import schedule
from privacy.retention.deleting import ids_of

pytestmark = pytest.mark.django_db

YEAR = 2026
TODAY = date(2026, 12, 1)
ALL_MET = {key: ("met", "") for key, _ in FIDELITY_AREAS}


def planned(school, ab_staff, year: int = YEAR) -> FidelityCheck:
    return plan_check(school, academic_year=year, visit_on=date(year, 11, 20), visitor=ab_staff, actor=ab_staff)


def recorded(check, ab_staff, **changes) -> FidelityCheck:
    return record_check(check, **{"findings": ALL_MET, "actions": "", "outcome": "meets", "completed_on": date(2026, 11, 20),
                                  "actor": ab_staff, "today": TODAY, **changes})


def test_e25_003_a_school_with_a_school_led_ect_owes_a_check_until_one_is_recorded(school_a, school_b, tutor_a, tutor_b, ab_staff):
    claimed(school_a, tutor_a, ab_staff)  # school-led, the registration's default
    provider_led = claimed(school_b, tutor_b, ab_staff)
    type(provider_led).objects.filter(pk=provider_led.pk).update(training_programme=TrainingProgramme.PROVIDER_LED)

    assert list(schools_owing_fidelity_check(YEAR)) == [school_a]
    check = planned(school_a, ab_staff)
    assert list(schools_owing_fidelity_check(YEAR)) == [school_a]  # planned is not done
    assert fidelity_state(school_a, year=YEAR).owes and fidelity_state(school_a, year=YEAR).check == check

    recorded(check, ab_staff)

    assert list(schools_owing_fidelity_check(YEAR)) == []
    assert list(schools_with_fidelity_check(YEAR)) == [school_a]
    assert not fidelity_state(school_a, year=YEAR).owes
    # Each academic year has its own check.
    assert list(schools_owing_fidelity_check(YEAR + 1)) == [school_a]
    assert not fidelity_state(school_b, year=YEAR).owes


def test_a_school_led_ect_whose_period_has_finished_or_is_with_another_ab_owes_nothing(school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff)
    type(period).objects.filter(pk=period.pk).update(finished_on=date(2026, 10, 31), number_of_terms=Decimal("0.5"))
    assert list(schools_owing_fidelity_check(YEAR)) == []


def test_abd_013_the_fee_is_the_one_the_school_accepted_and_stays_when_the_terms_change(school_a, tutor_a, ab_staff):
    claimed(school_a, tutor_a, ab_staff)
    terms = publish_terms(YEAR, provider_led_fee=Decimal("150"), school_led_fee=Decimal("300"), fidelity_check_fee=Decimal("650"))
    agreement = accept_agreement(school_a, terms, signatory_name="Hattie Head", job_title="Headteacher", actor=tutor_a, now=timezone.now())

    check = recorded(planned(school_a, ab_staff), ab_staff)

    assert (check.fee, check.fee_agreement) == (Decimal("650.00"), agreement)
    type(terms).objects.filter(pk=terms.pk).update(fidelity_check_fee=Decimal("999"))
    assert FidelityCheck.objects.get(pk=check.pk).fee == Decimal("650.00")


def test_without_an_accepted_agreement_the_hubs_standard_fee_from_settings(school_a, tutor_a, ab_staff, settings):
    settings.FIDELITY_CHECK_FEE_PENCE = 42000
    claimed(school_a, tutor_a, ab_staff)

    check = recorded(planned(school_a, ab_staff), ab_staff)

    assert (check.fee, check.fee_agreement) == (Decimal("420.00"), None)
    # A year's published terms take the setting as their default fidelity fee.
    assert publish_terms(YEAR + 1, provider_led_fee=1, school_led_fee=2).fidelity_check_fee == Decimal("420.00")


def test_planning_again_moves_the_visit_and_a_recorded_check_is_not_planned_or_recorded_again(school_a, ab_staff, second_ab):
    check = planned(school_a, ab_staff)
    moved = plan_check(school_a, academic_year=YEAR, visit_on=date(2027, 1, 12), visitor=second_ab, actor=ab_staff)
    assert (moved.pk, moved.visit_on, moved.visitor) == (check.pk, date(2027, 1, 12), second_ab)
    recorded(moved, ab_staff)

    with pytest.raises(ValidationError):
        planned(school_a, ab_staff)
    with pytest.raises(ValidationError):
        recorded(moved, ab_staff)
    assert FidelityCheck.objects.count() == 1
    assert [r.history_type for r in check.history.order_by("history_date")] == ["+", "~", "~"]


def test_the_visitor_is_ab_staff_and_the_visit_in_the_academic_year(school_a, tutor_a, ab_staff):
    with pytest.raises(ValidationError) as not_ab:
        plan_check(school_a, academic_year=YEAR, visit_on=date(2026, 11, 20), visitor=tutor_a, actor=ab_staff)
    with pytest.raises(ValidationError) as out_of_year:
        plan_check(school_a, academic_year=YEAR, visit_on=date(2027, 9, 1), visitor=ab_staff, actor=ab_staff)
    assert set(not_ab.value.message_dict) == {"visitor"} and set(out_of_year.value.message_dict) == {"visit_on"}


def test_recording_needs_a_finding_for_every_area_and_an_outcome(school_a, ab_staff):
    check = planned(school_a, ab_staff)
    with pytest.raises(ValidationError) as problem:
        recorded(check, ab_staff, findings={"coverage": ("partly", "Gaps in 'learn how to'")}, outcome="",
                 completed_on=TODAY + timedelta(days=1))
    assert set(problem.value.message_dict) == {"mentoring", "timetable", "oversight", "outcome", "completed_on"}
    assert FidelityCheck.objects.get(pk=check.pk).status == FidelityCheck.Status.PLANNED


def test_follow_ups_are_added_and_done_once(school_a, ab_staff):
    check = recorded(planned(school_a, ab_staff), ab_staff, outcome="meets_with_actions")
    follow_up = add_follow_up(check, what="Mentor time on the timetable", due_on=date(2027, 1, 31), actor=ab_staff)
    complete_follow_up(follow_up, done_on=date(2027, 1, 20), actor=ab_staff)
    complete_follow_up(follow_up, done_on=date(2027, 1, 25), actor=ab_staff)
    assert FidelityFollowUp.objects.get(pk=follow_up.pk).done_on == date(2027, 1, 20)


def test_fidelity_checks_are_kept_six_years_from_the_end_of_their_academic_year(school_a, ab_staff):
    check = recorded(planned(school_a, ab_staff), ab_staff)
    add_follow_up(check, what="Share the plan", due_on=date(2027, 1, 31), actor=ab_staff)
    rule = schedule.rule("fidelity_checks")

    # 2026/27 ends on 31 August 2027: kept through 31 August 2033, deleted the day after.
    assert not rule.due_on(date(2033, 8, 31)).exists()
    due = ids_of(rule.due_on(date(2033, 9, 1)))
    assert due == [check.pk]
    rule.apply(due, date(2033, 9, 1))

    assert not FidelityCheck.objects.exists() and not FidelityFollowUp.objects.exists()
    assert not FidelityCheck.history.exists() and not FidelityFollowUp.history.exists()
