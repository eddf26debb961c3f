"""Release, outcome, extension and earlier periods: each refusal with its message, nothing half-saved (§10 Periods, Outcomes, Terms)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appropriate_body.inductions.periods import add_extension, record_earlier_period, record_outcome, release
from appropriate_body.models import CompletionDecision, Extension, InductionPeriod
from appropriate_body.tests.factories import claimed
from participants.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

TODAY = date(2028, 7, 25)


@pytest.fixture
def period(school_a, tutor_a, ab_staff):
    return claimed(school_a, tutor_a, ab_staff)


def errors(raised) -> dict:
    return raised.value.message_dict


def unchanged(period) -> bool:
    period.refresh_from_db()
    return period.finished_on is None and period.number_of_terms is None and period.outcome == ""


def test_int_002_release_closes_the_period_with_its_terms(period, ab_staff):
    released = release(period, finished_on=date(2027, 4, 30), number_of_terms=Decimal("2.5"), actor=ab_staff, today=TODAY)
    assert (released.finished_on, released.number_of_terms, released.outcome) == (date(2027, 4, 30), Decimal("2.5"), "")
    assert released.history.first().history_user == ab_staff


@pytest.mark.parametrize("terms, message", [
    (Decimal("2.55"), "Enter the number of terms to one decimal place, like 2.5"),
    (Decimal("17"), "Number of terms must be between 0 and 16"),
    (Decimal("-1"), "Number of terms must be between 0 and 16"),
])
def test_len_008_bad_terms_are_refused_and_nothing_changes(period, ab_staff, terms, message):
    with pytest.raises(ValidationError) as refused:
        release(period, finished_on=date(2027, 4, 30), number_of_terms=terms, actor=ab_staff, today=TODAY)
    assert errors(refused) == {"number_of_terms": [message]}
    assert unchanged(period)


def test_riab_004_an_end_before_the_start_or_in_the_future_is_refused(period, ab_staff):
    with pytest.raises(ValidationError) as before:
        release(period, finished_on=date(2026, 8, 31), number_of_terms=Decimal("0"), actor=ab_staff, today=TODAY)
    assert errors(before) == {"finished_on": ["The end date must be on or after the start date (1 September 2026)"]}
    with pytest.raises(ValidationError) as ahead:
        release(period, finished_on=date(2028, 7, 26), number_of_terms=Decimal("6"), actor=ab_staff, today=TODAY)
    assert errors(ahead) == {"finished_on": ["The end date cannot be in the future"]}
    assert unchanged(period)


def test_a_finished_period_cannot_be_released_again(period, ab_staff):
    release(period, finished_on=date(2027, 4, 30), number_of_terms=Decimal("2.5"), actor=ab_staff, today=TODAY)
    with pytest.raises(ValidationError, match="already finished on 30 April 2027"):
        release(period, finished_on=date(2027, 5, 30), number_of_terms=Decimal("3"), actor=ab_staff, today=TODAY)


def test_a_pass_finishes_the_period_with_the_outcome(period, ab_staff):
    passed = record_outcome(period, outcome="pass", finished_on=date(2028, 7, 20), number_of_terms=Decimal("6"), actor=ab_staff, today=TODAY)
    assert (passed.outcome, passed.finished_on, passed.number_of_terms, passed.fail_confirmation_sent_on) == ("pass", date(2028, 7, 20), Decimal("6"), None)


def test_a_second_outcome_is_refused(period, ab_staff, school_b):
    record_outcome(period, outcome="pass", finished_on=date(2028, 7, 20), number_of_terms=Decimal("6"), actor=ab_staff, today=TODAY)
    # Even on another, open period of the same induction (say one recorded by mistake afterwards).
    later = InductionPeriod.objects.create(induction=period.induction, school=school_b, started_on=date(2028, 7, 21), training_programme="school_led")
    with pytest.raises(ValidationError, match="already has an induction outcome, and there can only be one"):
        record_outcome(later, outcome="fail", finished_on=date(2028, 7, 24), number_of_terms=Decimal("0"), actor=ab_staff, today=TODAY,
                       fail_confirmation_sent_on=date(2028, 7, 24))
    assert unchanged(later)


def test_a_fail_without_the_notice_date_is_refused(period, ab_staff):
    with pytest.raises(ValidationError) as refused:
        record_outcome(period, outcome="fail", finished_on=date(2028, 7, 20), number_of_terms=Decimal("6"), actor=ab_staff, today=TODAY)
    assert errors(refused) == {"fail_confirmation_sent_on": ["Enter the date you wrote to the ECT about the fail and their right of appeal"]}
    assert unchanged(period)


@pytest.mark.parametrize("sent_on, message", [
    (date(2028, 7, 19), "The date you wrote to the ECT cannot be before the end date (20 July 2028)"),
    (date(2028, 7, 26), "The date you wrote to the ECT cannot be in the future"),
])
def test_a_fail_notice_before_the_end_or_in_the_future_is_refused(period, ab_staff, sent_on, message):
    with pytest.raises(ValidationError) as refused:
        record_outcome(period, outcome="fail", finished_on=date(2028, 7, 20), number_of_terms=Decimal("6"), actor=ab_staff, today=TODAY,
                       fail_confirmation_sent_on=sent_on)
    assert errors(refused) == {"fail_confirmation_sent_on": [message]}


def test_a_fail_with_its_notice_date_is_recorded(period, ab_staff):
    failed = record_outcome(period, outcome="fail", finished_on=date(2028, 7, 20), number_of_terms=Decimal("6"), actor=ab_staff,
                            today=TODAY, fail_confirmation_sent_on=date(2028, 7, 21))
    assert (failed.outcome, failed.fail_confirmation_sent_on) == ("fail", date(2028, 7, 21))


def test_ext_001_no_extension_before_the_induction_is_complete(period, ab_staff):
    with pytest.raises(ValidationError, match=r"only extended when it is complete \(EXT-001\)"):
        add_extension(period.induction, terms=Decimal("1"), reason="Illness", decided_on=date(2027, 3, 1), actor=ab_staff)
    assert not Extension.objects.exists()


def test_ext_006_extensions_of_1_dp_between_0_1_and_16_terms(period, ab_staff):
    CompletionDecision.objects.create(induction=period.induction, completed_on=date(2028, 7, 18))
    extension = add_extension(period.induction, terms=Decimal("1.5"), reason="Insufficient evidence", decided_on=date(2028, 7, 20), actor=ab_staff)
    assert extension.terms == Decimal("1.5") and extension.history.get().history_user == ab_staff
    with pytest.raises(ValidationError) as refused:
        add_extension(period.induction, terms=Decimal("1.25"), reason="", decided_on=date(2028, 7, 20), actor=ab_staff)
    assert errors(refused) == {"terms": ["Enter the extension in terms to one decimal place, like 1.5"], "reason": ["Enter the reason for the extension"]}
    assert Extension.objects.count() == 1


def test_an_induction_with_an_outcome_cannot_be_extended(period, ab_staff):
    record_outcome(period, outcome="pass", finished_on=date(2028, 7, 20), number_of_terms=Decimal("6"), actor=ab_staff, today=TODAY)
    with pytest.raises(ValidationError, match="already has an outcome"):
        add_extension(period.induction, terms=Decimal("1"), reason="Late evidence", decided_on=date(2028, 7, 24), actor=ab_staff)


def earlier(period, ab_staff, **overrides):
    values = {"school": SchoolFactory(), "other_appropriate_body": "Forest TSH", "started_on": date(2025, 9, 1),
              "finished_on": date(2026, 4, 30), "number_of_terms": Decimal("2.0"), "fte": Decimal("1"), "training_programme": "provider_led",
              "actor": ab_staff, "today": TODAY}
    values.update(overrides)
    return record_earlier_period(period.induction, **values)


def test_regn_008_a_period_with_an_earlier_ab_is_recorded(period, ab_staff):
    recorded = earlier(period, ab_staff)
    assert (recorded.other_appropriate_body, recorded.number_of_terms) == ("Forest TSH", Decimal("2.0"))
    assert period.induction.periods.count() == 2


@pytest.mark.parametrize("started_on, finished_on", [
    (date(2025, 9, 1), date(2026, 9, 1)),  # RIAB-005: ends on the open period's first day
    (date(2026, 10, 1), date(2026, 12, 1)),  # inside the open period
])
def test_riab_005_overlapping_periods_are_refused(period, ab_staff, started_on, finished_on):
    with pytest.raises(ValidationError) as refused:
        earlier(period, ab_staff, started_on=started_on, finished_on=finished_on)
    assert "periods cannot overlap" in errors(refused)["started_on"][0]
    assert period.induction.periods.count() == 1


def test_riab_005_a_period_ending_the_day_before_the_next_starts_is_fine(period, ab_staff):
    earlier(period, ab_staff, finished_on=date(2026, 8, 31))
    saved = period.induction.periods.order_by("started_on")
    assert [(p.started_on, p.finished_on, p.other_appropriate_body) for p in saved] == [
        (date(2025, 9, 1), date(2026, 8, 31), "Forest TSH"), (date(2026, 9, 1), None, ""),
    ]
    assert saved[0].history.get().history_user == ab_staff


@pytest.mark.parametrize("fte", [Decimal("0"), Decimal("1.2")])
def test_an_fte_of_0_or_above_1_is_refused(period, ab_staff, fte):
    with pytest.raises(ValidationError) as refused:
        earlier(period, ab_staff, fte=fte)
    assert errors(refused) == {"fte": ["Enter the FTE as a number above 0 and up to 1, like 0.6"]}
