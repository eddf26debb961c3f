"""Which schools take part in the hub's work, kept per school and academic year rather than worked out per view.

Working it out reads every open school's enrolments, attendance, ECT and mentor periods (four EXISTS
subqueries per school): too slow to do on every view once many hubs share one database. The refresh
does it set-based, in one INSERT ... SELECT ... ON CONFLICT DO UPDATE that rewrites only the rows that
changed, then drops the rows of schools no longer open, then sums them per local authority, district
and phase (EngagementGroup); the dashboard reads the sums and lists the cold spots from the rows.
The same refresh counts each of the year's cohorts' enrolments (CohortTally, programmes.insight.tallies)
and each of its events' places and attendance (EventTally), which the dashboard's other tables read:
each is a count over every enrolment or invitation of the year, as slow as the engagement once many
hubs share the database. Every run also counts the cohorts of the other years, for the programmes page.

Which years are refreshed, and how often (the beat job, `refresh_due_years`): last year, this year and
next year on every run, because they change every day (attendance marked after the event, ECTs
registered with a start date in the past, nominations for next year's cohorts). Older years can still
change (a correction to a past ECT period, a person erased, a school closing), but seldom: those the
year picker shows are refreshed once a day, and only if someone has looked at them. The models hold no
"changed at" stamps to refresh only the schools touched since the last run, so a run refreshes the
whole year; the ON CONFLICT ... WHERE leaves unchanged rows unwritten.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DateTimeField, Exists, IntegerField, OuterRef, Q, Value

from hubportal.lib.dates import academic_year_of
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, School
from programmes.insight.tallies import count_cohorts, count_cohorts_of_other_years
from programmes.insight.years import YEARS_BACK, Year
from programmes.models import (
    Cohort,
    EngagementGroup,
    EngagementRefresh,
    Enrolment,
    Event,
    EventInvitation,
    EventTally,
    Place,
    SchoolEngagement,
)

# Schools counted for engagement: open, including those open but proposed to close (GIAS).
OPEN_STATUSES = (School.Status.OPEN, School.Status.PROPOSED_TO_CLOSE)
# The ways of taking part, each a column of SchoolEngagement.
WAYS = ("enrolled", "attended", "ects", "mentors")
# The school's own fields copied onto its row (the cold spots' order), rewritten when they change.
COPIED = ("local_authority", "district", "name")
# Years other than last, this and next: refreshed this often once someone has looked at them.
OLDER_YEARS_EVERY = timedelta(days=1)


def ways_of_taking_part(year: Year, school=None) -> dict[str, Exists]:
    """The four ways a school takes part in the year (the definition the dashboard states):

    an enrolment (not a declined nomination) in a cohort of the year; someone from the school
    marked present at an event held in the year (not cancelled); an ECT or a mentor at the school
    at some point in the year. `school` defaults to the outer query's school.
    """
    school = school if school is not None else OuterRef("pk")
    in_year = Q(started_on__lte=year.last_day) & (Q(finished_on__isnull=True) | Q(finished_on__gte=year.first_day))
    return {
        "enrolled": Exists(Enrolment.objects.filter(school=school, cohort__academic_year=year.start)
                           .exclude(status=Enrolment.Status.DECLINED)),
        "attended": Exists(EventInvitation.objects.filter(
            school=school, attended_at__isnull=False, event__cancelled_at__isnull=True,
            event__starts_at__gte=year.begins_at, event__starts_at__lt=year.ends_at)),
        "ects": Exists(ECTAtSchoolPeriod.objects.filter(in_year, school=school)),
        "mentors": Exists(MentorAtSchoolPeriod.objects.filter(in_year, school=school)),
    }


def _upsert_sql(year: Year, now: datetime) -> tuple[str, tuple]:
    """INSERT ... SELECT of every open school's row for the year, rewriting only rows that changed.

    The SELECT is the ORM's own, so it is written for whichever database runs it; ON CONFLICT ... DO
    UPDATE ... WHERE is the same in PostgreSQL and SQLite (3.24 on). The SELECT has a WHERE, which
    SQLite needs to tell its ON CONFLICT from a join's ON.
    """
    rows = (
        School.objects.filter(status__in=OPEN_STATUSES).order_by()
        .annotate(fact_year=Value(year.start, output_field=IntegerField()), **ways_of_taking_part(year),
                  fact_at=Value(now, output_field=DateTimeField()))
        .values_list("pk", "fact_year", *WAYS, *COPIED, "fact_at")
    )
    select, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(SchoolEngagement._meta.db_table)
    columns = ["school_id", "academic_year", *WAYS, *COPIED, "changed_at"]
    changed = " OR ".join(f"{table}.{quote(column)} <> excluded.{quote(column)}" for column in [*WAYS, *COPIED])
    updates = ", ".join(f"{quote(column)} = excluded.{quote(column)}" for column in [*WAYS, *COPIED, "changed_at"])
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) {select} "
        f"ON CONFLICT ({quote('academic_year')}, {quote('school_id')}) DO UPDATE SET {updates} WHERE {changed}"
    )
    return sql, params


def _groups_sql(year: Year) -> tuple[str, tuple]:
    """The year's groups summed from its kept rows: plain SQL that PostgreSQL and SQLite read alike."""
    quote = connection.ops.quote_name
    groups, facts, schools = (quote(m._meta.db_table) for m in (EngagementGroup, SchoolEngagement, School))
    keys = ("local_authority", "district", "phase")
    taking_part = " OR ".join(f"e.{quote(way)}" for way in WAYS)
    sql = (
        f"INSERT INTO {groups} ({quote('academic_year')}, {', '.join(quote(k) for k in keys)}, {quote('schools')}, {quote('taking_part')}) "
        f"SELECT e.{quote('academic_year')}, {', '.join(f's.{quote(k)}' for k in keys)}, COUNT(*), "
        f"SUM(CASE WHEN {taking_part} THEN 1 ELSE 0 END) "
        f"FROM {facts} e JOIN {schools} s ON s.{quote('id')} = e.{quote('school_id')} WHERE e.{quote('academic_year')} = %s "
        f"GROUP BY e.{quote('academic_year')}, {', '.join(f's.{quote(k)}' for k in keys)}"
    )
    return sql, (year.start,)


def _refresh_tallies(year: Year, *, now: datetime) -> None:
    """Count each of the year's cohorts' enrolments and each of its events' invitations again: one grouped query each,
    then one upsert of a few dozen cohorts and of the year's events (a few thousand at the largest)."""
    count_cohorts(Cohort.objects.filter(academic_year=year.start), now=now)
    events = (
        Event.objects.filter(starts_at__gte=year.begins_at, starts_at__lt=year.ends_at).order_by()
        .annotate(confirmed=Count("invitations", filter=Q(invitations__place=Place.CONFIRMED)),
                  attended=Count("invitations", filter=Q(invitations__attended_at__isnull=False)))
        .values_list("pk", "confirmed", "attended")
    )
    EventTally.objects.bulk_create(
        [EventTally(event_id=pk, confirmed=confirmed, attended=attended) for pk, confirmed, attended in events],
        update_conflicts=True, unique_fields=["event"], update_fields=["confirmed", "attended"], batch_size=1000,
    )


def refresh_engagement(year: Year, *, now: datetime) -> int:
    """Bring the year's kept rows up to date with the records; the number of rows written or removed.

    Idempotent: a second run with nothing new writes nothing. Two refreshes of one year take turns on
    the year's EngagementRefresh row, so they never interleave their writes.
    """
    with transaction.atomic():
        EngagementRefresh.objects.bulk_create([EngagementRefresh(academic_year=year.start, refreshed_at=now)], ignore_conflicts=True)
        EngagementRefresh.objects.select_for_update().filter(academic_year=year.start).first()
        with connection.cursor() as cursor:
            cursor.execute(*_upsert_sql(year, now))
            written = cursor.rowcount
        # A school that closed (or was never open) since the last refresh no longer counts.
        removed, _ = SchoolEngagement.objects.filter(academic_year=year.start).exclude(school__status__in=OPEN_STATUSES).delete()
        # The groups are rewritten whole (a few hundred rows): a school may also have moved district or phase.
        EngagementGroup.objects.filter(academic_year=year.start).delete()
        with connection.cursor() as cursor:
            cursor.execute(*_groups_sql(year))
        _refresh_tallies(year, now=now)
        EngagementRefresh.objects.filter(academic_year=year.start).update(refreshed_at=now)
    return written + removed


def engagement_as_at(year: Year, *, now: datetime) -> datetime:
    """When the year's kept figures were refreshed; a year never refreshed is refreshed now, once.

    The first look at a year waits for its refresh (a second or two at the largest) rather than
    showing every school as taking part in nothing; from then on the beat job keeps it.
    """
    refreshed_at = EngagementRefresh.objects.filter(academic_year=year.start).values_list("refreshed_at", flat=True).first()
    if refreshed_at is None:
        refresh_engagement(year, now=now)
        return now
    return refreshed_at


def refresh_every(year: Year, *, today) -> timedelta:
    """How often the beat job refreshes the year (the dashboard says so beside the figures)."""
    if abs(year.start - academic_year_of(today)) <= 1:
        return timedelta(minutes=settings.INSIGHT_REFRESH_MINUTES)
    return OLDER_YEARS_EVERY


def due_years(*, now: datetime, today) -> list[Year]:
    """Last year, this year and next year always; older years the picker shows, once looked at, when a day old."""
    current = academic_year_of(today)
    older = EngagementRefresh.objects.filter(
        academic_year__gte=current - YEARS_BACK, academic_year__lt=current - 1, refreshed_at__lte=now - OLDER_YEARS_EVERY,
    ).order_by("-academic_year").values_list("academic_year", flat=True)
    return [Year(current + 1), Year(current), Year(current - 1), *(Year(start) for start in older)]


def refresh_due_years(*, now: datetime, today) -> dict[str, int]:
    """The beat job's work: each due year refreshed in its own transaction; rows written or removed per year.

    Then every other year's cohorts are counted (programmes.insight.tallies): the programmes page shows them all.
    """
    years = due_years(now=now, today=today)
    written = {year.label: refresh_engagement(year, now=now) for year in years}
    count_cohorts_of_other_years([year.start for year in years], now=now)
    return written
