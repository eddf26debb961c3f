"""The insight figures (programmes.insight): counted right, for the hub and for one school.

`build_world` makes a small hub (used by the page and browser tests too): schools that take part
in one way each, schools that do not (the cold spots, including near misses), NPQ cohorts with
outcomes and events with attendance.
"""

import csv
import io
import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, School, Teacher
from participants.tests.factories import SchoolFactory
from programmes.cohorts.cohorts import cohort_for
from programmes.cohorts.npq import npq_programme
from programmes.insight import figures as insight
from programmes.models import Cohort, CohortStage, Enrolment, Event, EventInvitation, EventKind, NPQCourse, Place, Strand

_trns = itertools.count(3_100_001)
_urns = itertools.count(700_001)


def teacher() -> Teacher:
    n = next(_trns)
    return Teacher.objects.create(trn=str(n), first_name="Test", last_name=f"Teacher{n}", email=f"t{n}@example.org")


def school(name: str, **fields) -> School:
    fields.setdefault("urn", next(_urns))
    return SchoolFactory(name=name, **fields)


SCHOOL_LED = {"working_pattern": "full_time", "training_programme": "school_led"}


@dataclass
class World:
    year: insight.Year
    hot: list[School]
    cold: list[School]
    closed: School


def aware(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def build_world(year: int, *, event_day: date, scale: int = 1, prefix: str = "") -> World:
    """Every way of taking part once per `scale`, and schools that miss each one by a little."""
    y = insight.Year(year)
    ecte = cohort_for(Strand.ECTE, year, CohortStage.YEAR_1)
    last_year = cohort_for(Strand.ECTE, year - 1, CohortStage.YEAR_1)
    headship = Cohort.objects.get_or_create(programme=npq_programme(NPQCourse.H), academic_year=year, intake="autumn")[0]
    senco = Cohort.objects.get_or_create(programme=npq_programme(NPQCourse.SENCO), academic_year=year, intake="spring")[0]
    hot, cold = [], []
    for k in range(scale):
        tag = f"{prefix}{k}"
        enrolled = school(f"Enrolled Primary {tag}", local_authority="Gloucestershire", district="Stroud")
        attended = school(f"Attended Academy {tag}", phase="Secondary", local_authority="Gloucestershire", district="Cotswold")
        with_ect = school(f"ECT Infant School {tag}", local_authority="Herefordshire", district="Ledbury")
        with_mentor = school(f"Mentor Junior School {tag}", local_authority="Herefordshire", district="Ledbury")
        hot += [enrolled, attended, with_ect, with_mentor]
        declined_only = school(f"Declined Nursery {tag}", phase="Nursery", local_authority="Gloucestershire", district="Stroud")
        last_year_only = school(f"Last Year Primary {tag}", local_authority="Herefordshire", district="Ross")
        ect_before = school(f"Finished ECT Primary {tag}", local_authority="Herefordshire", district="Ross")
        cancelled_only = school(f"Cancelled Event Academy {tag}", phase="Secondary", local_authority="Gloucestershire", district="Cotswold")
        cold += [declined_only, last_year_only, ect_before, cancelled_only]

        Enrolment.objects.create(cohort=ecte, teacher=teacher(), school=enrolled, enrolled_on=y.first_day)
        Enrolment.objects.create(cohort=ecte, teacher=teacher(), school=enrolled, status="deferred", enrolled_on=y.first_day)
        Enrolment.objects.create(cohort=ecte, teacher=teacher(), school=declined_only, status="declined", enrolled_on=y.first_day)
        Enrolment.objects.create(cohort=last_year, teacher=teacher(), school=last_year_only, status="completed",
                                 enrolled_on=y.first_day - timedelta(days=365))
        # NPQs at the enrolled school: 4 headship (1 nominated, 1 withdrawn, 2 completed: passed, failed), 1 SENCO active.
        for status, outcome in [("nominated", ""), ("withdrawn", ""), ("completed", "passed"), ("completed", "failed")]:
            Enrolment.objects.create(cohort=headship, teacher=teacher(), school=enrolled, status=status, enrolled_on=y.first_day,
                                     outcome=outcome, outcome_on=y.first_day + timedelta(days=200) if outcome else None)
        Enrolment.objects.create(cohort=senco, teacher=teacher(), school=enrolled, enrolled_on=y.first_day)

        ECTAtSchoolPeriod.objects.create(**SCHOOL_LED, teacher=teacher(), school=with_ect, started_on=y.first_day - timedelta(days=100))
        ECTAtSchoolPeriod.objects.create(**SCHOOL_LED, teacher=teacher(), school=ect_before, started_on=y.first_day - timedelta(days=400),
                                         finished_on=y.first_day - timedelta(days=1))
        MentorAtSchoolPeriod.objects.create(teacher=teacher(), school=with_mentor, started_on=y.last_day)

        held = Event.objects.create(title=f"{prefix}Mentor conference {k}", kind=EventKind.MENTOR_CONFERENCE, venue="Hub",
                                    starts_at=aware(event_day), ends_at=aware(event_day, 16))
        cancelled = Event.objects.create(title=f"{prefix}Cancelled clinic {k}", kind=EventKind.AB_CLINIC, venue="Hub",
                                         starts_at=aware(event_day), ends_at=aware(event_day, 16), cancelled_at=aware(event_day, 8))
        # Held: 4 confirmed places, 3 attended (two from `attended`); one waiting; the cancelled one's attendee does not count.
        rows = [("a", attended, Place.CONFIRMED, True), ("b", attended, Place.CONFIRMED, True), ("c", None, Place.CONFIRMED, True),
                ("d", with_ect, Place.CONFIRMED, False), ("e", None, Place.WAITING, False)]
        EventInvitation.objects.bulk_create([
            EventInvitation(event=held, email=f"{who}{tag}@example.org", school=where, place=place,
                            attended_at=aware(event_day, 11) if present else None)
            for who, where, place, present in rows
        ] + [EventInvitation(event=cancelled, email=f"x{tag}@example.org", school=cancelled_only, place=Place.CONFIRMED,
                             attended_at=aware(event_day, 11))])
    closed = school(f"Closed School {prefix}", status=School.Status.CLOSED)
    return World(y, hot, cold, closed)


YEAR = 2025
NOW = aware(date(2026, 9, 30))


@pytest.fixture
def world(db):
    return build_world(YEAR, event_day=date(2025, 11, 20))


def test_takes_part_is_any_one_of_the_ways_and_cold_spots_are_the_rest(world):
    spots = insight.cold_spots(world.year)
    assert sorted(row[1] for row in spots.rows) == sorted(s.urn for s in world.cold)
    assert world.closed.urn not in [row[1] for row in spots.rows]
    assert spots.columns == ["School", "URN", "Phase", "Local authority", "District"]


def test_engagement_per_local_authority_phase_and_district(world):
    authorities, phases, districts = insight.engagement_tables(world.year)
    assert authorities.rows == [["Gloucestershire", 4, 2, 2, 50.0], ["Herefordshire", 4, 2, 2, 50.0]]
    assert authorities.footer == ["All schools", 8, 4, 4, 50.0]
    assert phases.rows == [["Nursery", 1, 0, 1, 0.0], ["Primary", 5, 3, 2, 60.0], ["Secondary", 2, 1, 1, 50.0]]
    assert ["Herefordshire", "Ross", 2, 0, 2, 0.0] in districts.rows
    assert ["Gloucestershire", "Stroud", 2, 1, 1, 50.0] in districts.rows
    assert districts.footer == ["All schools", "", 8, 4, 4, 50.0]


def test_enrolments_per_cohort_and_strand_by_state(world):
    by_strand, by_cohort = insight.enrolment_tables(world.year)
    ecte = next(row for row in by_cohort.rows if row[0].startswith("Early career teacher entitlement"))
    # nominated, active, deferred, withdrawn, completed, total: the declined nomination is not counted.
    assert ecte[2:] == [0, 1, 1, 0, 0, 2]
    rows = {row[0]: row[1:] for row in by_strand.rows}
    assert rows[Strand.NPQ.label] == [1, 1, 0, 1, 2, 5]
    assert rows[Strand.ITT.label] == [0, 0, 0, 0, 0, 0]
    assert by_strand.footer == ["All strands", 1, 2, 1, 1, 2, 7]
    # Last year's cohort is another year's.
    assert all("2024/25" not in row[0] for row in by_cohort.rows)


def test_event_attendance_counts_held_events_only(world):
    table = insight.event_attendance(world.year, now=NOW)
    assert [row[0] for row in table.rows] == ["Mentor conference 0"]
    assert table.rows[0][3:] == [4, 3, 75.0]
    assert table.footer[3:] == [4, 3, 75.0]
    # Before the event has started it is not yet held.
    assert insight.event_attendance(world.year, now=aware(date(2025, 11, 1))).rows == []


def test_npq_completion_and_pass_rates(world):
    table = insight.npq_outcomes(world.year)
    headship = next(row for row in table.rows if "NPQH" in row[0])
    # Enrolled leaves out the nomination: 3; completed 2 (67 %); passed 1 of 2 with an outcome (50 %).
    assert headship[1:] == [3, 2, 1, 1, 1, 66.7, 50.0]
    senco = next(row for row in table.rows if "NPQSENCO" in row[0])
    assert senco[1:] == [1, 0, 0, 0, 0, 0.0, None]
    assert table.footer == ["All NPQs", 4, 2, 1, 1, 1, 50.0, 50.0]


def test_one_schools_figures(world):
    enrolled, attended = world.hot[0], world.hot[1]
    tables = insight.school_dashboard(world.year, enrolled, now=NOW)
    assert {row[0]: row[-1] for row in tables["strands"].rows}[Strand.NPQ.label] == 5
    assert tables["events"].rows == []
    assert len(tables["npq"].rows) == 2
    events = insight.event_attendance(world.year, now=NOW, school=attended)
    assert events.rows[0][3:] == [2, 2, 100.0]
    engagement = insight.school_engagement(world.year, world.hot[2])
    assert engagement == {"enrolled": False, "attended": False, "ects": True, "mentors": False}


def test_csv_quotes_names_with_commas_and_leaves_undefined_rates_empty(db):
    table = insight.Table("t", "T", ["Name", "Rate"], [['Smith, "Jo"', None]], footer=["All", 50.0])
    rows = list(csv.reader(io.StringIO(insight.table_csv(table))))
    assert rows == [["Name", "Rate"], ['Smith, "Jo"', ""], ["All", "50.0"]]


def test_chart_bars_scale_to_the_largest(db):
    table = insight.Table("t", "T", ["Name", "N"], [["a", 10], ["b", 5], ["c", None]], chart=(0, 1, None))
    assert [bar["width"] for bar in table.bars] == [insight.BAR_SPACE, insight.BAR_SPACE / 2, 0]
