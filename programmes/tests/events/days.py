"""Event times as hub staff enter them: a number of days from today, at an hour in the hub's own time zone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def in_days(days: int, hour: int = 9) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)
