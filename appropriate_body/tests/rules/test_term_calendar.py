"""The 3-term school year and exact terms of employment (LEN-001/002). No database."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR, TermCalendar

calendar = DEFAULT_CALENDAR
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


def test_len_001_the_default_school_year_has_three_terms_that_cover_every_day():
    autumn, spring, summer = (calendar.term(2025, n) for n in (1, 2, 3))
    assert (autumn.start, autumn.end) == (date(2025, 9, 1), date(2025, 12, 31))
    assert (spring.start, spring.end) == (date(2026, 1, 1), date(2026, 4, 30))
    assert (summer.start, summer.end) == (date(2026, 5, 1), date(2026, 8, 31))
    assert calendar.next_term(summer) == calendar.term(2026, 1)
    assert str(spring) == "Spring term 2026"


def test_len_001_two_school_years_are_exactly_six_terms():
    assert calendar.terms_between(date(2025, 9, 1), date(2026, 8, 31)) == 3
    assert calendar.terms_between(date(2025, 9, 1), date(2027, 8, 31)) == 6


def test_len_001_a_part_term_counts_in_proportion_to_its_days():
    # 61 of autumn's 122 days.
    assert calendar.terms_between(date(2025, 11, 1), date(2025, 12, 31)) == Fraction(1, 2)
    assert calendar.terms_between(date(2025, 9, 1), date(2025, 9, 1)) == Fraction(1, 122)
    # 29 February makes the spring term one day longer, not a day worth more.
    assert calendar.terms_between(date(2024, 1, 1), date(2024, 4, 30)) == 1


@pytest.mark.parametrize(
    "day, start, end",
    [
        (date(2025, 9, 1), date(2025, 9, 1), date(2025, 12, 31)),
        (date(2025, 12, 31), date(2025, 9, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 4, 30)),
        (date(2024, 2, 29), date(2024, 1, 1), date(2024, 4, 30)),
        (date(2026, 8, 31), date(2026, 5, 1), date(2026, 8, 31)),
    ],
)
def test_term_containing_start_and_end(day, start, end):
    assert calendar.term_start(day) == start
    assert calendar.term_end(day) == end


def test_len_002_a_school_can_use_its_own_three_term_dates():
    easter_split = TermCalendar(term_starts=((9, 1), (1, 1), (4, 15)))
    assert easter_split.term_containing(date(2026, 4, 14)).name == "spring"
    assert easter_split.term_containing(date(2026, 4, 15)).name == "summer"
    assert easter_split.terms_between(date(2025, 9, 1), date(2026, 8, 31)) == 3


@pytest.mark.parametrize(
    "term_starts",
    [
        ((9, 1), (11, 1), (1, 1), (3, 1), (5, 1), (7, 1)),  # six half-terms: convert to 3 (LEN-002)
        ((9, 1), (5, 1), (1, 1)),  # out of order
        ((9, 1), (1, 1), (10, 1)),  # goes round the year twice
        ((9, 1), (2, 29), (5, 1)),  # not in every year
        ((9, 1), (2, 30), (5, 1)),  # no such day
    ],
)
def test_len_002_a_calendar_must_be_three_terms_in_order(term_starts):
    with pytest.raises(ValueError):
        TermCalendar(term_starts=term_starts)


def test_terms_between_refuses_an_end_before_the_start():
    with pytest.raises(ValueError, match="before the start date"):
        calendar.terms_between(date(2025, 9, 2), date(2025, 9, 1))


def test_date_after_terms_gives_the_inclusive_end_of_that_much_employment():
    assert calendar.date_after_terms(date(2025, 9, 1), 1) == date(2025, 12, 31)
    assert calendar.date_after_terms(date(2025, 9, 1), 6) == date(2027, 8, 31)
    # Half of autumn then half of spring (60 of its 120 days).
    assert calendar.date_after_terms(date(2025, 11, 1), 1) == date(2026, 3, 1)
    with pytest.raises(ValueError):
        calendar.date_after_terms(date(2025, 9, 1), 0)


@given(day=days)
def test_every_day_is_in_exactly_the_term_that_contains_it(day):
    term = calendar.term_containing(day)
    assert term.start <= day <= term.end
    assert calendar.next_term(term).start == term.end + timedelta(days=1)


@given(start=days, length=st.integers(min_value=1, max_value=2000), data=st.data())
def test_splitting_a_span_at_any_day_keeps_exactly_the_same_terms(start, length, data):
    """Proved: for start <= d < end, terms(start..d) + terms(d+1..end) == terms(start..end)."""
    end = start + timedelta(days=length)
    split = start + timedelta(days=data.draw(st.integers(min_value=0, max_value=length - 1)))
    whole = calendar.terms_between(start, end)
    assert calendar.terms_between(start, split) + calendar.terms_between(split + timedelta(days=1), end) == whole


@given(start=days, length=st.integers(min_value=0, max_value=2000))
def test_terms_between_is_never_more_than_the_terms_the_span_touches(start, length):
    end = start + timedelta(days=length)
    touched = 0
    for term in calendar.terms_from(start):
        if term.start > end:
            break
        touched += 1
    assert 0 < calendar.terms_between(start, end) <= touched


@given(start=days, terms=st.fractions(min_value=Fraction(1, 1000), max_value=16))
def test_date_after_terms_is_the_first_day_that_reaches_the_terms(start, terms):
    end = calendar.date_after_terms(start, terms)
    assert calendar.terms_between(start, end) >= terms
    if end > start:
        assert calendar.terms_between(start, end - timedelta(days=1)) < terms
