"""Completion, decision and appeal deadlines (DL-001..DL-013), and how each stands today."""

from datetime import date

import pytest

from appropriate_body.rules.deadlines import (
    Deadline,
    DeadlineState,
    DeadlineStatus,
    EmploymentEndTrigger,
    ab_appeal_response_due,
    ab_decision_due,
    appeal_window_ends,
    deadline_status,
    decision_notices_due,
    employment_ends_by,
    final_report_due,
    headteacher_recommendation_due,
    representations_due,
)
from appropriate_body.rules.working_days import DeliveryMethod

# The five worked tests in domain-rules.md §2.11 (England 2025/26 bank holidays).


def test_worked_example_1_completion_to_headteacher_recommendation():
    # "Completion Fri 18 Jul 2025 → HT recommendation due Thu 31 Jul 2025 (10 wd)."
    assert headteacher_recommendation_due(date(2025, 7, 18)) == Deadline(
        "DL-001", "Headteacher's recommendation to the appropriate body", date(2025, 7, 31)
    )


def test_worked_example_2_ab_decision_skips_the_summer_bank_holiday():
    # "Recommendation received Mon 18 Aug 2025 → AB decision due Mon 15 Sep 2025 (20 wd, skipping 25 Aug)."
    deadline = ab_decision_due(date(2025, 8, 18))
    assert (deadline.rule_id, deadline.due_on) == ("DL-004", date(2025, 9, 15))


def test_worked_example_3_decision_notices_before_christmas():
    # "Decision Fri 19 Dec 2025 → notices due Tue 23 Dec 2025 (3 wd)."
    deadline = decision_notices_due(date(2025, 12, 19))
    assert (deadline.rule_id, deadline.due_on) == ("DL-006", date(2025, 12, 23))


def test_worked_example_4_appeal_window_from_an_email_over_christmas():
    # "Notice emailed Tue 23 Dec 2025 → deemed received Thu 25 Dec → appeal window ends Mon 26 Jan 2026.
    # Counting starts at the first working day on or after deemed receipt (29 Dec)."
    deadline = appeal_window_ends(date(2025, 12, 23), DeliveryMethod.EMAIL)
    assert (deadline.rule_id, deadline.due_on) == ("DL-009", date(2026, 1, 26))


def test_worked_example_5_ab_decision_over_easter():
    # "Recommendation received Mon 30 Mar 2026 → AB decision due Tue 28 Apr 2026."
    assert ab_decision_due(date(2026, 3, 30)).due_on == date(2026, 4, 28)


def test_the_worked_examples_move_without_bank_holidays():
    # Proves the calendar is used: without 25 Aug the 20th working day is Friday 12 September.
    assert ab_decision_due(date(2025, 8, 18), holidays=frozenset()).due_on == date(2025, 9, 12)
    assert appeal_window_ends(date(2025, 12, 23), "email", holidays=frozenset()).due_on == date(2026, 1, 21)


def test_dl_002_final_report_within_10_working_days_of_the_meeting():
    deadline = final_report_due(date(2025, 7, 18))
    assert (deadline.rule_id, deadline.due_on) == ("DL-002", date(2025, 7, 31))


def test_dl_003_ect_representations_within_10_working_days_of_receipt():
    # Received Monday 22 December 2025: 22, 23, 24, 29, 30, 31 Dec, 2, 5, 6, 7 Jan.
    deadline = representations_due(date(2025, 12, 22))
    assert (deadline.rule_id, deadline.due_on) == ("DL-003", date(2026, 1, 7))


def test_dl_009_appeal_window_from_a_notice_handed_over():
    # Handed over Tuesday 23 December: received that day, which is day 1 (24 Dec is day 2).
    assert appeal_window_ends(date(2025, 12, 23), DeliveryMethod.BY_HAND).due_on == date(2026, 1, 22)


def test_dl_009_email_on_a_thursday_is_received_on_the_saturday():
    # Emailed Thursday 17 July 2025, deemed received Saturday 19 July; day 1 is Monday 21 July.
    assert appeal_window_ends(date(2025, 7, 17), "email").due_on == date(2025, 8, 15)


def test_dl_009_refuses_post():
    with pytest.raises(ValueError):
        appeal_window_ends(date(2025, 12, 23), "post")


def test_dl_011_ab_reply_to_an_appeal():
    # Copy received Friday 16 September 2022: the state funeral on Monday 19th is skipped.
    deadline = ab_appeal_response_due(date(2022, 9, 16))
    assert (deadline.rule_id, deadline.due_on) == ("DL-011", date(2022, 10, 14))


def test_dl_012_ect_says_they_will_not_appeal():
    deadline = employment_ends_by(date(2026, 1, 12), trigger=EmploymentEndTrigger.NO_APPEAL)
    assert (deadline.rule_id, deadline.due_on) == ("DL-012", date(2026, 1, 23))


def test_dl_012_counts_from_the_day_after_the_appeal_window_ends():
    # Worked example 4's window ends Monday 26 January 2026: counting starts Tuesday 27th.
    window = appeal_window_ends(date(2025, 12, 23), "email")
    deadline = employment_ends_by(window.due_on, trigger="appeal time expired")
    assert (deadline.rule_id, deadline.due_on) == ("DL-012", date(2026, 2, 9))


def test_dl_013_appeal_dismissed():
    deadline = employment_ends_by(date(2026, 3, 30), trigger=EmploymentEndTrigger.APPEAL_DISMISSED)
    assert (deadline.rule_id, deadline.due_on) == ("DL-013", date(2026, 4, 14))


def test_every_duty_takes_its_own_holidays():
    no_holidays = frozenset()
    christmas = date(2025, 12, 24)
    assert headteacher_recommendation_due(christmas, holidays=no_holidays).due_on == date(2026, 1, 6)
    # With them: 24, 29, 30, 31 Dec, 2, 5, 6, 7, 8, 9 Jan.
    assert headteacher_recommendation_due(christmas).due_on == date(2026, 1, 9)
    assert decision_notices_due(christmas, holidays=no_holidays).due_on == date(2025, 12, 26)
    assert final_report_due(christmas, holidays=no_holidays).due_on == date(2026, 1, 6)
    assert representations_due(christmas, holidays=no_holidays).due_on == date(2026, 1, 6)
    assert ab_appeal_response_due(christmas, holidays=no_holidays).due_on == date(2026, 1, 20)
    ends = employment_ends_by(christmas, trigger="no appeal", holidays=no_holidays)
    assert ends.due_on == date(2026, 1, 6)


# deadline_status, around a deadline of Monday 15 September 2025.
DUE = date(2025, 9, 15)


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2025, 9, 8), DeadlineStatus(DeadlineState.DUE, working_days_left=5)),
        (date(2025, 9, 12), DeadlineStatus(DeadlineState.DUE, working_days_left=1)),  # the Friday before
        (date(2025, 9, 14), DeadlineStatus(DeadlineState.DUE, working_days_left=1)),  # the Sunday before
        (DUE, DeadlineStatus(DeadlineState.DUE_TODAY)),
        (date(2025, 9, 16), DeadlineStatus(DeadlineState.OVERDUE, working_days_overdue=1)),
        (date(2025, 9, 17), DeadlineStatus(DeadlineState.OVERDUE, working_days_overdue=2)),
        (date(2025, 9, 22), DeadlineStatus(DeadlineState.OVERDUE, working_days_overdue=5)),
    ],
)
def test_deadline_status_before_on_and_after_the_day(today, expected):
    assert deadline_status(DUE, today=today) == expected


def test_overdue_over_a_weekend_has_lost_no_working_day_yet():
    friday = date(2025, 9, 19)
    assert deadline_status(friday, today=date(2025, 9, 20)) == DeadlineStatus(DeadlineState.OVERDUE)


def test_working_days_left_skip_bank_holidays():
    # Seen on Wednesday 24 December 2025, due Friday 2 January 2026: 29, 30, 31 Dec and 2 Jan.
    assert deadline_status(date(2026, 1, 2), today=date(2025, 12, 24)).working_days_left == 4


@pytest.mark.parametrize(
    "done_on, expected",
    [
        (date(2025, 9, 1), DeadlineStatus(DeadlineState.DONE)),
        (DUE, DeadlineStatus(DeadlineState.DONE)),
        (date(2025, 9, 16), DeadlineStatus(DeadlineState.DONE_LATE, working_days_overdue=1)),
        (date(2025, 9, 19), DeadlineStatus(DeadlineState.DONE_LATE, working_days_overdue=4)),
    ],
)
def test_deadline_status_once_done(done_on, expected):
    # Whatever today is, a finished duty reads as done or done late.
    assert deadline_status(DUE, today=date(2025, 10, 1), done_on=done_on) == expected


def test_the_states_read_as_the_dashboard_shows_them():
    assert [str(state) for state in DeadlineState] == ["done", "done late", "due", "due today", "overdue"]
