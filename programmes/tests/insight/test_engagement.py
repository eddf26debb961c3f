"""The kept engagement figures (programmes.insight.engagement): refreshed set-based, equal to the live count.

The reference is `takes_part` (and each way of taking part), worked out live per school, as the
dashboard did before the figures were kept.
"""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hubportal.celery import app
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, School
from programmes.cohorts.cohorts import cohort_for
from programmes.insight import engagement
from programmes.insight import figures as insight
from programmes.insight.engagement import WAYS, due_years, engagement_as_at, refresh_engagement
from programmes.insight.tallies import TALLIED
from programmes.insight.years import Year
from programmes.models import (
    Cohort,
    CohortStage,
    CohortTally,
    EngagementRefresh,
    Enrolment,
    Event,
    EventInvitation,
    EventKind,
    EventTally,
    Place,
    SchoolEngagement,
    Strand,
)
from programmes.tests.factories import SCHOOL_LED, aware, build_world, school, teacher, this_year

YEAR = 2025
YEARS = (Year(YEAR - 1), Year(YEAR), Year(YEAR + 1))
NOW = aware(date(2026, 3, 2))


def kept(year: Year) -> dict[int, tuple]:
    return {row[0]: row[1:] for row in SchoolEngagement.objects.filter(academic_year=year.start).values_list("school", *WAYS)}


def live(year: Year) -> dict[int, tuple]:
    """Every open school's ways of taking part, worked out now (the reference)."""
    rows = insight.open_schools(year).annotate(**engagement.ways_of_taking_part(year)).values_list("pk", *WAYS)
    return {row[0]: row[1:] for row in rows}


def live_groups(year: Year) -> list[dict]:
    """The dashboard's groups as it counted them before the figures were kept."""
    return list(
        insight.open_schools(year).values("local_authority", "district", "phase")
        .annotate(schools=Count("pk"), taking_part=Count("pk", filter=Q(takes_part=True)))
        .order_by("local_authority", "district", "phase")
    )


def assert_kept_equals_live(year: Year) -> None:
    assert kept(year) == live(year)
    assert insight._engagement_groups(year) == live_groups(year)
    cold = (insight.open_schools(year).filter(takes_part=False).order_by("local_authority", "district", "name", "pk")
            .values_list("name", "urn", "phase", "local_authority", "district"))
    assert list(insight.all_cold_spots(year).rows) == [list(row) for row in cold]
    assert kept_tallies(year) == live_tallies(year)


def kept_tallies(year: Year) -> tuple[dict, dict]:
    cohorts = {row[0]: row[1:] for row in CohortTally.objects.filter(cohort__academic_year=year.start).values_list("cohort", *TALLIED)}
    events = {row[0]: row[1:] for row in EventTally.objects.filter(event__starts_at__gte=year.begins_at, event__starts_at__lt=year.ends_at)
              .values_list("event", "confirmed", "attended")}
    return cohorts, events


def live_tallies(year: Year) -> tuple[dict, dict]:
    """Each cohort's enrolments by state and outcome, and each event's places and attendance, counted now (the reference)."""
    cohorts = {
        cohort.pk: tuple(cohort.enrolments.filter(Q(status=name) | Q(outcome=name)).count() for name in TALLIED)
        for cohort in Cohort.objects.filter(academic_year=year.start)
    }
    events = {
        event.pk: (event.invitations.filter(place=Place.CONFIRMED).count(), event.invitations.filter(attended_at__isnull=False).count())
        for event in Event.objects.filter(starts_at__gte=year.begins_at, starts_at__lt=year.ends_at)
    }
    return cohorts, events


def test_a_refresh_keeps_every_open_school_and_a_second_writes_nothing(db):
    world = build_world(YEAR, event_day=date(2025, 11, 20))
    assert refresh_engagement(world.year, now=NOW) == 8
    assert_kept_equals_live(world.year)
    assert world.closed.pk not in kept(world.year)
    # Nothing new: nothing written, and the rows keep the time they last changed.
    later = NOW + timedelta(minutes=5)
    assert refresh_engagement(world.year, now=later) == 0
    assert set(SchoolEngagement.objects.values_list("changed_at", flat=True)) == {NOW}
    assert EngagementRefresh.objects.get(academic_year=YEAR).refreshed_at == later
    # One change: one row rewritten; a school that closes leaves, one that opens comes in as a cold spot.
    declined = world.cold[0]
    Enrolment.objects.filter(school=declined).update(status=Enrolment.Status.ACTIVE)
    School.objects.filter(pk=world.hot[3].pk).update(status=School.Status.CLOSED)
    School.objects.filter(pk=world.closed.pk).update(status=School.Status.OPEN)
    assert refresh_engagement(world.year, now=later) == 3
    assert SchoolEngagement.objects.get(school=declined, academic_year=YEAR).changed_at == later
    assert_kept_equals_live(world.year)


def test_a_year_never_refreshed_is_refreshed_on_first_look_only(db):
    world = build_world(YEAR, event_day=date(2025, 11, 20))
    assert engagement_as_at(world.year, now=NOW) == NOW
    assert len(kept(world.year)) == 8
    assert engagement_as_at(world.year, now=NOW + timedelta(hours=1)) == NOW


def test_the_job_refreshes_last_this_and_next_year_and_older_years_looked_at_once_a_day(db):
    today = date(2026, 12, 5)
    now = aware(today)
    assert [year.start for year in due_years(now=now, today=today)] == [2027, 2026, 2025]
    # 2023 was looked at two days ago, 2022 an hour ago; 2021 is older than the year picker reaches.
    for start, ago in ((2023, timedelta(days=2)), (2022, timedelta(hours=1)), (2021, timedelta(days=9))):
        EngagementRefresh.objects.create(academic_year=start, refreshed_at=now - ago)
    assert [year.start for year in due_years(now=now, today=today)] == [2027, 2026, 2025, 2023]


def test_the_beat_job_runs_every_few_minutes_and_refreshes_by_calling_it(db):
    jobs = [job for job in settings.CELERY_BEAT_SCHEDULE.values() if job["task"] == "programmes.tasks.refresh_engagement_figures"]
    assert len(jobs) == 1 and jobs[0]["schedule"] == timedelta(minutes=settings.INSIGHT_REFRESH_MINUTES)
    assert jobs[0]["options"]["expires"] == settings.INSIGHT_REFRESH_MINUTES * 60
    world = build_world(this_year(), event_day=date(this_year(), 9, 1))
    app.loader.import_default_modules()
    task = app.tasks["programmes.tasks.refresh_engagement_figures"]
    first = task()
    # Next, this and last year, by label; this year's eight open schools written.
    assert list(first) == [Year(this_year() + n).label for n in (1, 0, -1)] and first[world.year.label] == 8
    assert_kept_equals_live(world.year)
    # Run again with nothing new: nothing written.
    assert set(task().values()) == {0}


# --- Random changes, then a refresh: the kept figures equal the live count ---------------------------

SCHOOLS = 3
STATUSES = ["nominated", "active", "declined", "withdrawn", "completed"]
SCHOOL_STATUSES = [School.Status.OPEN, School.Status.PROPOSED_TO_CLOSE, School.Status.CLOSED]
# Days from 1 September of YEAR, reaching into the years either side (and over their boundaries).
DAYS = st.integers(min_value=-420, max_value=420)
# Events either side of each year boundary: the last hour of 31 August and the first of 1 September.
EVENT_TIMES = [aware(date(YEAR, 8, 31), 23), aware(date(YEAR, 9, 1), 0), aware(date(YEAR, 11, 20)),
               aware(date(YEAR + 1, 8, 31), 23), aware(date(YEAR + 1, 9, 1), 0)]

changes = st.one_of(
    st.tuples(st.just("enrol"), st.integers(0, SCHOOLS - 1), st.integers(-1, 1), st.sampled_from(STATUSES)),
    st.tuples(st.just("enrolment_status"), st.integers(0, 50), st.sampled_from(STATUSES)),
    st.tuples(st.just("outcome"), st.integers(0, 50), st.sampled_from(["", "passed", "failed"])),
    st.tuples(st.just("place"), st.integers(0, 50), st.sampled_from([Place.CONFIRMED, Place.WAITING, Place.NONE])),
    st.tuples(st.just("ect"), st.integers(0, SCHOOLS - 1), DAYS, st.none() | st.integers(0, 500)),
    st.tuples(st.just("mentor"), st.integers(0, SCHOOLS - 1), DAYS, st.none() | st.integers(0, 500)),
    st.tuples(st.just("finish_ect"), st.integers(0, 50), st.integers(0, 500)),
    st.tuples(st.just("finish_mentor"), st.integers(0, 50), st.integers(0, 500)),
    st.tuples(st.just("invite"), st.integers(0, SCHOOLS - 1), st.integers(0, len(EVENT_TIMES) - 1), st.booleans()),
    st.tuples(st.just("attendance"), st.integers(0, 50), st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, len(EVENT_TIMES) - 1), st.booleans()),
    st.tuples(st.just("school_status"), st.integers(0, SCHOOLS - 1), st.sampled_from(SCHOOL_STATUSES)),
    st.tuples(st.just("move"), st.integers(0, SCHOOLS - 1), st.sampled_from(["Stroud", "Ledbury", ""]), st.sampled_from(["Primary", "Nursery"])),
    st.tuples(st.just("refresh"), st.integers(0, len(YEARS) - 1)),
)


def _nth(queryset, n: int):
    rows = list(queryset.order_by("pk"))
    return rows[n % len(rows)] if rows else None


def _apply(change: tuple, schools: list[School], events: list[Event], now) -> None:
    kind, *args = change
    first_day = date(YEAR, 9, 1)
    if kind == "enrol":
        where, offset, status = args
        cohort = cohort_for(Strand.ECTE, YEAR + offset, CohortStage.YEAR_1)
        Enrolment.objects.create(cohort=cohort, teacher=teacher(), school=schools[where], status=status, enrolled_on=first_day)
    elif kind == "enrolment_status" and (enrolment := _nth(Enrolment.objects.all(), args[0])):
        Enrolment.objects.filter(pk=enrolment.pk).update(status=args[1])
    elif kind == "outcome" and (enrolment := _nth(Enrolment.objects.all(), args[0])):
        Enrolment.objects.filter(pk=enrolment.pk).update(outcome=args[1], outcome_on=first_day if args[1] else None)
    elif kind == "place" and (invitation := _nth(EventInvitation.objects.all(), args[0])):
        EventInvitation.objects.filter(pk=invitation.pk).update(place=args[1])
    elif kind in ("ect", "mentor"):
        where, start, length = args
        started = first_day + timedelta(days=start)
        finished = started + timedelta(days=length) if length is not None else None
        if kind == "ect":
            ECTAtSchoolPeriod.objects.create(**SCHOOL_LED, teacher=teacher(), school=schools[where], started_on=started, finished_on=finished)
        else:
            MentorAtSchoolPeriod.objects.create(teacher=teacher(), school=schools[where], started_on=started, finished_on=finished)
    elif kind in ("finish_ect", "finish_mentor"):
        model = ECTAtSchoolPeriod if kind == "finish_ect" else MentorAtSchoolPeriod
        if period := _nth(model.objects.all(), args[0]):
            model.objects.filter(pk=period.pk).update(finished_on=period.started_on + timedelta(days=args[1]))
    elif kind == "invite":
        where, event, present = args
        n = EventInvitation.objects.count()
        EventInvitation.objects.create(event=events[event], email=f"guest{n}@example.org", school=schools[where], place=Place.CONFIRMED,
                                       attended_at=events[event].starts_at if present else None)
    elif kind == "attendance" and (invitation := _nth(EventInvitation.objects.select_related("event"), args[0])):
        EventInvitation.objects.filter(pk=invitation.pk).update(attended_at=invitation.event.starts_at if args[1] else None)
    elif kind == "cancel":
        event, cancelled = args
        Event.objects.filter(pk=events[event].pk).update(cancelled_at=now if cancelled else None)
    elif kind == "school_status":
        School.objects.filter(pk=schools[args[0]].pk).update(status=args[1])
    elif kind == "move":
        School.objects.filter(pk=schools[args[0]].pk).update(district=args[1], phase=args[2], name=f"{args[1]} {args[2]} {args[0]}")
    elif kind == "refresh":
        refresh_engagement(YEARS[args[0]], now=now)


@pytest.mark.django_db
# No "explain" phase: its tracing makes a failure take minutes to report on Python 3.11.
@hypothesis_settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(changes, max_size=25))
def test_after_any_changes_a_refresh_gives_the_live_figures(sequence):
    with transaction.atomic():
        schools = [school(f"Random School {n}", local_authority=["Gloucestershire", "Herefordshire"][n % 2]) for n in range(SCHOOLS)]
        events = [Event.objects.create(title=f"Event {n}", kind=EventKind.MENTOR_CONFERENCE, venue="Hub", starts_at=at,
                                       ends_at=at + timedelta(hours=1)) for n, at in enumerate(EVENT_TIMES)]
        for change in sequence:
            _apply(change, schools, events, NOW)
        for year in YEARS:
            refresh_engagement(year, now=NOW)
            assert_kept_equals_live(year)
        transaction.set_rollback(True)
