"""The academic years the insight pages show: one year's bounds, and how far back and ahead the picker reaches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

# How far back and ahead of this year the year picker reaches.
YEARS_BACK, YEARS_AHEAD = 4, 1


@dataclass(frozen=True)
class Year:
    """An academic year: 1 September `start` to 31 August the year after."""

    start: int

    @property
    def first_day(self) -> date:
        return date(self.start, 9, 1)

    @property
    def last_day(self) -> date:
        return date(self.start + 1, 8, 31)

    @property
    def begins_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    @property
    def ends_at(self) -> datetime:
        """The first moment after the year (exclusive bound)."""
        return timezone.make_aware(datetime.combine(date(self.start + 1, 9, 1), time.min))

    @property
    def label(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    @property
    def slug(self) -> str:
        return f"{self.start}-{(self.start + 1) % 100:02d}"
