"""The hub's insight figures for one academic year, and the same for one school.

Every figure is counted in the database (grouped queries with filtered Counts), so a page
makes the same number of queries however many schools, people and events there are: one
query per table. The hub's figures are not counted per view but read from those kept per
school, cohort and event for each year (programmes.insight.engagement, refreshed every few
minutes), so a view costs the same at any size; one school's are counted live. Each table is a `Table` (title,
columns, rows) that the page shows beside its chart and that downloads as CSV unchanged, so the
page and the file never disagree; the long ones (districts, cold spots, events) show a page at a time
and download in full.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from participants.models import School
from programmes.insight.engagement import OPEN_STATUSES, engagement_as_at, ways_of_taking_part
from programmes.insight.years import Year
from programmes.models import Cohort, EngagementGroup, Enrolment, Event, EventInvitation, EventKind, SchoolEngagement, Strand
from programmes.models.engagement import TAKES_PART_IN_NOTHING
from programmes.models.events import Place

# The states counted per cohort (a declined nomination never joined the cohort).
STATES = (
    Enrolment.Status.NOMINATED, Enrolment.Status.ACTIVE, Enrolment.Status.DEFERRED,
    Enrolment.Status.WITHDRAWN, Enrolment.Status.COMPLETED,
)
# Rows a page of the cold spots, of the events and of the districts shows; their CSVs give every row.
COLD_SPOTS_PER_PAGE = 50
EVENTS_PER_PAGE = 50
# England has about 300 districts: a hub sees a few dozen, a database shared by many hubs all of them.
DISTRICTS_PER_PAGE = 50


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    # A list, or (for a download) rows read one at a time as the file is written.
    rows: list[list] | Iterable[list]
    # Columns from this index on are figures (right-aligned); the first column is the row's heading.
    figures_from: int = 1
    footer: list | None = None
    # (label column, value column, largest value or None for the table's largest): a bar per row.
    chart: tuple[int, int, float | None] | None = None
    bars: list[dict] = field(default_factory=list)
    # A long table shows one page of its rows (`rows`), chosen by its own query parameter; the footer covers every row.
    page: Page | None = None
    page_param: str = ""

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
    """Each cohort of the year with its enrolments by state: one query.

    The hub's counts are those kept at the last refresh (CohortTally, a row per cohort); one school's
    are counted live, which costs little.
    """
    if school is None:
        counts = {f"n_{status}": Coalesce(F(f"tally__{status}"), 0) for status in STATES}
    else:
        counts = {f"n_{status}": Count("enrolments", filter=Q(enrolments__status=status, enrolments__school=school)) for status in STATES}
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
    """A school takes part in the year if any one of the ways holds (programmes.insight.engagement).

    Worked out per school, live: the reference that the kept figures are checked against, and a
    filter for a few schools; the hub dashboard reads the kept figures instead.
    """
    enrolled, attended, ects, mentors = ways_of_taking_part(year).values()
    return enrolled | attended | ects | mentors


def open_schools(year: Year):
    return School.objects.filter(status__in=OPEN_STATUSES).alias(takes_part=takes_part(year))


def _engagement_groups(year: Year) -> list[dict]:
    """Open schools and those taking part per local authority, district and phase, as at the last refresh: one query.

    Kept sums (programmes.insight.engagement), a few hundred rows however many schools; the three
    engagement tables are rolled up from them.
    """
    return list(
        EngagementGroup.objects.filter(academic_year=year.start)
        .order_by("local_authority", "district", "phase")
        .values("local_authority", "district", "phase", "schools", "taking_part")
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


def districts_page(districts: Table, page: int | str | None = 1) -> Table:
    """One page of the districts table (rolled up in memory from the kept groups); the footer covers every district."""
    shown = Paginator(districts.rows, DISTRICTS_PER_PAGE).get_page(page)
    return Table(districts.key, districts.title, districts.columns, list(shown), figures_from=districts.figures_from,
                 footer=districts.footer, page=shown, page_param="districts_page")


def cold_spot_count(authorities: Table) -> int:
    """Open schools taking part in nothing: the engagement tables' total, so the cold-spot list needs no count of its own."""
    return authorities.footer[3] if authorities.footer else 0


class _Counted:
    """Rows whose number is already known, so that a paginator asks the database for no COUNT."""

    def __init__(self, rows, count: int):
        self.rows, self._count = rows, count

    def count(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.rows[index]


def _page(rows, count: int, per_page: int, number) -> Page:
    return Paginator(_Counted(rows, count), per_page).get_page(number)


COLD_SPOT_COLUMNS = ["School", "URN", "Phase", "Local authority", "District"]


def _cold_spots(year: Year):
    """Open schools that took part in nothing at the last refresh: the hub's cold spots, by place and name.

    In the order of the partial index engagement_cold_spots, so a page reads only its own rows from it.
    """
    return (
        SchoolEngagement.objects.filter(TAKES_PART_IN_NOTHING, academic_year=year.start)
        .order_by("local_authority", "district", "name", "school")
        .values_list("name", "school__urn", "school__phase", "local_authority", "district")
    )


def cold_spots(year: Year, *, count: int, page: int | str | None = 1) -> Table:
    """One page of the cold spots; `count` is how many there are in all (cold_spot_count)."""
    shown = _page(_cold_spots(year), count, COLD_SPOTS_PER_PAGE, page)
    return Table("cold_spots", "Schools taking part in nothing", COLD_SPOT_COLUMNS, [list(row) for row in shown],
                 figures_from=99, page=shown, page_param="cold_spots_page")


def all_cold_spots(year: Year) -> Table:
    """Every cold spot, read as the CSV is written."""
    return Table("cold_spots", "Schools taking part in nothing", COLD_SPOT_COLUMNS,
                 (list(row) for row in _cold_spots(year).iterator()), figures_from=99)


def school_engagement(year: Year, school: School) -> dict:
    """Which of the ways of taking part hold for one school this year, live (one school is cheap): one query."""
    return School.objects.filter(pk=school.pk).annotate(**ways_of_taking_part(year)).values(
        "enrolled", "attended", "ects", "mentors").get()


# --- Events ----------------------------------------------------------------------------------------

EVENT_COLUMNS = ["Event", "Date", "Kind", "Confirmed places", "Attended", "Attendance rate (%)"]


def _held(year: Year, now: datetime):
    """Events held in the year so far: started, not cancelled."""
    return Event.objects.filter(starts_at__gte=year.begins_at, starts_at__lt=min(year.ends_at, now), cancelled_at__isnull=True)


def _event_row(title, starts_at, kind, confirmed, attended) -> list:
    return [title, timezone.localtime(starts_at).date().isoformat(), EventKind(kind).label, confirmed, attended, rate(attended, confirmed)]


def _events_footer(confirmed: int, attended: int) -> list:
    return ["All events", "", "", confirmed, attended, rate(attended, confirmed)]


def event_attendance(year: Year, *, now: datetime, school: School | None = None) -> Table:
    """Each event held in the year so far (started, not cancelled): confirmed places, attended, rate."""
    mine = Q(invitations__school=school) if school else Q()
    events = _held(year, now)
    if school:
        events = events.filter(Exists(EventInvitation.objects.filter(event=OuterRef("pk"), school=school)))
    events = events.annotate(
        confirmed=Count("invitations", filter=Q(invitations__place=Place.CONFIRMED) & mine),
        attended=Count("invitations", filter=Q(invitations__attended_at__isnull=False) & mine),
    ).order_by("starts_at", "title").values_list("title", "starts_at", "kind", "confirmed", "attended")
    rows = [_event_row(*event) for event in events]
    confirmed, attended = sum(row[3] for row in rows), sum(row[4] for row in rows)
    return Table("events", "Attendance per event", EVENT_COLUMNS, rows, figures_from=3, footer=_events_footer(confirmed, attended),
                 chart=(0, 5, 100))


def _events_with_counts(year: Year, now: datetime):
    """The events held, each with its places and attendance kept at the last refresh (EventTally; none yet: 0)."""
    return (
        _held(year, now)
        .annotate(confirmed=Coalesce(F("tally__confirmed"), 0), attended=Coalesce(F("tally__attended"), 0))
        .order_by("starts_at", "title", "pk").values_list("title", "starts_at", "kind", "confirmed", "attended")
    )


def _events_totals(year: Year, now: datetime) -> dict:
    """The number of events held and their confirmed places and attendance in all, as kept: one query over the year's events."""
    return _held(year, now).aggregate(
        events=Count("pk"), confirmed=Coalesce(Sum("tally__confirmed"), 0), attended=Coalesce(Sum("tally__attended"), 0),
    )


def event_attendance_page(year: Year, *, now: datetime, page: int | str | None = 1) -> Table:
    """One page of the events held in the year, with the footer's totals over every one of them."""
    totals = _events_totals(year, now)
    shown = _page(_events_with_counts(year, now), totals["events"], EVENTS_PER_PAGE, page)
    return Table("events", "Attendance per event", EVENT_COLUMNS, [_event_row(*event) for event in shown], figures_from=3,
                 footer=_events_footer(totals["confirmed"], totals["attended"]), chart=(0, 5, 100), page=shown, page_param="events_page")


def all_event_attendance(year: Year, *, now: datetime) -> Table:
    """Every event held in the year, read as the CSV is written, with the same footer."""
    totals = _events_totals(year, now)
    return Table("events", "Attendance per event", EVENT_COLUMNS, (_event_row(*event) for event in _events_with_counts(year, now).iterator()),
                 figures_from=3, footer=_events_footer(totals["confirmed"], totals["attended"]))


# --- NPQs ------------------------------------------------------------------------------------------


def npq_outcomes(year: Year, school: School | None = None) -> Table:
    """Per course and intake: completion rate = completed ÷ enrolled (not nominated or declined); pass rate = passed ÷ (passed + failed).

    The hub's counts are those kept at the last refresh (CohortTally); one school's are counted live.
    """
    if school is None:
        tally = {name: Coalesce(F(f"tally__{name}"), 0) for name in ("active", "deferred", "withdrawn", "completed", "passed", "failed")}
        counts = {"enrolled": tally["active"] + tally["deferred"] + tally["withdrawn"] + tally["completed"],
                  **{name: tally[name] for name in ("completed", "withdrawn", "passed", "failed")}}
    else:
        mine = Q(enrolments__school=school)
        enrolled = Q(enrolments__status__in=[s for s in Enrolment.Status.values if s not in ("nominated", "declined")])
        counts = {
            "enrolled": Count("enrolments", filter=enrolled & mine),
            "completed": Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED) & mine),
            "withdrawn": Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WITHDRAWN) & mine),
            "passed": Count("enrolments", filter=Q(enrolments__outcome="passed") & mine),
            "failed": Count("enrolments", filter=Q(enrolments__outcome="failed") & mine),
        }
    cohorts = (
        Cohort.objects.filter(academic_year=year.start, programme__strand=Strand.NPQ).annotate(**counts)
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
    """Each of the hub dashboard's tables by key, in full, computed only when called (a CSV needs one)."""

    def kept(make: Callable[[], Table]) -> Callable[[], Table]:
        # The hub's tables read the kept figures: a year never refreshed is refreshed first.
        def table() -> Table:
            engagement_as_at(year, now=now)
            return make()
        return table

    return {
        "strands": kept(lambda: enrolment_tables(year)[0]),
        "cohorts": kept(lambda: enrolment_tables(year)[1]),
        "local_authorities": kept(lambda: engagement_tables(year)[0]),
        "phases": kept(lambda: engagement_tables(year)[1]),
        "districts": kept(lambda: engagement_tables(year)[2]),
        "cold_spots": kept(lambda: all_cold_spots(year)),
        "events": kept(lambda: all_event_attendance(year, now=now)),
        "npq": kept(lambda: npq_outcomes(year)),
    }


def hub_dashboard(year: Year, *, now: datetime, cold_spots_page: int | str | None = 1, events_page: int | str | None = 1,
                  districts_page_number: int | str | None = 1) -> dict[str, Table]:
    """The hub dashboard's tables, each read from the kept figures (call engagement_as_at first)."""
    by_strand, by_cohort = enrolment_tables(year)
    authorities, phases, districts = engagement_tables(year)
    return {
        "strands": by_strand, "cohorts": by_cohort, "local_authorities": authorities, "phases": phases,
        "districts": districts_page(districts, districts_page_number),
        "cold_spots": cold_spots(year, count=cold_spot_count(authorities), page=cold_spots_page),
        "events": event_attendance_page(year, now=now, page=events_page), "npq": npq_outcomes(year),
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


def table_lines(table: Table) -> Iterator[list]:
    """The table's rows and footer for the exporter, under `table.columns`, read as they are written."""
    return itertools.chain(table.rows, [table.footer] if table.footer else [])


def table_rows(table: Table) -> list[list]:
    """The table's rows and footer, all at once (an undefined rate is left empty in a CSV)."""
    return list(table_lines(table))


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
