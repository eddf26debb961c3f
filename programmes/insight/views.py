"""The hub insight dashboard (hub staff) and a school's own dashboard (its headteachers and tutors).

Both show the figures of programmes.insight for one academic year (?year=2026 for 2026/27, this
year by default); ?format=csv&table=<key> downloads one table as CSV, every row of it. The hub's
districts, cold spots and events come a page at a time, each with its own page parameter
(?districts_page=, ?cold_spots_page=, ?events_page=). Anyone else gets 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from hubportal.lib.dates import academic_year_of
from hubportal.lib.exports import csv_response
from participants.access import headed_schools, is_hub_staff, require_hub_staff, tutored_schools
from participants.models import School
from programmes.insight import figures as insight
from programmes.insight.engagement import engagement_as_at, refresh_every
from programmes.insight.years import YEARS_AHEAD, YEARS_BACK

# A refresh this many intervals late means the scheduled job is not running: the page says so.
LATE_AFTER_INTERVALS = 3


def _year(request, now) -> insight.Year:
    current = academic_year_of(timezone.localdate(now))
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    if not current - YEARS_BACK <= year <= current + YEARS_AHEAD:
        year = current
    return insight.Year(year)


def _years(now) -> list[insight.Year]:
    current = academic_year_of(timezone.localdate(now))
    return [insight.Year(y) for y in range(current + YEARS_AHEAD, current - YEARS_BACK - 1, -1)]


def _csv(request, tables: dict, filename: str):
    make = tables.get(request.GET.get("table", ""))
    if make is None:
        raise Http404("No such table")
    table = make()
    return csv_response(table.columns, insight.table_lines(table), f"{filename}-{table.key}.csv")


def _page_links(request, table: insight.Table) -> dict:
    """The table's previous and next pages, keeping the year and the other table's page, landing on the table."""
    links = {}
    for name, has, number in (("prev", "has_previous", "previous_page_number"), ("next", "has_next", "next_page_number")):
        if table.page is not None and getattr(table.page, has)():
            query = request.GET.copy()
            query[table.page_param] = getattr(table.page, number)()
            links[name] = f"?{query.urlencode()}#heading-{table.key}"
    return links


@require_safe
@login_required
def hub_insight(request):
    require_hub_staff(request.user)
    now = timezone.now()
    year = _year(request, now)
    if request.GET.get("format") == "csv":
        return _csv(request, insight.hub_tables(year, now=now), f"hub-insight-{year.slug}")
    as_at = engagement_as_at(year, now=now)
    every = refresh_every(year, today=timezone.localdate(now))
    tables = insight.hub_dashboard(year, now=now, cold_spots_page=request.GET.get("cold_spots_page"),
                                   events_page=request.GET.get("events_page"),
                                   districts_page_number=request.GET.get("districts_page"))
    return render(request, "programmes/insight/hub.html", {
        "year": year, "years": _years(now), "tables": tables, "cold_spot_count": insight.cold_spot_count(tables["local_authorities"]),
        "pages": {key: _page_links(request, tables[key]) for key in ("districts", "cold_spots", "events")},
        "as_at": as_at, "refresh_minutes": int(every.total_seconds() // 60), "late": now - as_at > every * LATE_AFTER_INTERVALS,
    })


def _school_for_insight(user, urn: int) -> School:
    """The school's headteachers and induction tutors, and hub staff; 404 for anyone else."""
    if is_hub_staff(user):
        schools = School.objects.all()
    else:
        schools = headed_schools(user) | tutored_schools(user)
    school = schools.filter(urn=urn).first()
    if school is None:
        raise Http404("No such school")
    return school


@require_safe
@login_required
def school_insight(request, urn: int):
    school = _school_for_insight(request.user, urn)
    now = timezone.now()
    year = _year(request, now)
    if request.GET.get("format") == "csv":
        return _csv(request, insight.school_tables(year, school, now=now), f"school-{school.urn}-insight-{year.slug}")
    return render(request, "programmes/insight/school.html", {
        "school": school, "year": year, "years": _years(now), "tables": insight.school_dashboard(year, school, now=now),
        "engagement": insight.school_engagement(year, school),
    })
