from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from programmes.events.calendar import event_ics
from programmes.models import Event, EventKind

LONDON = ZoneInfo("Europe/London")


@pytest.mark.django_db
def test_an_event_as_ics_keeps_its_times_place_and_a_stable_uid():
    starts = datetime(2026, 10, 3, 9, 30, tzinfo=LONDON)
    event = Event.objects.create(
        title="ECT Welcome Conference: Year 1", kind=EventKind.ECT_WELCOME_Y1, venue="Kingsholm, Gloucester",
        starts_at=starts, ends_at=starts + timedelta(hours=6), capacity=200,
    )
    item = Calendar.from_ical(event_ics(event)).walk("VEVENT")[0]
    assert str(item["summary"]) == "ECT Welcome Conference: Year 1"
    assert item.decoded("dtstart") == starts and item.decoded("dtend") == starts + timedelta(hours=6)
    assert str(item["location"]) == "Kingsholm, Gloucester"
    assert str(event.public_id) in str(item["uid"])
    assert str(item["uid"]) == str(Calendar.from_ical(event_ics(event)).walk("VEVENT")[0]["uid"])

    event.cancelled_at = timezone.now()
    cancelled = Calendar.from_ical(event_ics(event))
    assert str(cancelled["method"]) == "CANCEL" and str(cancelled.walk("VEVENT")[0]["status"]) == "CANCELLED"


@pytest.mark.django_db
def test_an_event_needs_a_place_and_must_end_after_it_starts():
    from django.db import IntegrityError, transaction

    starts = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(title="Nowhere", kind=EventKind.AB_CLINIC, starts_at=starts, ends_at=starts + timedelta(hours=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(title="Backwards", kind=EventKind.AB_CLINIC, online_url="https://meet.example.org/x",
                             starts_at=starts, ends_at=starts - timedelta(hours=1))
