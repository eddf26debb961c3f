"""The hub insight dashboard (hub staff) and a school's own dashboard (its headteachers and tutors).

Both show the figures of programmes.insight for one academic year (?year=2026 for 2026/27, this
year by default); ?format=csv&table=<key> downloads one table as CSV. Anyone else gets 404.
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

# How far back and ahead the year picker reaches from this year.
YEARS_BACK, YEARS_AHEAD = 4, 1


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
    return csv_response(table.columns, insight.table_rows(table), f"{filename}-{table.key}.csv")


@require_safe
@login_required
def hub_insight(request):
    require_hub_staff(request.user)
    now = timezone.now()
    year = _year(request, now)
    if request.GET.get("format") == "csv":
        return _csv(request, insight.hub_tables(year, now=now), f"hub-insight-{year.slug}")
    tables = insight.hub_dashboard(year, now=now)
    return render(request, "programmes/insight/hub.html", {
        "year": year, "years": _years(now), "tables": tables, "cold_spot_count": len(tables["cold_spots"].rows),
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
