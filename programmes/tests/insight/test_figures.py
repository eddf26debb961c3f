"""The insight figures (programmes.insight): counted right, for the hub and for one school.

The hub they count is programmes.tests.factories.build_world (used by the page and browser tests too).
"""

import csv
import io
from datetime import date

import pytest

from hubportal.lib.exports import csv_bytes
from programmes.insight import figures as insight
from programmes.insight.engagement import refresh_engagement
from programmes.models import Strand
from programmes.tests.factories import aware, build_world

YEAR = 2025
NOW = aware(date(2026, 9, 30))


@pytest.fixture
def world(db):
    world = build_world(YEAR, event_day=date(2025, 11, 20))
    # The engagement figures are kept: refreshed here as the beat job would.
    refresh_engagement(world.year, now=NOW)
    return world


def test_takes_part_is_any_one_of_the_ways_and_cold_spots_are_the_rest(world):
    spots = insight.cold_spots(world.year, count=4)
    assert sorted(row[1] for row in spots.rows) == sorted(s.urn for s in world.cold)
    assert world.closed.urn not in [row[1] for row in spots.rows]
    assert spots.columns == ["School", "URN", "Phase", "Local authority", "District"]
    # The kept figures agree with the reference, worked out live per school.
    live = insight.open_schools(world.year).filter(takes_part=False).values_list("urn", flat=True)
    assert sorted(row[1] for row in insight.all_cold_spots(world.year).rows) == sorted(live)


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
    rows = list(csv.reader(io.StringIO(csv_bytes(table.columns, insight.table_rows(table)).decode("utf-8-sig"))))
    assert rows == [["Name", "Rate"], ['Smith, "Jo"', ""], ["All", "50.0"]]


def test_chart_bars_scale_to_the_largest(db):
    table = insight.Table("t", "T", ["Name", "N"], [["a", 10], ["b", 5], ["c", None]], chart=(0, 1, None))
    assert [bar["width"] for bar in table.bars] == [insight.BAR_SPACE, insight.BAR_SPACE / 2, 0]
