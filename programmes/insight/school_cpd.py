"""One school's CPD with the hub over a span of days: hours at the sessions its staff attended.

What is recorded is each event's `cpd_hours` (the figure its certificates of attendance print) and
each person's tick on the register (`attended_at`), with the school they came from. So a school's
CPD hours are the sum, over every attendance of someone from the school at a session that started
in the span and was not cancelled, of that session's CPD hours. A programme's sessions are the
events of one of its cohorts; the rest are the hub's other events. A session with no CPD hours
recorded adds none, and is counted apart so the reader knows.

Counts only, in one query: nobody's name (the governors' termly report, REC-005, reads this).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from programmes.models import EventInvitation

ZERO = Decimal(0)


@dataclass(frozen=True)
class SchoolCpd:
    hours: Decimal
    programme_hours: Decimal  # sessions of a programme's cohort
    event_hours: Decimal  # the hub's other events
    attendances: int
    people: int
    sessions: int
    attendances_without_hours: int


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def school_cpd(school_id: int, first_day: date, last_day: date) -> SchoolCpd:
    """Attendances at sessions starting from first_day to last_day (both included, local time)."""
    in_a_programme = Q(event__cohort__isnull=False)
    figures = EventInvitation.objects.filter(
        school_id=school_id, attended_at__isnull=False, event__cancelled_at__isnull=True,
        event__starts_at__gte=_start_of(first_day), event__starts_at__lt=_start_of(last_day + timedelta(days=1)),
    ).aggregate(
        hours=Sum("event__cpd_hours"),
        programme_hours=Sum("event__cpd_hours", filter=in_a_programme),
        event_hours=Sum("event__cpd_hours", filter=~in_a_programme),
        attendances=Count("pk"),
        # An invitation is keyed by email within its event, so one address is one person.
        people=Count("email", distinct=True),
        sessions=Count("event", distinct=True),
        attendances_without_hours=Count("pk", filter=Q(event__cpd_hours=0)),
    )
    return SchoolCpd(
        hours=figures["hours"] or ZERO, programme_hours=figures["programme_hours"] or ZERO,
        event_hours=figures["event_hours"] or ZERO, attendances=figures["attendances"], people=figures["people"],
        sessions=figures["sessions"], attendances_without_hours=figures["attendances_without_hours"],
    )
