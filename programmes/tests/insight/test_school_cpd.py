"""A school's CPD hours over a span of days (programmes.insight.school_cpd): attended, held sessions only, by local date."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from programmes.cohorts.cohorts import cohort_for
from programmes.insight.school_cpd import SchoolCpd, school_cpd
from programmes.models import Event, EventInvitation, EventKind, Strand

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def session(starts_at: datetime, hours: str, **fields) -> Event:
    return Event.objects.create(title="Session", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts_at,
                                ends_at=starts_at + timedelta(hours=2), cpd_hours=Decimal(hours), **fields)


def present(event: Event, email: str, school) -> None:
    EventInvitation.objects.create(event=event, email=email, school=school, attended_at=event.starts_at)


def test_hours_of_attended_sessions_in_the_span(school_a, school_b):
    programme = session(datetime(2026, 10, 7, 9, tzinfo=LONDON), "3", cohort=cohort_for(Strand.ECTE, 2026, "year_1"))
    event = session(datetime(2026, 11, 12, 9, tzinfo=LONDON), "1.5")
    present(programme, "a@example.org", school_a)
    present(programme, "b@example.org", school_a)
    present(event, "a@example.org", school_a)
    EventInvitation.objects.create(event=event, email="c@example.org", school=school_a)  # not marked present
    present(programme, "d@example.org", school_b)
    assert school_cpd(school_a.pk, date(2026, 9, 1), date(2026, 12, 31)) == SchoolCpd(
        hours=Decimal("7.5"), programme_hours=Decimal(6), event_hours=Decimal("1.5"), attendances=3, people=2, sessions=2,
        attendances_without_hours=0)


def test_the_span_is_of_local_days_and_cancelled_sessions_count_nothing(school_a):
    # 00:30 on 1 September in London is still 31 August in UTC: it belongs to the autumn.
    present(session(datetime(2026, 9, 1, 0, 30, tzinfo=LONDON), "2"), "a@example.org", school_a)
    present(session(datetime(2026, 8, 31, 23, 30, tzinfo=LONDON), "4"), "a@example.org", school_a)
    present(session(datetime(2026, 9, 2, 9, tzinfo=LONDON), "5", cancelled_at=datetime(2026, 8, 1, tzinfo=LONDON)), "a@example.org", school_a)
    present(session(datetime(2026, 9, 3, 9, tzinfo=LONDON), "0"), "a@example.org", school_a)
    figures = school_cpd(school_a.pk, date(2026, 9, 1), date(2026, 12, 31))
    assert (figures.hours, figures.sessions, figures.attendances_without_hours) == (Decimal(2), 2, 1)


def test_nothing_attended_is_nought(school_a):
    assert school_cpd(school_a.pk, date(2026, 9, 1), date(2026, 12, 31)) == SchoolCpd(
        hours=Decimal(0), programme_hours=Decimal(0), event_hours=Decimal(0), attendances=0, people=0, sessions=0,
        attendances_without_hours=0)
