"""Dates as the portal writes them in sentences: "1 September 2026"."""

from datetime import date

from django.utils.formats import date_format


def long_date(day: date) -> str:
    return date_format(day, "j F Y")


def academic_year_of(day: date) -> int:
    """The year an academic year starts in: 1 September to 31 August (2026 means 2026/27)."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_dates(year: int) -> tuple[date, date]:
    """The first and last day of the academic year starting in `year`."""
    return date(year, 9, 1), date(year + 1, 8, 31)
