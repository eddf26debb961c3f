"""An ECT's progress reviews and assessments (domain-rules.md §2.10 PR-*, FA-*, INT-*).

Everything is placed on a single axis: terms of employment counted from the induction start
date (term 1 is the first term's worth of employment, whenever in a school term it began).
An FTE-year of induction (3 FTE terms) lasts 3 / FTE terms of employment: at 0.5 FTE, year 1
ends after 6 terms of employment (LEN-004).

- A formal assessment falls where each FTE-year ends: year 1 at 3 FTE terms, the final one at
  6 (FA-001), both pushed back by extensions.
- A progress review falls at the end of every term of employment (PR-001), except where it
  would be less than one term from a formal assessment; then only the assessment is held
  (PR-002). For a full-timer who starts at a term start that leaves reviews in terms 1, 2, 4
  and 5, which is PR-001's list, so one rule serves full-timers and part-timers alike.
  [I] TODO(confirm): SG24 states the "less than one term" rule for part-timers only; applying
  it to a full-timer matters only when an extension moves an assessment off a term boundary.
- Due dates are the last day of that term of employment. So an ECT who joined halfway through
  school term 1 has the first review due halfway through school term 2 (PR-002). Exact dates
  are agreed locally (FA-001); these are the latest sensible ones.
- Absence moves dates twice over: a part extended by its absence (ABS-002) pushes that part's
  assessment back, and anything due while the ECT is away waits for their return (PR-002, FA-002).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from math import ceil

from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR, TermCalendar
from appropriate_body.rules.terms import FULL_INDUCTION_TERMS, MINIMUM_EMPLOYMENT_TERMS, TERMS_PER_PART, Number


class ItemKind(StrEnum):
    PROGRESS_REVIEW = "progress_review"
    FORMAL_ASSESSMENT = "formal_assessment"
    FINAL_ASSESSMENT = "final_assessment"
    INTERIM_ASSESSMENT = "interim_assessment"


ASSESSMENTS = frozenset({ItemKind.FORMAL_ASSESSMENT, ItemKind.FINAL_ASSESSMENT})


@dataclass(frozen=True)
class ScheduledItem:
    kind: ItemKind
    term_number: int  # 1-based term of employment from the induction start
    due_on: date
    rule_id: str
    # PR-002/FA-002: the date it was due before it waited for the ECT's return from an absence.
    moved_from: date | None = None


# [I] ABS-006 counts the days the ECT was contracted to work; a full-time teacher is contracted for
# 195 days a year (STPCD), so an FTE term of induction is 65 of them.
CONTRACTED_DAYS_PER_FTE_TERM = 65


def absence_extension_terms(days: int) -> Fraction:
    """ABS-002's extension of a part, in FTE terms, for placing its assessment on the term axis."""
    return Fraction(days, CONTRACTED_DAYS_PER_FTE_TERM)


def _term_number(point: Fraction) -> int:
    """The term of employment a point on the axis falls in: (n - 1, n] is term n."""
    return max(1, ceil(point))


def generate_schedule(
    start_date: date,
    fte: Number,
    *,
    calendar: TermCalendar = DEFAULT_CALENDAR,
    extra_terms: Number = 0,
    year_one_extra_terms: Number = 0,
    terms_already_served: Number = 0,
) -> list[ScheduledItem]:
    """Progress reviews, the year-1 formal assessment and the final assessment, in date order.

    fte: 1 is full-time; 0.5 works half the time. The working pattern is assumed steady;
    regenerate from the date it changes (REC-002 asks for changes to be noted anyway).
    extra_terms: FTE terms that push back the final assessment only: AB extensions (EXT-002)
    and year-2 absence extensions converted to terms by the caller (ABS-002).
    year_one_extra_terms: FTE terms extending year 1 (a year-1 absence extension, ABS-001/002);
    they push back both assessments.
    terms_already_served: FTE terms served in earlier periods (MIN-003: "resume from there").
    """
    share = Fraction(fte)
    if not 0 < share <= 1:
        raise ValueError("FTE must be more than 0 and at most 1 (1 is full-time).")
    year_one, extra, served = Fraction(year_one_extra_terms), Fraction(extra_terms), Fraction(terms_already_served)
    if min(year_one, extra, served) < 0:
        raise ValueError("Extensions and terms already served cannot be negative.")
    year_one_ends = TERMS_PER_PART + year_one - served
    induction_ends = Fraction(FULL_INDUCTION_TERMS) + year_one + extra - served
    if induction_ends <= 0:
        raise ValueError("Induction is already complete: nothing left to schedule.")

    # Points on the employment axis where each assessment falls.
    assessments = []
    if year_one_ends > 0:
        assessments.append((year_one_ends / share, ItemKind.FORMAL_ASSESSMENT))
    assessments.append((induction_ends / share, ItemKind.FINAL_ASSESSMENT))

    items = [
        ScheduledItem(kind, _term_number(point), calendar.date_after_terms(start_date, point), "FA-001")
        for point, kind in assessments
    ]
    final_point = assessments[-1][0]
    for n in range(1, ceil(final_point)):
        if all(abs(n - point) >= 1 for point, _ in assessments):
            items.append(ScheduledItem(ItemKind.PROGRESS_REVIEW, n, calendar.date_after_terms(start_date, n), "PR-001"))
    return sorted(items, key=lambda item: (item.due_on, item.kind != ItemKind.PROGRESS_REVIEW))


def induction_schedule(start_date: date, fte: Number, *, served_before: Number, required: Number,
                       absence_extension_days: Mapping[int, int] | None = None,
                       calendar: TermCalendar = DEFAULT_CALENDAR) -> list[ScheduledItem]:
    """One period's schedule within the whole induction: `served_before` FTE terms from earlier periods
    (MIN-003), `required` the terms required (LEN-009); empty once those are served.
    `absence_extension_days`: ABS-002's extension of each part (1 and 2) in days.

    A reduction (LEN-005/006) the AB agreed comes in as terms already served (assessments.period_schedule),
    so the final assessment comes forward once it is agreed; extensions push the final one back.
    """
    if Fraction(served_before) >= Fraction(required):
        return []
    by_part = absence_extension_days or {}
    year_one = absence_extension_terms(by_part.get(1, 0))
    extra = max(Fraction(required) - Fraction(FULL_INDUCTION_TERMS), Fraction(0)) + absence_extension_terms(by_part.get(2, 0))
    return generate_schedule(start_date, fte, calendar=calendar, terms_already_served=served_before, extra_terms=extra,
                             year_one_extra_terms=year_one)


def first_day_back(day: date, absences: Iterable[tuple[date, date]]) -> date:
    """The first day from `day` on which the ECT is not away: past every absence (first and last
    day, inclusive) that covers it, including absences that follow straight on from each other."""
    spans = sorted(absences)
    moved = True
    while moved:
        moved = False
        for first, last in spans:
            if first <= day <= last:
                day, moved = last + timedelta(days=1), True
    return day


def wait_for_return(items: Sequence[ScheduledItem], absences: Iterable[tuple[date, date]]) -> list[ScheduledItem]:
    """PR-002: a review due while the ECT is absent is rescheduled for their return; FA-002: no formal
    assessment while they are absent. Each moves to the first day back (and says where it was)."""
    spans = list(absences)
    moved = []
    for item in items:
        back = first_day_back(item.due_on, spans)
        moved.append(item if back == item.due_on else replace(item, due_on=back, moved_from=item.due_on))
    return sorted(moved, key=lambda item: (item.due_on, item.kind != ItemKind.PROGRESS_REVIEW))


def interim_assessment_due(
    left_on: date, terms_of_employment_served: Number, *, schedule: Sequence[ScheduledItem]
) -> ScheduledItem | None:
    """INT-001: the interim assessment owed when an ECT leaves, or None when none is owed.

    Owed when the ECT leaves after one term of employment or more (MIN-001's term, so a
    part-timer's 1 term counts) and before the next formal assessment would take place,
    including part-way through the final term or an extension (EXT-004). None when the ECT
    leaves on an assessment's due date (that assessment is the record) or after the final
    assessment. It is due on the last day: SG24 2.63 asks for it before the ECT leaves.
    """
    served = Fraction(terms_of_employment_served)
    if served < MINIMUM_EMPLOYMENT_TERMS:
        return None
    upcoming = [item for item in schedule if item.kind in ASSESSMENTS and item.due_on >= left_on]
    if not upcoming or min(item.due_on for item in upcoming) == left_on:
        return None
    return ScheduledItem(ItemKind.INTERIM_ASSESSMENT, _term_number(served), left_on, "INT-001")
