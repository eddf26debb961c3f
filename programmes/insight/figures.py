"""The hub's insight figures for one academic year, and the same for one school.

Every figure is counted in the database (grouped queries with filtered Counts), so a page
makes the same number of queries however many schools, people and events there are: one
query per table. Each table is a `Table` (title, columns, rows) that the page shows beside
its chart and that downloads as CSV unchanged, so the page and the file never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, School
from programmes.models import Cohort, Enrolment, Event, EventInvitation, EventKind, Strand
from programmes.models.events import Place

# The states counted per cohort (a declined nomination never joined the cohort).
STATES = (
    Enrolment.Status.NOMINATED, Enrolment.Status.ACTIVE, Enrolment.Status.DEFERRED,
    Enrolment.Status.WITHDRAWN, Enrolment.Status.COMPLETED,
)
# Schools counted for engagement: open, including those open but proposed to close (GIAS).
OPEN_STATUSES = (School.Status.OPEN, School.Status.PROPOSED_TO_CLOSE)


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


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    # Columns from this index on are figures (right-aligned); the first column is the row's heading.
    figures_from: int = 1
    footer: list | None = None
    # (label column, value column, largest value or None for the table's largest): a bar per row.
    chart: tuple[int, int, float | None] | None = None
    bars: list[dict] = field(default_factory=list)

    @property
    def chart_height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + 6)

    def __post_init__(self):
        if self.chart:
            self.bars = _bars(self.rows, *self.chart)


def rate(part: int, whole: int) -> float | None:
    """A percentage to one decimal place; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


# --- Enrolments per strand and cohort -------------------------------------------------------------


def cohort_rows(year: Year, school: School | None = None) -> list:
    """Each cohort of the year with its enrolments by state: one query."""
    extra = Q(enrolments__school=school) if school else Q()
    counts = {f"n_{status}": Count("enrolments", filter=Q(enrolments__status=status) & extra) for status in STATES}
    # A school's cohorts are those with a count above nought (enrolment_tables skips the rest): filtering
    # on enrolments here would join them a second time and multiply the counts.
    cohorts = Cohort.objects.filter(academic_year=year.start).select_related("programme").annotate(**counts)
    return list(cohorts.order_by("programme__strand", "programme__name", "stage", "intake"))


def enrolment_tables(year: Year, school: School | None = None) -> tuple[Table, Table]:
    """Enrolments per cohort by state, and the totals per strand (summed from the same rows)."""
    labels = [Enrolment.Status(status).label for status in STATES]
    strands = {value: [0] * len(STATES) for value in Strand.values}
    rows = []
    for cohort in cohort_rows(year, school):
        figures = [getattr(cohort, f"n_{status}") for status in STATES]
        if school and not any(figures):
            continue
        rows.append([cohort.name, Strand(cohort.programme.strand).label, *figures, sum(figures)])
        strands[cohort.programme.strand] = [a + b for a, b in zip(strands[cohort.programme.strand], figures, strict=True)]
    by_cohort = Table("cohorts", "Enrolments per cohort", ["Cohort", "Strand", *labels, "Total"], rows, figures_from=2)
    strand_rows = [[Strand(value).label, *figures, sum(figures)] for value, figures in strands.items()]
    footer = ["All strands", *[sum(row[i] for row in strand_rows) for i in range(1, len(STATES) + 2)]]
    by_strand = Table("strands", "Enrolments per strand", ["Strand", *labels, "Total"], strand_rows, footer=footer,
                      chart=(0, len(STATES) + 1, None))
    return by_strand, by_cohort


# --- Engagement: which schools take part ---------------------------------------------------------


def takes_part(year: Year):
    """A school takes part in the year if any one of these holds (the definition the page states):

    an enrolment (not a declined nomination) in a cohort of the year; someone from the school
    marked present at an event held in the year; or an ECT or mentor at the school at some
    point in the year.
    """
    school = OuterRef("pk")
    in_year = Q(started_on__lte=year.last_day) & (Q(finished_on__isnull=True) | Q(finished_on__gte=year.first_day))
    return (
        Exists(Enrolment.objects.filter(school=school, cohort__academic_year=year.start).exclude(status=Enrolment.Status.DECLINED))
        | Exists(EventInvitation.objects.filter(
            school=school, attended_at__isnull=False, event__cancelled_at__isnull=True,
            event__starts_at__gte=year.begins_at, event__starts_at__lt=year.ends_at))
        | Exists(ECTAtSchoolPeriod.objects.filter(in_year, school=school))
        | Exists(MentorAtSchoolPeriod.objects.filter(in_year, school=school))
    )


def open_schools(year: Year):
    return School.objects.filter(status__in=OPEN_STATUSES).alias(takes_part=takes_part(year))


def _engagement_groups(year: Year) -> list[dict]:
    """Open schools and those taking part per local authority, district and phase: one grouped query.

    The three engagement tables are rolled up from these groups (a few dozen, however many schools),
    so the subqueries that decide whether each school takes part run once per page, not three times.
    """
    return list(
        open_schools(year).values("local_authority", "district", "phase")
        .annotate(schools=Count("pk"), taking_part=Count("pk", filter=Q(takes_part=True)))
        .order_by("local_authority", "district", "phase")
    )


def _engagement(groups: list[dict], key: str, title: str, fields: list[str], headings: list[str]) -> Table:
    totals: dict[tuple, list[int]] = {}
    for group in groups:
        counts = totals.setdefault(tuple(group[name] or "Not recorded" for name in fields), [0, 0])
        counts[0] += group["schools"]
        counts[1] += group["taking_part"]
    rows = [[*names, schools, taking, schools - taking, rate(taking, schools)] for names, (schools, taking) in sorted(totals.items())]
    n = len(fields)
    schools, taking = sum(row[n] for row in rows), sum(row[n + 1] for row in rows)
    footer = ["All schools", *[""] * (n - 1), schools, taking, schools - taking, rate(taking, schools)]
    return Table(key, title, [*headings, "Open schools", "Taking part", "Taking part in nothing", "% taking part"], rows,
                 figures_from=n, footer=footer, chart=(n - 1, n + 3, 100) if n == 1 else None)


def engagement_tables(year: Year) -> list[Table]:
    groups = _engagement_groups(year)
    return [
        _engagement(groups, "local_authorities", "Schools taking part per local authority", ["local_authority"], ["Local authority"]),
        _engagement(groups, "phases", "Schools taking part per phase", ["phase"], ["Phase"]),
        _engagement(groups, "districts", "Schools taking part per district", ["local_authority", "district"], ["Local authority", "District"]),
    ]


def cold_spots(year: Year) -> Table:
    """Open schools that take part in nothing this year: the hub's cold spots."""
    schools = (
        open_schools(year).filter(takes_part=False)
        .order_by("local_authority", "district", "name")
        .values_list("name", "urn", "phase", "local_authority", "district")
    )
    rows = [list(school) for school in schools]
    return Table("cold_spots", "Schools taking part in nothing", ["School", "URN", "Phase", "Local authority", "District"], rows,
                 figures_from=99)


def school_engagement(year: Year, school: School) -> dict:
    """Which of the ways of taking part hold for one school this year: one query."""
    in_year = Q(started_on__lte=year.last_day) & (Q(finished_on__isnull=True) | Q(finished_on__gte=year.first_day))
    here = OuterRef("pk")
    return School.objects.filter(pk=school.pk).annotate(
        enrolled=Exists(Enrolment.objects.filter(school=here, cohort__academic_year=year.start).exclude(status=Enrolment.Status.DECLINED)),
        attended=Exists(EventInvitation.objects.filter(
            school=here, attended_at__isnull=False, event__cancelled_at__isnull=True,
            event__starts_at__gte=year.begins_at, event__starts_at__lt=year.ends_at)),
        ects=Exists(ECTAtSchoolPeriod.objects.filter(in_year, school=here)),
        mentors=Exists(MentorAtSchoolPeriod.objects.filter(in_year, school=here)),
    ).values("enrolled", "attended", "ects", "mentors").get()


# --- Events ----------------------------------------------------------------------------------------


def event_attendance(year: Year, *, now: datetime, school: School | None = None) -> Table:
    """Each event held in the year so far (started, not cancelled): confirmed places, attended, rate."""
    mine = Q(invitations__school=school) if school else Q()
    events = Event.objects.filter(starts_at__gte=year.begins_at, starts_at__lt=min(year.ends_at, now), cancelled_at__isnull=True)
    if school:
        events = events.filter(Exists(EventInvitation.objects.filter(event=OuterRef("pk"), school=school)))
    events = events.annotate(
        confirmed=Count("invitations", filter=Q(invitations__place=Place.CONFIRMED) & mine),
        attended=Count("invitations", filter=Q(invitations__attended_at__isnull=False) & mine),
    ).order_by("starts_at", "title").values_list("title", "starts_at", "kind", "confirmed", "attended")
    rows = [
        [title, timezone.localtime(starts_at).date().isoformat(), EventKind(kind).label, confirmed, attended, rate(attended, confirmed)]
        for title, starts_at, kind, confirmed, attended in events
    ]
    confirmed, attended = sum(row[3] for row in rows), sum(row[4] for row in rows)
    return Table("events", "Attendance per event", ["Event", "Date", "Kind", "Confirmed places", "Attended", "Attendance rate (%)"],
                 rows, figures_from=3, footer=["All events", "", "", confirmed, attended, rate(attended, confirmed)], chart=(0, 5, 100))


# --- NPQs ------------------------------------------------------------------------------------------


def npq_outcomes(year: Year, school: School | None = None) -> Table:
    """Per course and intake: completion rate = completed ÷ enrolled (not nominated or declined); pass rate = passed ÷ (passed + failed)."""
    mine = Q(enrolments__school=school) if school else Q()
    enrolled = Q(enrolments__status__in=[s for s in Enrolment.Status.values if s not in ("nominated", "declined")])
    cohorts = (
        Cohort.objects.filter(academic_year=year.start, programme__strand=Strand.NPQ)
        .annotate(
            enrolled=Count("enrolments", filter=enrolled & mine),
            completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED) & mine),
            withdrawn=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WITHDRAWN) & mine),
            passed=Count("enrolments", filter=Q(enrolments__outcome="passed") & mine),
            failed=Count("enrolments", filter=Q(enrolments__outcome="failed") & mine),
        )
        .order_by("programme__name", "intake")
        .values_list("programme__name", "intake", "enrolled", "completed", "withdrawn", "passed", "failed")
    )
    rows = [
        [f"{name} ({intake or 'no intake'})", *figures, rate(figures[1], figures[0]), rate(figures[3], figures[3] + figures[4])]
        for name, intake, *figures in cohorts
        if not school or figures[0]
    ]
    sums = [sum(row[i] for row in rows) for i in range(1, 6)]
    footer = ["All NPQs", *sums, rate(sums[1], sums[0]), rate(sums[3], sums[3] + sums[4])]
    return Table("npq", "NPQ completion and pass rates", ["Course and intake", "Enrolled", "Completed", "Withdrawn", "Passed", "Failed",
                                                          "Completion rate (%)", "Pass rate (%)"], rows, footer=footer, chart=(0, 6, 100))


# --- The dashboards --------------------------------------------------------------------------------


def hub_tables(year: Year, *, now: datetime) -> dict[str, Callable[[], Table]]:
    """Each of the hub dashboard's tables by key, computed only when called (a CSV needs one)."""
    return {
        "strands": lambda: enrolment_tables(year)[0],
        "cohorts": lambda: enrolment_tables(year)[1],
        "local_authorities": lambda: engagement_tables(year)[0],
        "phases": lambda: engagement_tables(year)[1],
        "districts": lambda: engagement_tables(year)[2],
        "cold_spots": lambda: cold_spots(year),
        "events": lambda: event_attendance(year, now=now),
        "npq": lambda: npq_outcomes(year),
    }


def hub_dashboard(year: Year, *, now: datetime) -> dict[str, Table]:
    by_strand, by_cohort = enrolment_tables(year)
    authorities, phases, districts = engagement_tables(year)
    return {
        "strands": by_strand, "cohorts": by_cohort, "local_authorities": authorities, "phases": phases,
        "districts": districts, "cold_spots": cold_spots(year), "events": event_attendance(year, now=now), "npq": npq_outcomes(year),
    }


def school_tables(year: Year, school: School, *, now: datetime) -> dict[str, Callable[[], Table]]:
    return {
        "strands": lambda: enrolment_tables(year, school)[0],
        "cohorts": lambda: enrolment_tables(year, school)[1],
        "events": lambda: event_attendance(year, now=now, school=school),
        "npq": lambda: npq_outcomes(year, school),
    }


def school_dashboard(year: Year, school: School, *, now: datetime) -> dict[str, Table]:
    by_strand, by_cohort = enrolment_tables(year, school)
    return {"strands": by_strand, "cohorts": by_cohort, "events": event_attendance(year, now=now, school=school),
            "npq": npq_outcomes(year, school)}


def table_rows(table: Table) -> list[list]:
    """The table's rows and footer for the exporter, under `table.columns` (an undefined rate is left empty)."""
    return [*table.rows, *([table.footer] if table.footer else [])]


# --- Charts ----------------------------------------------------------------------------------------

BAR_HEIGHT = 22
LABEL_WIDTH = 230
BAR_SPACE = 300


def _bars(rows: list[list], label: int, value: int, largest: float | None) -> list[dict]:
    """Horizontal bars in SVG user units: each row's label, its bar's width and where the value goes."""
    values = [row[value] or 0 for row in rows]
    top = largest or max(values, default=0) or 1
    bars = []
    for n, (row, figure) in enumerate(zip(rows, values, strict=True)):
        text = str(row[label])
        width = round(BAR_SPACE * figure / top, 1)
        bars.append({
            "label": text if len(text) <= 30 else text[:29] + "…", "value": row[value], "width": width,
            "y": n * (BAR_HEIGHT + 6), "text_y": n * (BAR_HEIGHT + 6) + 15, "value_x": LABEL_WIDTH + width + 6,
        })
    return bars
