"""The completion, decision and appeal deadlines (domain-rules.md §2.11, DL-001..DL-013).

One function per duty. Each returns a Deadline naming its rule, so a case page or the AB
dashboard can show what is due, by when, and why, then ask deadline_status how it stands.
Periods are "N working days beginning with" the trigger day: the trigger day is day 1 when
it is a working day (working_days.add_working_days_beginning_with).
"""

from collections.abc import Container
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from appropriate_body.rules.bank_holidays import ENGLAND_AND_WALES
from appropriate_body.rules.working_days import ONE_DAY, DeliveryMethod, add_working_days_beginning_with, deemed_receipt, working_days_between


@dataclass(frozen=True)
class Deadline:
    rule_id: str
    # Plain English for induction tutors and AB staff: who owes what to whom.
    label: str
    due_on: date


def headteacher_recommendation_due(completed_on: date, *, holidays: Container[date] = ENGLAND_AND_WALES) -> Deadline:
    """DL-001: the headteacher's written recommendation reaches the AB (copy to the ECT) within
    10 working days beginning with the day induction was completed (REG reg 11(3))."""
    return Deadline(
        "DL-001",
        "Headteacher's recommendation to the appropriate body",
        add_working_days_beginning_with(completed_on, 10, holidays),
    )


def signed_report_due(meeting_on: date, *, holidays: Container[date] = ENGLAND_AND_WALES) -> Deadline:
    """DL-002: a copy of the final assessment report, signed by the induction tutor, the headteacher
    and the ECT (FA-005), reaches the AB within 10 working days of the final assessment meeting
    (SG24 2.61).

    "Of the meeting" is read as "beginning with" it: the meeting day is day 1 when it is a working
    day, as this module reads "within 10 working days of" for DL-012 and DL-013. Of the two readings
    it gives the earlier date, so a school chased on it is never late by the other.
    [I] TODO(confirm): SG24 does not say whether the meeting day counts.

    Example: a meeting on Friday 19 December 2025 is day 1; Christmas Day, Boxing Day and New
    Year's Day do not count, so the report is due by Tuesday 6 January 2026.
    """
    return Deadline(
        "DL-002",
        "Signed final assessment report to the appropriate body",
        add_working_days_beginning_with(meeting_on, 10, holidays),
    )


# The earlier name of signed_report_due, kept for its callers.
final_report_due = signed_report_due


def representations_due(recommendation_received_on: date, *, holidays: Container[date] = ENGLAND_AND_WALES) -> Deadline:
    """DL-003: the ECT may send the AB written representations within 10 working days
    beginning with the day they received the headteacher's recommendation (REG reg 11(4))."""
    return Deadline(
        "DL-003",
        "ECT's comments on the headteacher's recommendation",
        add_working_days_beginning_with(recommendation_received_on, 10, holidays),
    )


def ab_decision_due(recommendation_received_on: date, *, holidays: Container[date] = ENGLAND_AND_WALES) -> Deadline:
    """DL-004: the AB decides (pass, extend or fail) within 20 working days beginning with the
    day it received the headteacher's recommendation (REG reg 11(5); SG24 2.67)."""
    return Deadline(
        "DL-004",
        "Appropriate body's decision on the induction",
        add_working_days_beginning_with(recommendation_received_on, 20, holidays),
    )


def decision_notices_due(decided_on: date, *, holidays: Container[date] = ENGLAND_AND_WALES) -> Deadline:
    """DL-006: written notice of the decision to the ECT, the headteacher, the employer (if not
    the AB) and TRA within 3 working days beginning with the decision (REG reg 11(7); SG24 2.69).

    DL-007: SG24 lets a pass reach TRA "via the termly return"; whether the TRA copy of a pass
    is held to these 3 days is the caller's choice [I] TODO(confirm).
    """
    return Deadline(
        "DL-006",
        "Written notice of the decision to the ECT, headteacher, employer and TRA",
        add_working_days_beginning_with(decided_on, 3, holidays),
    )


def appeal_window_ends(
    notice_sent_on: date, method: DeliveryMethod | str, *, holidays: Container[date] = ENGLAND_AND_WALES
) -> Deadline:
    """DL-009: the ECT may appeal to TRA within 20 working days beginning with the day they are
    deemed to have received the decision notice (REG Sch.3 para 2), which is DL-010's
    deemed_receipt. After it, an appeal is out of time save in exceptional circumstances."""
    received_on = deemed_receipt(notice_sent_on, method)
    return Deadline(
        "DL-009",
        "Last day for the ECT to appeal to the Teaching Regulation Agency",
        add_working_days_beginning_with(received_on, 20, holidays),
    )


def ab_appeal_response_due(copy_received_on: date, *, holidays: Container[date] = ENGLAND_AND_WALES) -> Deadline:
    """DL-011: the AB answers the appeal (defends or not, its response to the grounds, whether it
    wants an oral hearing, its documents) within 20 working days beginning with the day it
    received TRA's copy of the notice of appeal (REG Sch.3 para 6)."""
    return Deadline(
        "DL-011",
        "Appropriate body's reply to the ECT's appeal",
        add_working_days_beginning_with(copy_received_on, 20, holidays),
    )


class EmploymentEndTrigger(StrEnum):
    """What starts the employer's 10 working days to end a failed ECT's employment."""

    NO_APPEAL = "no appeal"  # DL-012: the ECT gave notice that they will not appeal.
    APPEAL_TIME_EXPIRED = "appeal time expired"  # DL-012: the appeal window passed unused.
    APPEAL_DISMISSED = "appeal dismissed"  # DL-013: the employer received notice of dismissal.


def employment_ends_by(
    trigger_on: date, *, trigger: EmploymentEndTrigger | str, holidays: Container[date] = ENGLAND_AND_WALES
) -> Deadline:
    """DL-012 / DL-013: a failed ECT's employment in a relevant school ends within 10 working
    days of the trigger (REG reg 12(3), 12(4); SG24 2.72).

    trigger_on is the day of the ECT's notice (NO_APPEAL), the last day of the appeal window
    (APPEAL_TIME_EXPIRED, as appeal_window_ends gives it) or the day the employer received notice
    of the dismissed appeal (APPEAL_DISMISSED).

    [I] TODO(confirm): REG says "within 10 working days of", not "beginning with"; the trigger day
    counts as day 1, as for DL-002. The time limit expires at the end of its last day, so for
    APPEAL_TIME_EXPIRED counting starts the day after it.
    """
    trigger = EmploymentEndTrigger(trigger)
    if trigger is EmploymentEndTrigger.APPEAL_TIME_EXPIRED:
        trigger_on += ONE_DAY
    rule_id = "DL-013" if trigger is EmploymentEndTrigger.APPEAL_DISMISSED else "DL-012"
    return Deadline(
        rule_id,
        "Employer ends the ECT's employment after the failed induction",
        add_working_days_beginning_with(trigger_on, 10, holidays),
    )


class DeadlineState(StrEnum):
    DONE = "done"
    DONE_LATE = "done late"
    DUE = "due"
    DUE_TODAY = "due today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DeadlineStatus:
    state: DeadlineState
    # Working days after today up to the due date (DUE only; 0 otherwise).
    working_days_left: int = 0
    # Working days after the due date up to today (OVERDUE), or up to done_on (DONE_LATE).
    # 0 is possible when overdue: due Friday, seen on the Saturday after.
    working_days_overdue: int = 0


def deadline_status(
    due_on: date, *, today: date, done_on: date | None = None, holidays: Container[date] = ENGLAND_AND_WALES
) -> DeadlineStatus:
    """How a deadline stands today: done, done late, due (with working days left), due today,
    or overdue (with working days overdue). A duty done on its due date is on time."""
    if done_on is not None:
        if done_on <= due_on:
            return DeadlineStatus(DeadlineState.DONE)
        late_by = working_days_between(due_on, done_on, holidays)
        return DeadlineStatus(DeadlineState.DONE_LATE, working_days_overdue=late_by)
    if today == due_on:
        return DeadlineStatus(DeadlineState.DUE_TODAY)
    if today < due_on:
        return DeadlineStatus(DeadlineState.DUE, working_days_left=working_days_between(today, due_on, holidays))
    return DeadlineStatus(DeadlineState.OVERDUE, working_days_overdue=working_days_between(due_on, today, holidays))
