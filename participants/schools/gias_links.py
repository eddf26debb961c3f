"""Read GIAS's links file, and find the closed schools whose people should follow them to a successor.

GIAS publishes the links between establishments beside its extract (`links_edubasealldataYYYYMMDD.csv`,
Windows-1252 like the extract): `URN,LinkURN,LinkName,LinkType,LinkEstablishedDate`. A link is written
from both ends: when school A becomes academy B, A's row names B with a type starting "Successor"
("Successor", "Successor - amalgamated", "Successor - merged", "Successor - Split School") and B's
names A with the matching "Predecessor..." type. Other types ("Sixth Form Centre Link", "Other",
"Merged - expansion of school capacity", ...) say nothing about where a closed school's people went,
and are left alone. These are the type values DfE's own service knows (register-early-career-teachers-
public, `GIAS::SchoolLink`: successor, predecessor, merge and other link types).

This module only reads and plans; moving people belongs to registration.school_merges, which may
also move the AB's claims and agreements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError

from hubportal.lib import csv_upload
from hubportal.lib.csv_upload import CsvFormat, FileProblem
from participants.models import School
from participants.people.identifiers import read_urn
from participants.schools.gias import SkippedRow, _shown

LINK_HEADINGS = ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate")
SUCCESSOR, PREDECESSOR = "successor", "predecessor"

GIAS_LINKS_FILE = CsvFormat(
    headings=LINK_HEADINGS,
    max_bytes=100 * 1024 * 1024,
    max_rows=500_000,
    no_rows="The GIAS links file has no links in it",
    headings_intro="The GIAS links file is missing required columns",
    other_columns=True,
)

# Kept under SQLite's 999-parameter limit, as the extract's import does.
_URN_CHUNK = 900


class GiasLinksFormatError(ValueError):
    """The file cannot be read as a GIAS links file at all."""


class GiasLink(NamedTuple):
    urn: int
    link_urn: int
    link_name: str
    link_type: str
    established_on: date | None


@dataclass
class Succession:
    """A closed school and the one successor its open periods, claims and agreement move to."""

    closed: School
    successor: School
    link_type: str
    # The first day at the successor: the link's date, else the day after the close, else the successor's opening.
    moved_on: date


@dataclass
class SuccessionPlan:
    successions: list[Succession] = field(default_factory=list)
    # Closed schools GIAS gives several successors: which one each teacher went to is for hub staff to decide.
    several: list[tuple[School, list[int]]] = field(default_factory=list)
    # Closed schools whose one successor is not among the portal's schools (import the extract first).
    successor_unknown: list[tuple[School, int]] = field(default_factory=list)


def direction(link_type: str) -> str:
    """SUCCESSOR when the linked school took over from this one, PREDECESSOR for the reverse, else ""."""
    kind = link_type.strip().casefold()
    if kind.startswith(SUCCESSOR):
        return SUCCESSOR
    if kind.startswith(PREDECESSOR):
        return PREDECESSOR
    return ""


def read_links_csv(path: str | Path) -> tuple[list[GiasLink], list[SkippedRow]]:
    """The links in the file and the rows skipped (by line, as the extract's import reports them)."""
    try:
        raw = Path(path).read_bytes()
        if not raw.strip():
            raise FileProblem("The GIAS links file is empty: expected a header row")
        rows = csv_upload.read_rows(GIAS_LINKS_FILE, csv_upload.decode(raw))
    except FileProblem as problem:
        raise GiasLinksFormatError(f"{path}: {problem}") from None
    links: list[GiasLink] = []
    skipped: list[SkippedRow] = []
    for row in rows:
        urn_text = _shown(row["URN"])
        try:
            if row.shape_problem:
                raise ValueError(row.shape_problem)
            links.append(_parse(row))
        except ValueError as problem:
            skipped.append(SkippedRow(row.line, urn_text, str(problem)))
    return links, skipped


def _parse(row: csv_upload.CsvRow) -> GiasLink:
    urns = []
    for column in ("URN", "LinkURN"):
        try:
            urns.append(read_urn(row[column]))
        except ValidationError as problem:
            raise ValueError(f"{column} '{_shown(row[column])}': {problem.messages[0]}") from None
    established = row["LinkEstablishedDate"]
    established_on = csv_upload.read_date(established) if established else None
    if established and established_on is None:
        raise ValueError(f"LinkEstablishedDate '{_shown(established)}' is not a date in dd-mm-yyyy form")
    return GiasLink(urns[0], urns[1], row["LinkName"], row["LinkType"], established_on)


def successors(links: list[GiasLink]) -> dict[int, dict[int, GiasLink]]:
    """URN -> {successor URN: the link saying so}, from either end of each link (as A's "Successor" or B's "Predecessor")."""
    found: dict[int, dict[int, GiasLink]] = {}
    for link in links:
        way = direction(link.link_type)
        if way == SUCCESSOR:
            found.setdefault(link.urn, {}).setdefault(link.link_urn, link)
        elif way == PREDECESSOR:
            # The type names the linked school's role: `link.urn` succeeded `link.link_urn`.
            found.setdefault(link.link_urn, {}).setdefault(link.urn, link)
    return found


def _schools_by_urn(urns: set[int]) -> dict[int, School]:
    ordered = sorted(urns)
    found: dict[int, School] = {}
    for start in range(0, len(ordered), _URN_CHUNK):
        found.update((s.urn, s) for s in School.objects.filter(urn__in=ordered[start : start + _URN_CHUNK]))
    return found


def plan_successions(links: list[GiasLink], *, today: date) -> SuccessionPlan:
    """Which of the portal's closed schools have exactly one successor, in a few queries whatever the file's size."""
    by_school = successors(links)
    schools = _schools_by_urn(set(by_school) | {urn for found in by_school.values() for urn in found})
    plan = SuccessionPlan()
    for urn in sorted(by_school):
        closed = schools.get(urn)
        if closed is None or closed.status != School.Status.CLOSED:
            continue  # an open school's successor is news, not a move: its people have not gone anywhere yet
        found = by_school[urn]
        if len(found) > 1:
            plan.several.append((closed, sorted(found)))
            continue
        successor_urn, link = next(iter(found.items()))
        successor = schools.get(successor_urn)
        if successor is None:
            plan.successor_unknown.append((closed, successor_urn))
            continue
        plan.successions.append(Succession(closed, successor, link.link_type, _moved_on(link, closed, successor, today)))
    return plan


def _moved_on(link: GiasLink, closed: School, successor: School, today: date) -> date:
    if link.established_on:
        return link.established_on
    if closed.closed_on:
        return closed.closed_on + timedelta(days=1)  # GIAS's CloseDate is the school's last day
    return successor.opened_on or today
