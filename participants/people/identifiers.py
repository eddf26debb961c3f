"""Teacher identifiers as schools type them: TRN and date of birth."""

import re
from datetime import date

from django.core.exceptions import ValidationError

from hubportal.lib.csv_upload import changed_by_spreadsheet, spreadsheet_number

# ASCII digits only: Python's \d also matches other scripts' digits, which no identifier is written in.
_NON_DIGITS = re.compile(r"[^0-9]")
_DIGITS = re.compile(r"[0-9]+")
_SEVEN_DIGITS = re.compile(r"(?<!\d)\d{7}(?!\d)")


def normalise_trn(value: str) -> str:
    """ID-TRN-003: keep the digits, need 5 to 7 of them, left-pad to 7 ("RP12/345" gives "0012345").

    A number a spreadsheet rewrote (1.23E+06, 1234567.0) is refused: its digits are not the TRN's,
    and padding them would give someone else's TRN.
    """
    if spreadsheet_number(value):
        raise ValidationError(changed_by_spreadsheet(value, "TRN"), code="spreadsheet")
    if any(character.isdigit() and not "0" <= character <= "9" for character in value or ""):
        raise ValidationError("Write the TRN with the digits 0 to 9", code="digits")
    digits = _NON_DIGITS.sub("", value or "")
    if not digits:
        raise ValidationError("Enter the teacher reference number (TRN)", code="required")
    if len(digits) < 5:
        raise ValidationError("The TRN must include at least 5 digits", code="too_short")
    if len(digits) > 7:
        raise ValidationError("The TRN cannot include more than 7 digits", code="too_long")
    return digits.zfill(7)


def _whole_number(value: str, what: str, lengths: range, example: str) -> int:
    """A URN or UKPRN (ID-URN-001): digits 0 to 9 only, of one of these lengths; no check digit (ID-URN-002)."""
    value = (value or "").strip()
    if spreadsheet_number(value):
        raise ValidationError(changed_by_spreadsheet(value, what), code="spreadsheet")
    if not _DIGITS.fullmatch(value):
        raise ValidationError(f"The {what} must be a number written with the digits 0 to 9, like {example}", code="invalid")
    if len(value) not in lengths:
        sizes = " or ".join(str(n) for n in lengths)
        raise ValidationError(f"The {what} must be {sizes} digits", code="length")
    return int(value)


def read_urn(value: str) -> int:
    """ID-URN-001: a URN has 5 or 6 digits (7 would be a LAESTAB, 8 a UKPRN)."""
    return _whole_number(value, "URN", range(5, 7), "100001")


def read_ukprn(value: str) -> int:
    """ID-URN-001: a UKPRN has 8 digits."""
    return _whole_number(value, "UKPRN", range(8, 9), "10012345")


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
