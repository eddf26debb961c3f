"""Completion to decision: each step's rules, the outcome it records, and the clocks (DL-001..DL-009)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appropriate_body.inductions.decisions import (
    deadlines_for,
    record_completion,
    record_decision,
    record_notices,
    record_recommendation,
    record_representations,
)
from appropriate_body.tests.factories import claimed

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 30)


@pytest.fixture
def period(school_a, tutor_a, ab_staff):
    return claimed(school_a, tutor_a, ab_staff, year=2023)


@pytest.fixture
def completion(period, ab_staff):
    # The first worked example's completion date (§2.11): Friday 18 July 2025.
    return record_completion(period.induction, completed_on=date(2025, 7, 18), actor=ab_staff, today=TODAY)


def states(completion, today=TODAY):
    completion.refresh_from_db()
    return [(d.deadline.rule_id, d.deadline.due_on, d.status.state if d.status else None) for d in deadlines_for(completion, today=today)]


def test_dl_001_completion_starts_the_headteachers_clock(completion):
    # Worked example: completion Fri 18 Jul 2025 → recommendation due Thu 31 Jul 2025.
    assert states(completion, today=date(2025, 7, 25)) == [("DL-001", date(2025, 7, 31), "due")]
    assert states(completion, today=date(2025, 8, 1)) == [("DL-001", date(2025, 7, 31), "overdue")]


def test_dl_003_and_dl_004_run_from_the_recommendation(completion, ab_staff):
    # Worked example: recommendation received Mon 18 Aug 2025 → AB decision due Mon 15 Sep 2025 (skipping 25 Aug).
    record_recommendation(completion, recommendation="satisfactory", received_on=date(2025, 8, 18), actor=ab_staff, today=TODAY)
    assert states(completion, today=date(2025, 8, 20)) == [
        ("DL-001", date(2025, 7, 31), "done late"), ("DL-003", date(2025, 9, 1), None), ("DL-004", date(2025, 9, 15), "due"),
    ]


def test_dl_005_no_decision_inside_the_ects_window_unless_they_have_commented(completion, ab_staff):
    record_recommendation(completion, recommendation="satisfactory", received_on=date(2025, 8, 18), actor=ab_staff, today=TODAY)
    with pytest.raises(ValidationError) as early:
        record_decision(completion, decision="pass", decided_on=date(2025, 8, 20), reason="", number_of_terms="6", actor=ab_staff, today=TODAY)
    assert "The ECT has until 1 September 2025 to send comments" in early.value.message_dict["decided_on"][0]
    record_representations(completion, received_on=date(2025, 8, 19), text="I agree with the recommendation.", actor=ab_staff, today=TODAY)
    decided = record_decision(completion, decision="pass", decided_on=date(2025, 8, 20), reason="", number_of_terms="6", actor=ab_staff, today=TODAY)
    period = decided.induction.periods.get()
    assert (period.outcome, period.finished_on, period.number_of_terms) == ("pass", date(2025, 7, 18), Decimal("6"))


def test_no_decision_without_the_recommendation(completion, ab_staff):
    with pytest.raises(ValidationError, match="Record the headteacher's recommendation first"):
        record_decision(completion, decision="pass", decided_on=date(2025, 9, 10), reason="", number_of_terms="6", actor=ab_staff, today=TODAY)


def test_dl_006_and_dl_009_a_fail_its_notices_and_the_appeal_window(completion, ab_staff):
    # Worked examples: decision Fri 19 Dec 2025 → notices due Tue 23 Dec; emailed Tue 23 Dec → appeal window ends Mon 26 Jan 2026.
    record_recommendation(completion, recommendation="unsatisfactory", received_on=date(2025, 12, 1), actor=ab_staff, today=TODAY)
    with pytest.raises(ValidationError) as no_notice:
        record_decision(completion, decision="fail", decided_on=date(2025, 12, 19), reason="Standards not met", number_of_terms="6",
                        actor=ab_staff, today=TODAY)
    assert "fail_confirmation_sent_on" in no_notice.value.message_dict
    record_decision(completion, decision="fail", decided_on=date(2025, 12, 19), reason="Standards not met", number_of_terms="6",
                    fail_confirmation_sent_on=date(2025, 12, 23), actor=ab_staff, today=TODAY)
    assert states(completion, today=date(2025, 12, 22))[-1] == ("DL-006", date(2025, 12, 23), "due")
    record_notices(completion, sent_on=date(2025, 12, 23), method="email", actor=ab_staff, today=TODAY)
    assert states(completion, today=date(2026, 1, 26))[-2:] == [("DL-006", date(2025, 12, 23), "done"), ("DL-009", date(2026, 1, 26), None)]


def test_an_extension_decision_keeps_the_period_open_and_adds_the_terms(completion, ab_staff):
    record_recommendation(completion, recommendation="extension", received_on=date(2025, 7, 21), actor=ab_staff, today=TODAY)
    record_decision(completion, decision="extend", decided_on=date(2025, 9, 1), reason="Illness in the final term", number_of_terms="6",
                    extension_terms="2", actor=ab_staff, today=TODAY)
    induction = completion.induction
    assert induction.periods.get().finished_on is None
    assert [(e.terms, e.reason) for e in induction.extensions.all()] == [(Decimal("2"), "Illness in the final term")]


def test_a_bad_extension_length_saves_no_decision(completion, ab_staff):
    record_recommendation(completion, recommendation="extension", received_on=date(2025, 7, 21), actor=ab_staff, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        record_decision(completion, decision="extend", decided_on=date(2025, 9, 1), reason="Illness", number_of_terms="6",
                        extension_terms="1.25", actor=ab_staff, today=TODAY)
    assert refused.value.message_dict == {"terms": ["Enter the extension in terms to one decimal place, like 1.5"]}
    completion.refresh_from_db()
    assert completion.decision == "" and not completion.induction.extensions.exists()


def test_one_completion_and_one_decision(completion, ab_staff):
    with pytest.raises(ValidationError, match="already recorded"):
        record_completion(completion.induction, completed_on=date(2025, 7, 18), actor=ab_staff, today=TODAY)
    record_recommendation(completion, recommendation="satisfactory", received_on=date(2025, 7, 21), actor=ab_staff, today=TODAY)
    record_decision(completion, decision="pass", decided_on=date(2025, 9, 1), reason="", number_of_terms="6", actor=ab_staff, today=TODAY)
    with pytest.raises(ValidationError, match="already decided"):
        record_decision(completion, decision="fail", decided_on=date(2025, 9, 2), reason="", number_of_terms="6",
                        fail_confirmation_sent_on=date(2025, 9, 2), actor=ab_staff, today=TODAY)


@pytest.mark.parametrize("completed_on, field_message", [
    (date(2023, 8, 31), "The completion date cannot be before the period started (1 September 2023)"),
    (date(2026, 2, 1), "The completion date cannot be in the future"),
])
def test_a_completion_date_outside_the_period_is_refused(period, ab_staff, completed_on, field_message):
    with pytest.raises(ValidationError) as refused:
        record_completion(period.induction, completed_on=completed_on, actor=ab_staff, today=TODAY)
    assert refused.value.message_dict == {"completed_on": [field_message]}
