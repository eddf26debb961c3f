"""A hand-built school for the governors' termly report (REC-005): the autumn term 2026 at school A, seen on 10 January 2027.

Three ECTs in year 1 from 1 September 2026, whose first progress reviews are due on 31 December:
Ava's written on 1 December (on track), Ben's on 5 January (on track, late), Cal's on 15 December
(not on track). Dee began on 1 September 2025, so is in year 2; her review due on 31 December is not
written. An ECT at school B counts for nothing here. CPD: school A's staff attended a programme
session (3 hours, two of them) and a hub event (2.5 hours, one of them) in the term, and a session
with no CPD hours recorded; a cancelled session, a session in spring, and school B's attendance
count for nothing.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from appropriate_body.assessments import assessments as domain
from appropriate_body.governors.report import TermlyReport, termly_report
from appropriate_body.models import AssessmentKind, InductionPeriod
from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR
from appropriate_body.tests.factories import claimed, first, written
from programmes.cohorts.cohorts import cohort_for
from programmes.insight.school_cpd import school_cpd
from programmes.models import Event, EventInvitation, EventKind, Strand

AUTUMN_2026 = DEFAULT_CALENDAR.term(2026, 1)
SEEN_ON = date(2027, 1, 10)
EVIDENCE = "Observed a Year 5 fractions lesson with strong questioning"
SUPPORT_PLAN = "Fortnightly coaching with the mentor on behaviour routines"


@dataclass
class World:
    periods: list[InductionPeriod]  # Ava, Ben, Cal, Dee
    other_school: InductionPeriod


def _reviewed(period: InductionPeriod, tutor, *, on: date, on_track: bool) -> None:
    review = first(period, AssessmentKind.PROGRESS_REVIEW)
    record = {"on_track": on_track, "evidence_summary": f"{EVIDENCE} ({period.induction.teacher.first_name})"}
    if not on_track:
        record["support_plan"] = SUPPORT_PLAN
    written(review, tutor, **record)
    domain.submit(review, actor=tutor, now=datetime(on.year, on.month, on.day, 12, tzinfo=UTC))


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _event(title: str, day: date, hours: str, **fields) -> Event:
    return Event.objects.create(title=title, kind=EventKind.CPD_SESSION, venue="Hub", starts_at=_at(day), ends_at=_at(day, 15),
                                cpd_hours=Decimal(hours), **fields)


def _attended(event: Event, email: str, school, *, present: bool = True) -> EventInvitation:
    return EventInvitation.objects.create(event=event, email=email, school=school, attended_at=event.starts_at if present else None)


def build(school_a, school_b, tutor_a, tutor_b, ab_staff) -> World:
    ava = claimed(school_a, tutor_a, ab_staff, first_name="Ava", last_name="Zephyrine")
    ben = claimed(school_a, tutor_a, ab_staff, first_name="Ben", last_name="Quillfeather")
    cal = claimed(school_a, tutor_a, ab_staff, first_name="Cal", last_name="Marchbanks")
    dee = claimed(school_a, tutor_a, ab_staff, year=2025, first_name="Dee", last_name="Hollowell")
    other = claimed(school_b, tutor_b, ab_staff, first_name="Eve", last_name="Outland")
    _reviewed(ava, tutor_a, on=date(2026, 12, 1), on_track=True)
    _reviewed(ben, tutor_a, on=date(2027, 1, 5), on_track=True)
    _reviewed(cal, tutor_a, on=date(2026, 12, 15), on_track=False)
    _reviewed(other, tutor_b, on=date(2026, 12, 1), on_track=False)

    session = _event("ECTE Year 1 session", date(2026, 10, 7), "3", cohort=cohort_for(Strand.ECTE, 2026, "year_1"))
    conference = _event("Behaviour conference", date(2026, 11, 12), "2.5")
    unrated = _event("Drop-in clinic", date(2026, 12, 2), "0")
    cancelled = _event("Cancelled workshop", date(2026, 11, 20), "5", cancelled_at=_at(date(2026, 11, 1)))
    spring = _event("Spring workshop", date(2027, 1, 6), "4")
    _attended(session, "mentor.one@alder.example.org", school_a)
    _attended(session, "mentor.two@alder.example.org", school_a)
    _attended(conference, "mentor.one@alder.example.org", school_a)
    _attended(conference, "absent@alder.example.org", school_a, present=False)
    _attended(unrated, "mentor.one@alder.example.org", school_a)
    _attended(cancelled, "mentor.two@alder.example.org", school_a)
    _attended(spring, "mentor.one@alder.example.org", school_a)
    _attended(session, "mentor@birch.example.org", school_b)
    return World(periods=[ava, ben, cal, dee], other_school=other)


def report_of(school, term, *, today: date) -> TermlyReport:
    """The report as its page builds it: the school's CPD hours from programmes beside the AB's figures."""
    return termly_report(school, term, today=today, cpd=school_cpd(school.pk, term.start, term.end))
