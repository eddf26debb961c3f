"""Dates as the portal writes them in sentences: "1 September 2026"."""

from datetime import date

from django.utils.formats import date_format


def long_date(day: date) -> str:
    return date_format(day, "j F Y")
