"""Teacher identifiers as schools type them: TRN and date of birth."""

import re
from datetime import date

from django.core.exceptions import ValidationError

_NON_DIGITS = re.compile(r"\D")
_SEVEN_DIGITS = re.compile(r"(?<!\d)\d{7}(?!\d)")


def normalise_trn(value: str) -> str:
    """ID-TRN-003: keep the digits, need 5 to 7 of them, left-pad to 7 ("RP12/345" gives "0012345")."""
    digits = _NON_DIGITS.sub("", value or "")
    if not digits:
        raise ValidationError("Enter the teacher reference number (TRN)", code="required")
    if len(digits) < 5:
        raise ValidationError("The TRN must include at least 5 digits", code="too_short")
    if len(digits) > 7:
        raise ValidationError("The TRN cannot include more than 7 digits", code="too_long")
    return digits.zfill(7)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def validate_date_of_birth(value: date, *, today: date) -> None:
    """ID-DOB-001: the teacher must be between 18 and 100 years old today."""
    if value > _years_before(today, 18):
        raise ValidationError("The teacher cannot be less than 18 years old", code="too_young")
    if value < _years_before(today, 100):
        raise ValidationError("The teacher cannot be more than 100 years old", code="too_old")


def trn_in_search(query: str) -> str | None:
    """ID-TRN-006: a 7-digit number in a search box is a TRN and takes precedence over text."""
    match = _SEVEN_DIGITS.search(query or "")
    return match.group(0) if match else None
