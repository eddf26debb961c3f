"""Working days: weekdays that are not bank holidays in England and Wales (§2.11)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appropriate_body.rules.bank_holidays import standing_rule_holidays
from appropriate_body.rules.working_days import (
    DeliveryMethod,
    add_working_days_beginning_with,
    deemed_receipt,
    is_working_day,
    next_working_day_on_or_after,
    working_days_between,
)

# Starts that keep every result inside the bank holiday table (2018–2030).
starts = st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 6, 30))
lengths = st.integers(min_value=1, max_value=60)


def test_weekdays_work_and_weekends_and_bank_holidays_do_not():
    assert is_working_day(date(2025, 7, 18))  # Friday
    assert not is_working_day(date(2025, 7, 19))  # Saturday
    assert not is_working_day(date(2025, 7, 20))  # Sunday
    assert not is_working_day(date(2025, 8, 25))  # Summer bank holiday
    # A school closure (INSET, half term) is still a working day [I].
    assert is_working_day(date(2025, 10, 27))


def test_the_caller_can_bring_their_own_holidays():
    assert is_working_day(date(2025, 8, 25), holidays=frozenset())
    assert not is_working_day(date(2025, 7, 18), holidays={date(2025, 7, 18)})


def test_a_working_start_day_is_day_one():
    assert add_working_days_beginning_with(date(2025, 7, 18), 1) == date(2025, 7, 18)
    assert add_working_days_beginning_with(date(2025, 7, 18), 2) == date(2025, 7, 21)


def test_a_start_at_the_weekend_counts_from_monday():
    assert add_working_days_beginning_with(date(2025, 7, 19), 1) == date(2025, 7, 21)
    assert add_working_days_beginning_with(date(2025, 7, 20), 3) == date(2025, 7, 23)


def test_a_start_on_a_bank_holiday_counts_from_the_next_working_day():
    # Summer bank holiday, Monday 25 August 2025.
    assert add_working_days_beginning_with(date(2025, 8, 25), 1) == date(2025, 8, 26)
    # Good Friday 2026, then the weekend and Easter Monday: day 1 is Tuesday 7 April.
    assert add_working_days_beginning_with(date(2026, 4, 3), 2) == date(2026, 4, 8)


def test_a_period_is_at_least_one_day():
    with pytest.raises(ValueError):
        add_working_days_beginning_with(date(2025, 7, 18), 0)


def test_christmas_to_new_year_2025():
    # Wed 24 Dec is day 1; 25, 26 Dec are holidays, then the weekend; 1 Jan 2026 is a holiday.
    assert add_working_days_beginning_with(date(2025, 12, 24), 3) == date(2025, 12, 30)
    assert add_working_days_beginning_with(date(2025, 12, 24), 5) == date(2026, 1, 2)


def test_christmas_2026_boxing_day_substitute():
    # Christmas Friday, Boxing Day Saturday, substitute Monday 28 December.
    assert add_working_days_beginning_with(date(2026, 12, 24), 2) == date(2026, 12, 29)


def test_christmas_2027_both_substitutes():
    # Christmas Saturday and Boxing Day Sunday: Monday 27 and Tuesday 28 are holidays.
    assert add_working_days_beginning_with(date(2027, 12, 24), 2) == date(2027, 12, 29)


def test_the_2022_jubilee_weekend():
    # Thursday 2 June (moved spring holiday) and Friday 3 June (Platinum Jubilee).
    assert add_working_days_beginning_with(date(2022, 6, 1), 2) == date(2022, 6, 6)
    # Monday 30 May 2022 was a normal working day: the spring holiday moved away from it.
    assert is_working_day(date(2022, 5, 30))
    assert add_working_days_beginning_with(date(2022, 5, 27), 2) == date(2022, 5, 30)


def test_the_2022_state_funeral():
    assert add_working_days_beginning_with(date(2022, 9, 16), 2) == date(2022, 9, 20)


def test_the_2022_one_offs_differ_from_the_standing_rules():
    ordinary = frozenset(day for day, _ in standing_rule_holidays(2022))
    assert add_working_days_beginning_with(date(2022, 6, 1), 2, holidays=ordinary) == date(2022, 6, 2)
    assert add_working_days_beginning_with(date(2022, 9, 16), 2, holidays=ordinary) == date(2022, 9, 19)


def test_ve_day_2020_and_the_coronation_2023():
    assert is_working_day(date(2020, 5, 4))
    assert not is_working_day(date(2020, 5, 8))
    assert not is_working_day(date(2023, 5, 8))


def test_next_working_day_on_or_after():
    assert next_working_day_on_or_after(date(2025, 12, 29)) == date(2025, 12, 29)
    assert next_working_day_on_or_after(date(2025, 12, 25)) == date(2025, 12, 29)


def test_working_days_between_counts_after_the_first_day_up_to_the_second():
    monday, thursday = date(2025, 7, 21), date(2025, 7, 24)
    assert working_days_between(monday, thursday) == 3
    assert working_days_between(thursday, monday) == -3
    assert working_days_between(monday, monday) == 0
    # Friday to the Saturday after: no working day has passed.
    assert working_days_between(date(2025, 7, 25), date(2025, 7, 26)) == 0
    # Saturday to Monday: one.
    assert working_days_between(date(2025, 7, 26), date(2025, 7, 28)) == 1
    # Across the 2025 Christmas holidays: 29, 30, 31 Dec and 2 Jan.
    assert working_days_between(date(2025, 12, 24), date(2026, 1, 2)) == 4


def test_dl_010_an_email_is_received_the_second_day_after():
    # §2.11 worked example: emailed Tuesday 23 December 2025, deemed received Thursday 25 December.
    assert deemed_receipt(date(2025, 12, 23), DeliveryMethod.EMAIL) == date(2025, 12, 25)
    assert deemed_receipt(date(2025, 12, 23), "email") == date(2025, 12, 25)


def test_dl_010_counts_calendar_days_even_over_a_weekend():
    # Faxed on a Friday: deemed received on the Sunday.
    assert deemed_receipt(date(2025, 7, 18), DeliveryMethod.FAX) == date(2025, 7, 20)


def test_a_notice_handed_over_is_received_that_day():
    assert deemed_receipt(date(2025, 7, 18), DeliveryMethod.BY_HAND) == date(2025, 7, 18)


@pytest.mark.parametrize("method", ["post", "first class post", ""])
def test_methods_the_rules_do_not_cover_are_refused(method):
    with pytest.raises(ValueError):
        deemed_receipt(date(2025, 7, 18), method)


@given(start=starts, n=lengths)
def test_the_result_is_always_a_working_day(start, n):
    assert is_working_day(add_working_days_beginning_with(start, n))


@given(start=starts, n=lengths)
def test_the_result_is_never_before_the_start(start, n):
    assert add_working_days_beginning_with(start, n) >= start


@given(start=starts, n=lengths)
def test_counting_back_gives_n(start, n):
    # "Beginning with start": the n working days are those in [start, result], which
    # working_days_between counts as (start - 1 day, result].
    end = add_working_days_beginning_with(start, n)
    assert working_days_between(start - timedelta(days=1), end) == n


@given(start=starts, n=lengths)
def test_one_more_day_is_always_later(start, n):
    assert add_working_days_beginning_with(start, n + 1) > add_working_days_beginning_with(start, n)


@given(a=starts, b=starts)
def test_working_days_between_is_antisymmetric(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)
