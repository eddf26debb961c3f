"""Progress reviews, formal and interim assessments (PR-*, FA-*, INT-*, LEN-004, EXT-*). No database."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appropriate_body.rules.schedule import (
    ItemKind,
    ScheduledItem,
    absence_extension_terms,
    first_day_back,
    generate_schedule,
    induction_schedule,
    interim_assessment_due,
    wait_for_return,
)
from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR as calendar

REVIEW, FORMAL, FINAL = ItemKind.PROGRESS_REVIEW, ItemKind.FORMAL_ASSESSMENT, ItemKind.FINAL_ASSESSMENT
SEPTEMBER_2025 = date(2025, 9, 1)


def terms_of(schedule: list[ScheduledItem], kind: ItemKind) -> list[int]:
    return [item.term_number for item in schedule if item.kind == kind]


def test_pr_001_fa_001_full_time_reviews_in_terms_1_2_4_5_and_assessments_in_3_and_6():
    schedule = generate_schedule(SEPTEMBER_2025, 1)
    assert [(i.kind, i.term_number, i.due_on, i.rule_id) for i in schedule] == [
        (REVIEW, 1, date(2025, 12, 31), "PR-001"),
        (REVIEW, 2, date(2026, 4, 30), "PR-001"),
        (FORMAL, 3, date(2026, 8, 31), "FA-001"),
        (REVIEW, 4, date(2026, 12, 31), "PR-001"),
        (REVIEW, 5, date(2027, 4, 30), "PR-001"),
        (FINAL, 6, date(2027, 8, 31), "FA-001"),
    ]


def test_pr_001_len_004_half_time_has_a_review_every_term_and_assessments_in_terms_6_and_12():
    # §10 Part-time: a review every term whatever the FTE; each term has one review or assessment.
    schedule = generate_schedule(SEPTEMBER_2025, Decimal("0.5"))
    assert terms_of(schedule, REVIEW) == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11]
    assert terms_of(schedule, FORMAL) == [6]
    assert terms_of(schedule, FINAL) == [12]
    assert sorted(item.term_number for item in schedule) == list(range(1, 13))
    assert schedule[-1].due_on == date(2029, 8, 31)  # 4 school years (LEN-004)


@pytest.mark.parametrize("fte", [Decimal("0.4"), Decimal("0.5"), Decimal("0.6"), Decimal("0.8"), Decimal("0.9")])
def test_pr_001_part_timers_have_a_review_every_term_not_within_a_term_of_an_assessment(fte):
    schedule = generate_schedule(SEPTEMBER_2025, fte)
    assessment_points = [Fraction(3) / Fraction(fte), Fraction(6) / Fraction(fte)]
    expected = [
        n for n in range(1, 100) if n < assessment_points[1] and all(abs(n - p) >= 1 for p in assessment_points)
    ]
    assert terms_of(schedule, REVIEW) == expected


def test_pr_002_a_review_within_less_than_a_term_of_an_assessment_is_dropped():
    # 0.8 FTE: year 1 ends 3.75 terms of employment in (term 4), the final at 7.5 (term 8).
    schedule = generate_schedule(SEPTEMBER_2025, Decimal("0.8"))
    assert terms_of(schedule, REVIEW) == [1, 2, 5, 6]  # not 3, 4 (near 3.75) or 7 (near 7.5)
    assert terms_of(schedule, FORMAL) == [4]
    assert terms_of(schedule, FINAL) == [8]
    # Year 1 ends three-quarters of the way into autumn 2026 (92 of its 122 days → 1 Dec).
    assert [i.due_on for i in schedule if i.kind == FORMAL] == [date(2026, 12, 1)]


def test_pr_002_joined_halfway_through_term_1_review_by_halfway_through_term_2():
    # 1 Nov is halfway through autumn (61 of 122 days); 1 Mar is day 60 of spring's 120.
    schedule = generate_schedule(date(2025, 11, 1), 1)
    assert schedule[0] == ScheduledItem(REVIEW, 1, date(2026, 3, 1), "PR-001")
    assert calendar.terms_between(date(2026, 1, 1), date(2026, 3, 1)) == Fraction(1, 2)


def test_fa_001_two_formal_assessments_the_second_is_the_final_one():
    schedule = generate_schedule(SEPTEMBER_2025, 1)
    assert [i.kind for i in schedule if i.kind != REVIEW] == [FORMAL, FINAL]
    assert schedule[-1].kind == FINAL


def test_ext_002_an_ab_extension_pushes_back_the_final_assessment_only():
    schedule = generate_schedule(SEPTEMBER_2025, 1, extra_terms=Decimal("1.5"))
    assert terms_of(schedule, FORMAL) == [3]
    assert terms_of(schedule, FINAL) == [8]  # at 7.5 terms
    assert schedule[-1].due_on == date(2028, 3, 1)  # half of spring 2028 (61 of 121 days)
    assert terms_of(schedule, REVIEW) == [1, 2, 4, 5, 6]  # reviews carry on [I]


def test_abs_002_a_year_one_absence_extension_pushes_back_both_assessments():
    schedule = generate_schedule(SEPTEMBER_2025, 1, year_one_extra_terms=Decimal("0.5"))
    assert terms_of(schedule, FORMAL) == [4]  # at 3.5
    assert terms_of(schedule, FINAL) == [7]  # at 6.5
    assert [i.due_on for i in schedule if i.kind != REVIEW] == [date(2026, 10, 31), date(2027, 10, 31)]


def test_min_003_a_transferring_ect_resumes_from_the_terms_already_served():
    schedule = generate_schedule(SEPTEMBER_2025, 1, terms_already_served=Decimal("2.5"))
    assert [(i.kind, i.term_number) for i in schedule] == [(FORMAL, 1), (REVIEW, 2), (FINAL, 4)]
    # Past year 1 already: no year-1 assessment left.
    later = generate_schedule(SEPTEMBER_2025, 1, terms_already_served=4)
    assert [(i.kind, i.term_number) for i in later] == [(REVIEW, 1), (FINAL, 2)]


def test_schedule_refuses_a_bad_fte_or_nothing_left_to_do():
    for fte in (0, Decimal("1.5")):
        with pytest.raises(ValueError, match="FTE"):
            generate_schedule(SEPTEMBER_2025, fte)
    with pytest.raises(ValueError, match="already complete"):
        generate_schedule(SEPTEMBER_2025, 1, terms_already_served=6)
    with pytest.raises(ValueError, match="negative"):
        generate_schedule(SEPTEMBER_2025, 1, extra_terms=-1)


full_time = generate_schedule(SEPTEMBER_2025, 1)


def test_int_001_leaving_after_a_term_or_more_before_the_next_assessment_needs_an_interim():
    left_on = date(2026, 2, 13)
    served = calendar.terms_between(SEPTEMBER_2025, left_on)
    assert interim_assessment_due(left_on, served, schedule=full_time) == ScheduledItem(
        ItemKind.INTERIM_ASSESSMENT, 2, left_on, "INT-001"
    )


def test_int_001_leaving_during_the_final_term_still_needs_an_interim():
    left_on = date(2027, 6, 30)
    item = interim_assessment_due(left_on, calendar.terms_between(SEPTEMBER_2025, left_on), schedule=full_time)
    assert item is not None and item.term_number == 6


def test_int_001_no_interim_under_a_term_on_an_assessment_day_or_after_the_final():
    assert interim_assessment_due(date(2025, 12, 1), Fraction(91, 122), schedule=full_time) is None
    assert interim_assessment_due(date(2026, 8, 31), 3, schedule=full_time) is None
    assert interim_assessment_due(date(2027, 9, 30), Decimal("6.3"), schedule=full_time) is None


def test_int_001_min_001_a_part_timer_leaving_after_one_term_of_employment_needs_an_interim():
    half_time = generate_schedule(SEPTEMBER_2025, Decimal("0.5"))
    item = interim_assessment_due(date(2025, 12, 31), 1, schedule=half_time)
    assert item is not None and item.term_number == 1


def test_ext_004_leaving_part_way_through_an_extension_needs_an_interim():
    extended = generate_schedule(SEPTEMBER_2025, 1, extra_terms=2)
    left_on = date(2027, 11, 15)  # after the original term 6, inside the extension
    item = interim_assessment_due(left_on, calendar.terms_between(SEPTEMBER_2025, left_on), schedule=extended)
    assert item is not None and item.term_number == 7


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    fte=st.integers(min_value=10, max_value=100).map(lambda n: Decimal(n) / 100),
    extra=st.integers(min_value=0, max_value=40).map(lambda n: Decimal(n) / 10),
    year_one=st.integers(min_value=0, max_value=20).map(lambda n: Decimal(n) / 10),
)
def test_every_schedule_is_in_order_and_ends_with_the_one_final_assessment(start, fte, extra, year_one):
    schedule = generate_schedule(start, fte, extra_terms=extra, year_one_extra_terms=year_one)
    assert [i.due_on for i in schedule] == sorted(i.due_on for i in schedule)
    assert schedule[-1].kind == FINAL and terms_of(schedule, FINAL) == [schedule[-1].term_number]
    assert len(terms_of(schedule, FORMAL)) == 1
    reviews = terms_of(schedule, REVIEW)
    assert reviews == sorted(set(reviews))  # at most one review a term
    assert all(1 <= n < schedule[-1].term_number for n in reviews)
    # The final assessment falls where the FTE terms required have been served.
    required = 6 + Fraction(extra) + Fraction(year_one)
    assert calendar.terms_between(start, schedule[-1].due_on) * Fraction(fte) >= required


# --- Absence: extensions push assessments back, and nothing is held while the ECT is away -------------

def test_abs_002_an_absence_extension_in_days_moves_its_parts_assessment_by_those_days_as_terms():
    # 65 contracted days are one FTE term (195 a year), so 30 days of year 1 are 6/13 of a term.
    assert absence_extension_terms(65) == 1 and absence_extension_terms(30) == Fraction(6, 13)
    plain = induction_schedule(SEPTEMBER_2025, 1, served_before=0, required=6)
    year_one = induction_schedule(SEPTEMBER_2025, 1, served_before=0, required=6, absence_extension_days={1: 65})
    year_two = induction_schedule(SEPTEMBER_2025, 1, served_before=0, required=6, absence_extension_days={2: 65})
    assert terms_of(plain, FORMAL) == [3] and terms_of(plain, FINAL) == [6]
    assert terms_of(year_one, FORMAL) == [4] and terms_of(year_one, FINAL) == [7]  # year 1's days move both
    assert terms_of(year_two, FORMAL) == [3] and terms_of(year_two, FINAL) == [7]  # year 2's only the final


def test_first_day_back_skips_every_absence_covering_the_day_including_back_to_back_ones():
    spans = [(date(2026, 3, 1), date(2026, 3, 20)), (date(2026, 3, 21), date(2026, 4, 2))]
    assert first_day_back(date(2026, 2, 28), spans) == date(2026, 2, 28)
    assert first_day_back(date(2026, 3, 1), spans) == date(2026, 4, 3)
    assert first_day_back(date(2026, 4, 2), spans) == date(2026, 4, 3)
    assert first_day_back(date(2026, 4, 3), spans) == date(2026, 4, 3)


def test_pr_002_fa_002_what_falls_due_during_an_absence_waits_for_the_return_and_says_so():
    schedule = generate_schedule(SEPTEMBER_2025, 1)
    review, formal = schedule[0], next(item for item in schedule if item.kind == FORMAL)
    assert (review.due_on, formal.due_on) == (date(2025, 12, 31), date(2026, 8, 31))
    away = [(date(2025, 12, 1), date(2026, 1, 9)), (date(2026, 8, 1), date(2026, 9, 4))]
    moved = wait_for_return(schedule, away)
    moved_review = next(item for item in moved if item.kind == REVIEW and item.term_number == 1)
    moved_formal = next(item for item in moved if item.kind == FORMAL)
    assert (moved_review.due_on, moved_review.moved_from) == (date(2026, 1, 10), date(2025, 12, 31))  # PR-002
    assert (moved_formal.due_on, moved_formal.moved_from) == (date(2026, 9, 5), date(2026, 8, 31))  # FA-002
    untouched = [item for item in moved if item.moved_from is None]
    assert len(untouched) == len(schedule) - 2 and all(item in schedule for item in untouched)
    assert [item.due_on for item in moved] == sorted(item.due_on for item in moved)
