"""Terms served and terms required (domain-rules.md §2.6 LEN-*, §2.7 MIN-*, EXT-006, §2.14).

Two figures exist for one period of induction, and this module keeps them apart:

- the **exact** FTE terms served (a Fraction), which local records must hold (LEN-010);
- the **recorded** `number_of_terms` in DfE's format, 0–16 to one decimal place (LEN-008).

MIN-003's worked example (0.5 FTE for 2.5 terms of employment, "record 1.25") cannot be
entered in DfE's format, so the local record keeps 1.25 exactly and the DfE figure is rounded
**down** to 1.2: rounding down can never credit more induction than was served, and the exact
figure stays in the local record for the AB's completion decision (LEN-003, LEN-010).
[I] TODO(confirm) with DfE how they want such periods entered.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from math import floor

from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR, TermCalendar

Number = Decimal | Fraction | int

FULL_INDUCTION_TERMS = Decimal(6)  # LEN-001: two school years of 3 terms
TERMS_PER_PART = 3  # ABS-001, FA-001: year 1 is terms 1–3, year 2 is terms 4–6
MINIMUM_EMPLOYMENT_TERMS = 1  # MIN-001
MINIMUM_REDUCED_TERMS = Decimal(1)  # LEN-006
MAX_NUMBER_OF_TERMS = Decimal(16)  # LEN-008
MIN_EXTENSION_TERMS = Decimal("0.1")  # EXT-006
MAX_EXTENSION_TERMS = Decimal(16)  # EXT-006: a sanity cap, not policy (§9 item 4)
ONE_DP = Decimal("0.1")


class InvalidTerms(ValueError):
    """A number of terms a form should reject; str(error) is the message to show."""


def _parse_number(value: object, *, what: str, example: str) -> Decimal:
    # bool is an int; a checkbox value reaching here is a bug, not 1 term.
    if isinstance(value, bool) or value is None:
        raise InvalidTerms(f"Enter the {what} as a number, like {example}")
    try:
        # str() first: a float such as 0.1 then means what the user typed, not 0.1000000000000000055.
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidTerms(f"Enter the {what} as a number, like {example}") from None
    if not number.is_finite():
        raise InvalidTerms(f"Enter the {what} as a number, like {example}")
    return number


def _to_one_dp(number: Decimal, *, what: str, example: str) -> Decimal:
    # Callers check the range first, so quantize never meets a number too long to hold.
    one_dp = number.quantize(ONE_DP)
    if number != one_dp:
        raise InvalidTerms(f"Enter the {what} to one decimal place, like {example}")
    return one_dp


def check_number_of_terms(value: object) -> Decimal:
    """LEN-008: a period's FTE `number_of_terms`, 0 to 16 with at most one decimal place.

    Returns it as a Decimal with one place ("2.5" → Decimal("2.5"), 3 → Decimal("3.0")).
    A value between 0 and 1 is allowed: a 0.5 FTE ECT employed for one term records 0.5
    (MIN-001 is about employment, so MIN-004's old "0 or at least 1" check would reject it).
    """
    number = _parse_number(value, what="number of terms", example="2.5")
    if not 0 <= number <= MAX_NUMBER_OF_TERMS:
        raise InvalidTerms("Number of terms must be between 0 and 16")
    return _to_one_dp(number, what="number of terms", example="2.5")


def check_extension_terms(value: object) -> Decimal:
    """EXT-006: an AB extension in FTE terms, 0.1 to 16 with at most one decimal place."""
    number = _parse_number(value, what="extension in terms", example="1.5")
    if not MIN_EXTENSION_TERMS <= number <= MAX_EXTENSION_TERMS:
        raise InvalidTerms("An extension must be between 0.1 and 16 terms")
    return _to_one_dp(number, what="extension in terms", example="1.5")


def terms_required(extensions: Iterable[Decimal | int | str] = (), reduction: Decimal | int | str = 0) -> Decimal:
    """LEN-009: 6 + Σ AB extension terms − any reduction (LEN-005/006).

    LEN-006 lets an AB reduce induction to no less than 1 term, so a reduction of more than 5
    terms is refused rather than quietly capped: a silent cap would hide a data-entry error.
    """
    reduction = _parse_number(reduction, what="reduction in terms", example="1.5")
    if reduction < 0 or FULL_INDUCTION_TERMS - reduction < MINIMUM_REDUCED_TERMS:
        raise InvalidTerms("Induction can be reduced to no less than 1 term")
    reduction = _to_one_dp(reduction, what="reduction in terms", example="1.5")
    return FULL_INDUCTION_TERMS - reduction + sum((check_extension_terms(e) for e in extensions), Decimal(0))


def terms_completed(numbers_of_terms: Iterable[Number]) -> Decimal | Fraction:
    """LEN-009/LEN-011: the sum of each period's own figure (each is not a running total)."""
    values = list(numbers_of_terms)
    # Recorded figures are Decimals and stay so; an exact local figure (Fraction) makes it exact.
    if any(isinstance(n, Fraction) for n in values):
        return sum((Fraction(n) for n in values), Fraction(0))
    return sum((Decimal(n) for n in values), Decimal(0))


def terms_remaining(completed: Number, required: Number) -> Fraction:
    """MIN-003: full-time, 2.5 served of 6 → 3.5 remain; never negative."""
    return max(Fraction(0), Fraction(required) - Fraction(completed))


def is_complete(completed: Number, required: Number) -> bool:
    """LEN-007: induction is complete once the terms served reach the terms required."""
    return Fraction(completed) >= Fraction(required)


def format_terms(value: Number) -> str:
    """2.5 → "2.5", 6 or 6.0 → "6", 1.25 → "1.25". Whole numbers lose their ".0".

    A Fraction that is not a finite decimal (2/3) shows rounded down to 2 places: display
    never overstates time served.
    """
    if isinstance(value, Fraction):
        places = 0
        while Fraction(round_down(value, places)) != value and places < 2:
            places += 1
        value = round_down(value, places)
    return format(Decimal(value).normalize(), "f")


def x_of_y(completed: Number, required: Number) -> str:
    """LEN-009: "2.5 of 6 terms", shown wherever terms appear."""
    return f"{format_terms(completed)} of {format_terms(required)} terms"


def fte_terms(employment_terms: Number, fte: Number) -> Fraction:
    """MIN-001/002/004, MIN-003: the exact FTE terms one period of employment counts for.

    Under one term of *employment* counts for nothing (MIN-001/004): 0.8 terms → 0. From one
    term of employment, every part term counts (MIN-002), scaled by FTE, so 0.5 FTE for 1
    term counts 0.5 and for 2.5 terms counts 1.25 (MIN-003).
    """
    # A float FTE (0.8) is taken as written, not as its binary approximation.
    employment, share = (Fraction(str(x)) if isinstance(x, float) else Fraction(x) for x in (employment_terms, fte))
    if employment < 0:
        raise ValueError("Terms of employment cannot be negative.")
    if not 0 < share <= 1:
        raise ValueError("FTE must be more than 0 and at most 1 (1 is full-time).")
    if employment < MINIMUM_EMPLOYMENT_TERMS:
        return Fraction(0)
    return employment * share


def round_down(value: Number, places: int = 1) -> Decimal:
    """Round down to `places` decimals, for a figure that must never credit more than was served.

    Done in exact integer arithmetic: Decimal division would round at 28 digits first.
    """
    return Decimal(floor(Fraction(value) * 10**places)).scaleb(-places)


def recorded_number_of_terms(exact: Number) -> Decimal:
    """LEN-008 with LEN-010: the DfE 1 dp figure for an exact FTE figure, rounded down (1.25 → 1.2)."""
    return check_number_of_terms(round_down(exact, 1))


def tra_whole_terms(exact: Number) -> int:
    """LEN-010: TRA records hold whole terms only; rounded down so they never overstate."""
    return int(round_down(exact, 0))


def estimated_terms_served(
    period_start: date, today_or_end: date, fte: Number, calendar: TermCalendar = DEFAULT_CALENDAR
) -> Decimal:
    """§2.14: FTE terms an open period would count for if it ended on today_or_end.

    For display only ("about 1.2 terms so far"); the AB confirms the figure when the period
    closes (LEN-011). Under a term of employment it shows 0, as the record would (MIN-001).
    """
    return round_down(fte_terms(calendar.terms_between(period_start, today_or_end), fte), 1)
