"""Terms served and required (LEN-*, MIN-*, EXT-006, §2.14 and §10 "Terms"/"Part-time"). No database."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR as calendar
from appropriate_body.rules.terms import (
    InvalidTerms,
    check_extension_terms,
    check_number_of_terms,
    estimated_terms_served,
    format_terms,
    fte_terms,
    is_complete,
    recorded_number_of_terms,
    round_down,
    terms_completed,
    terms_remaining,
    terms_required,
    tra_whole_terms,
    x_of_y,
)

D = Decimal


@pytest.mark.parametrize("value, expected", [("2.5", D("2.5")), (0, D("0.0")), ("16", D("16.0")), (D("0.5"), D("0.5"))])
def test_len_008_number_of_terms_accepts_0_to_16_at_one_decimal_place(value, expected):
    assert check_number_of_terms(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("2.55", "Enter the number of terms to one decimal place, like 2.5"),
        ("17", "Number of terms must be between 0 and 16"),
        ("-1", "Number of terms must be between 0 and 16"),
        ("1e40", "Number of terms must be between 0 and 16"),
        ("two", "Enter the number of terms as a number, like 2.5"),
        ("NaN", "Enter the number of terms as a number, like 2.5"),
        (None, "Enter the number of terms as a number, like 2.5"),
        (True, "Enter the number of terms as a number, like 2.5"),
    ],
)
def test_len_008_number_of_terms_rejects_with_a_clear_message(value, message):
    with pytest.raises(InvalidTerms) as error:
        check_number_of_terms(value)
    assert str(error.value) == message


@pytest.mark.parametrize("value", ["0.1", "1.5", "16", 3])
def test_ext_006_extension_accepts_0_1_to_16_at_one_decimal_place(value):
    assert check_extension_terms(value) == D(str(value)).quantize(D("0.1"))


@pytest.mark.parametrize(
    "value, message",
    [
        ("1.25", "Enter the extension in terms to one decimal place, like 1.5"),  # §2.14 vector
        ("0", "An extension must be between 0.1 and 16 terms"),
        ("16.1", "An extension must be between 0.1 and 16 terms"),
    ],
)
def test_ext_006_extension_rejects_out_of_range_or_two_places(value, message):
    with pytest.raises(InvalidTerms, match=message):
        check_extension_terms(value)


def test_len_009_terms_required_is_six_plus_every_extension():
    assert terms_required() == 6
    assert terms_required([D("1.5")]) == D("7.5")  # §2.14 vector
    assert terms_required(["1.5", "0.5", 2]) == 10
    with pytest.raises(InvalidTerms):
        terms_required(["1.25"])  # §2.14: an extension of 1.25 is rejected


def test_len_009_x_of_y_is_shown_without_a_trailing_point_0():
    assert x_of_y(D("2.5"), terms_required()) == "2.5 of 6 terms"
    assert x_of_y(D("6.0"), terms_required(["1.5"])) == "6 of 7.5 terms"
    assert x_of_y(Fraction(5, 4), 6) == "1.25 of 6 terms"  # LEN-010: an exact local figure
    assert format_terms(Fraction(2, 3)) == "0.66"  # rounded down: never overstates


def test_len_011_terms_completed_adds_each_periods_own_figure():
    # Two periods with two ABs: 2.5 then 3.5 (each "with that AB in that period").
    assert terms_completed([D("2.5"), D("3.5")]) == 6
    assert terms_completed([]) == 0
    assert terms_completed([D("1.2"), Fraction(5, 4)]) == Fraction(49, 20)


def test_len_007_induction_is_complete_when_served_reaches_required():
    # §2.14 vector: full-time, 6.0 served, no extensions → complete.
    assert is_complete(D("6.0"), terms_required())
    assert not is_complete(D("5.9"), terms_required())
    assert not is_complete(D("6.0"), terms_required(["1.5"]))


def test_len_006_reduction_for_experience_goes_down_to_one_term_and_no_further():
    assert terms_required(reduction=5) == 1
    assert terms_required(["0.5"], reduction=5) == D("1.5")
    for too_much in ("5.1", "6", "-1"):
        with pytest.raises(InvalidTerms, match="no less than 1 term"):
            terms_required(reduction=too_much)


def test_len_005_a_part_time_reduction_brings_the_required_terms_forward():
    assert terms_required(reduction="0.5") == D("5.5")


def test_len_004_half_time_for_four_school_years_is_two_fte_years():
    four_years = calendar.terms_between(date(2025, 9, 1), date(2029, 8, 31))
    assert four_years == 12
    assert fte_terms(four_years, D("0.5")) == 6


def test_min_001_a_half_time_ect_employed_for_one_term_counts_and_records_0_5():
    # §10 Part-time: one term of *employment* meets the minimum whatever the FTE.
    one_term = calendar.terms_between(date(2025, 9, 1), date(2025, 12, 31))
    assert fte_terms(one_term, D("0.5")) == Fraction(1, 2)
    assert recorded_number_of_terms(fte_terms(one_term, D("0.5"))) == D("0.5")


def test_min_001_min_004_under_one_term_of_employment_counts_nothing():
    # §2.14 vector: 0.8 term of employment then leaves → 0 terms.
    assert fte_terms(D("0.8"), 1) == 0
    assert recorded_number_of_terms(fte_terms(D("0.8"), 1)) == D("0.0")
    # MIN-004's old "0 or at least 1" check is not applied to the FTE figure (see MIN-001 test).
    assert check_number_of_terms("0.5") == D("0.5")


def test_min_002_after_the_minimum_part_terms_count():
    assert fte_terms(D("1.3"), 1) == Fraction(13, 10)


def test_min_003_full_time_leaves_after_two_and_a_half_terms():
    recorded = recorded_number_of_terms(fte_terms(D("2.5"), 1))
    assert recorded == D("2.5")
    assert terms_remaining(recorded, terms_required()) == Fraction(7, 2)


def test_min_003_len_010_half_time_for_two_and_a_half_terms_keeps_1_25_locally():
    exact = fte_terms(D("2.5"), D("0.5"))  # §2.14 vector
    assert exact == Fraction(5, 4)  # the local record (LEN-010: exact length)
    assert recorded_number_of_terms(exact) == D("1.2")  # DfE's 1 dp figure, rounded down
    assert tra_whole_terms(exact) == 1  # TRA holds whole terms only


def test_fte_must_be_more_than_0_and_at_most_1():
    for fte in (0, D("1.1"), -1):
        with pytest.raises(ValueError, match="FTE"):
            fte_terms(2, fte)
    assert fte_terms(D("2.5"), 0.8) == 2  # a float is read as written


def test_estimated_terms_served_shows_an_open_period_rounded_down():
    # 1 Sep to 15 Feb: 1 term + 46/120 of spring = 1.383... employment terms; at 0.5 FTE 0.69.
    assert estimated_terms_served(date(2025, 9, 1), date(2026, 2, 15), D("0.5")) == D("0.6")
    assert estimated_terms_served(date(2025, 9, 1), date(2025, 12, 30), 1) == D("0.0")  # MIN-001


def test_round_down_is_exact():
    assert round_down(Fraction(1, 3), 1) == D("0.3")
    assert round_down(Fraction(2, 10) - Fraction(1, 10**40), 1) == D("0.1")
    assert round_down(D("16"), 1) == D("16.0")


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
ftes = st.integers(min_value=1, max_value=100).map(lambda n: Decimal(n) / 100)


@given(start=days, length=st.integers(min_value=0, max_value=1500), fte=ftes)
def test_fte_terms_never_credits_more_than_was_served(start, length, fte):
    served = calendar.terms_between(start, start + timedelta(days=length))
    exact = fte_terms(served, fte)
    assert exact <= served * Fraction(fte) <= served
    recorded = recorded_number_of_terms(exact)
    assert recorded <= exact < Fraction(recorded) + Fraction(1, 10)


@given(
    start=days,
    length=st.integers(min_value=246, max_value=1500),
    fte_before=ftes,
    fte_after=ftes,
    data=st.data(),
)
def test_a_transfer_never_loses_time_beyond_the_rules(start, length, fte_before, fte_after, data):
    """A transfer: period 1 ends on day d, period 2 starts on d + 1.

    Proved, when both periods are at least one term of employment (MIN-001 deliberately counts a
    shorter one as 0):
    - exact figures (LEN-010) add up to exactly fte_before × terms(1) + fte_after × terms(2),
      which with the same FTE is exactly the unsplit span's figure: nothing is lost or gained;
    - DfE figures rounded down to 1 dp never add up to more than the exact total, and each
      period loses less than 0.1 of a term.
    """
    end = start + timedelta(days=length)
    # Each day is worth at least 1/123 of a term (no term is longer), so 123 days or more on
    # each side of the split is at least one term of employment.
    d = start + timedelta(days=data.draw(st.integers(min_value=122, max_value=length - 124)))
    first, second = calendar.terms_between(start, d), calendar.terms_between(d + timedelta(days=1), end)
    assert first >= 1 and second >= 1
    exact_total = fte_terms(first, fte_before) + fte_terms(second, fte_after)
    assert exact_total == first * Fraction(fte_before) + second * Fraction(fte_after)
    if fte_before == fte_after:
        assert exact_total == fte_terms(calendar.terms_between(start, end), fte_before)
    exact = [fte_terms(first, fte_before), fte_terms(second, fte_after)]
    recorded = [recorded_number_of_terms(e) for e in exact]
    assert sum(recorded) <= exact_total
    assert all(0 <= e - Fraction(r) < Fraction(1, 10) for e, r in zip(exact, recorded, strict=True))
