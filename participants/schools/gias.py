"""Import schools from a GIAS (Get Information About Schools) extract.

GIAS publishes establishments as a Windows-1252 CSV with fixed column headings; it is read by
the one reader (`hubportal.lib.csv_upload`), which also reads it re-saved by Excel as UTF-8.
The import upserts `School` by URN: every row is validated first, then all good
rows are written in one transaction with a handful of bulk queries, so a
re-run, a 5x extract or a row with a typo never leaves the table half-written.
A row that cannot be trusted (a bad value, a row cut short, values outside the headings)
is skipped and reported by line and column; the good rows are imported, as a GIAS
extract of 50,000 schools with one broken row is still the best list of schools there is.
Schools are never deleted: a closed school keeps its row (people's history
points at it) and a school missing from a later extract is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubportal.lib import csv_upload
from hubportal.lib.csv_upload import CsvFormat, FileProblem
from participants.models import School
from participants.people.identifiers import read_ukprn, read_urn

# The encoding GIAS writes; the one reader also takes the file re-saved from Excel as "CSV UTF-8".
GIAS_ENCODING = "cp1252"

# The largest schools in England have a few thousand pupils: far more is a broken cell, not a school
# (and the column holds no more than 2,147,483,647).
MAX_PUPILS = 100_000

# School field -> GIAS column, for the plain text fields copied as they are.
TEXT_COLUMNS: dict[str, str] = {
    "establishment_type": "TypeOfEstablishment (name)",
    "type_group": "EstablishmentTypeGroup (name)",
    "phase": "PhaseOfEducation (name)",
    "la_code": "LA (code)",
    "local_authority": "LA (name)",
    "establishment_number": "EstablishmentNumber",
    "district_code": "DistrictAdministrative (code)",
    "district": "DistrictAdministrative (name)",
    "postcode": "Postcode",
    "town": "Town",
    "trust_code": "Trusts (code)",
    "trust": "Trusts (name)",
}
INTEGER_COLUMNS: dict[str, str] = {"ukprn": "UKPRN", "number_of_pupils": "NumberOfPupils"}
DATE_COLUMNS: dict[str, str] = {"opened_on": "OpenDate", "closed_on": "CloseDate"}
HEAD_COLUMNS = ("HeadTitle (name)", "HeadFirstName", "HeadLastName")

# Every column the import maps is required: if one were absent we could not
# tell "blank in GIAS" from "not in this file", and an update would wipe data.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "URN",
    "EstablishmentName",
    "EstablishmentStatus (name)",
    "TypeOfEstablishment (code)",
    *TEXT_COLUMNS.values(),
    *INTEGER_COLUMNS.values(),
    *DATE_COLUMNS.values(),
    *HEAD_COLUMNS,
)

# ID-GIAS-002: the four GIAS status names; School.Status labels are exactly these.
STATUS_BY_GIAS_NAME: dict[str, str] = {label: value for value, label in School.Status.choices}

# The fields the import owns; anything else on School (none yet) is left alone.
IMPORTED_FIELDS: tuple[str, ...] = (
    "name",
    "establishment_type_code",
    *TEXT_COLUMNS,
    "status",
    *DATE_COLUMNS,
    *INTEGER_COLUMNS,
    "head_name",
)

# The whole extract is about 50,000 rows and 60 MB; the limits only stop a file that is something else.
GIAS_FILE = CsvFormat(
    headings=REQUIRED_COLUMNS,
    max_bytes=500 * 1024 * 1024,
    max_rows=500_000,
    no_rows="The GIAS file has no schools in it",
    headings_intro="The GIAS file is missing required columns",
    other_columns=True,
    # An address may run over lines in a quoted value.
    line_breaks=True,
)

# Kept under SQLite's 999-parameter limit so one lookup query serves ~1,000 rows.
_URN_LOOKUP_CHUNK = 900


class GiasFormatError(ValueError):
    """The file cannot be read as a GIAS extract at all (as opposed to a bad row)."""


class RowError(ValueError):
    """A row that cannot be imported; the message is the reason shown to staff, `column` the GIAS column it is about."""

    def __init__(self, message: str, column: str = "") -> None:
        super().__init__(message)
        self.column = column


class GiasRow(NamedTuple):
    line: int  # where the record starts in the file; the header is line 1
    # The row's value under each heading it reaches; a heading it stops short of is not there at all.
    values: dict[str, str]
    # What is wrong with the row's shape (cut short, values outside the headings), or "".
    shape_problem: str = ""


@dataclass(frozen=True)
class SkippedRow:
    line: int
    urn: str  # as written in the file, possibly blank or not a number
    reason: str
    column: str = ""  # the GIAS column the reason is about, when it is about one

    def __str__(self) -> str:
        urn = f" (URN {self.urn})" if self.urn else ""
        return f"line {self.line}{urn}: {self.reason}"


@dataclass
class GiasImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)}"
        )


def read_gias_csv(path: str | Path) -> list[GiasRow]:
    """Read a GIAS extract with the one reader. Raises GiasFormatError if it cannot be read as one at all
    (its encoding, a missing required column, a quote that is never closed)."""
    try:
        raw = Path(path).read_bytes()
        if not raw.strip():
            raise FileProblem("The GIAS file is empty: expected a GIAS header row")
        rows = csv_upload.read_rows(GIAS_FILE, csv_upload.decode(raw))
    except FileProblem as problem:
        raise GiasFormatError(f"{path}: {problem}") from None
    return [GiasRow(row.line, row.cells, row.shape_problem or "") for row in rows]


def import_gias_file(path: str | Path) -> GiasImportReport:
    return import_gias_rows(read_gias_csv(path))


def import_gias_rows(rows: Sequence[GiasRow]) -> GiasImportReport:
    """Upsert School by URN from parsed rows; return what happened to each row.

    Idempotent: unchanged schools are not written, so a second run of the same
    extract reports every row unchanged.
    """
    report = GiasImportReport()
    parsed: dict[int, dict[str, Any]] = {}
    first_line: dict[int, int] = {}
    for row in rows:
        urn_text = _shown(row.values.get("URN", "").strip())
        try:
            if row.shape_problem:
                # Its values may sit under the wrong headings: none of them can be trusted.
                raise RowError(row.shape_problem)
            values = parse_row(row.values)
        except RowError as exc:
            report.skipped.append(SkippedRow(row.line, urn_text, str(exc), exc.column))
            continue
        urn = values["urn"]
        if urn in first_line:
            report.skipped.append(SkippedRow(row.line, urn_text, f"duplicate URN (first on line {first_line[urn]})"))
            continue
        first_line[urn] = row.line
        parsed[urn] = values

    with transaction.atomic():
        existing = _existing_schools(list(parsed))
        to_create: list[School] = []
        to_update: list[School] = []
        changed_fields: set[str] = set()
        for urn, values in parsed.items():
            school = existing.get(urn)
            if school is None:
                to_create.append(School(**values))
                continue
            changed = [name for name in IMPORTED_FIELDS if getattr(school, name) != values[name]]
            if not changed:
                report.unchanged += 1
                continue
            for name in changed:
                setattr(school, name, values[name])
            changed_fields.update(changed)
            to_update.append(school)
        School.objects.bulk_create(to_create)
        if to_update:
            now = timezone.now()  # bulk_update skips auto_now, so stamp it ourselves
            for school in to_update:
                school.updated_at = now
            # Only the columns that changed somewhere, so the UPDATE stays small.
            School.objects.bulk_update(to_update, sorted(changed_fields | {"updated_at"}))
    report.created = len(to_create)
    report.updated = len(to_update)
    return report


def _existing_schools(urns: list[int]) -> dict[int, School]:
    # Lock the rows we may update so two imports at once serialise (no-op on SQLite).
    found: dict[int, School] = {}
    for start in range(0, len(urns), _URN_LOOKUP_CHUNK):
        chunk = urns[start : start + _URN_LOOKUP_CHUNK]
        found.update((s.urn, s) for s in School.objects.select_for_update().filter(urn__in=chunk))
    return found


def parse_row(values: dict[str, str]) -> dict[str, Any]:
    """Turn one GIAS record into School field values, or raise RowError.

    A column the row stops short of is a problem, never a blank: an update would wipe what the school has.
    """
    absent = [column for column in REQUIRED_COLUMNS if column not in values]
    if absent:
        raise RowError(f"the row stops before the {absent[0]} column, so it has no value for {', '.join(absent)}", absent[0])

    def get(column: str) -> str:
        return (values.get(column) or "").strip()

    result: dict[str, Any] = {"urn": _parse_urn(get("URN"))}

    result["name"] = get("EstablishmentName")
    if not result["name"]:
        raise RowError("missing EstablishmentName", "EstablishmentName")
    status_name = get("EstablishmentStatus (name)")
    if status_name not in STATUS_BY_GIAS_NAME:
        shown = f"'{status_name}'" if status_name else "blank"
        raise RowError(f"unknown EstablishmentStatus {_shown(shown)} (expected one of: {', '.join(STATUS_BY_GIAS_NAME)})",
                       "EstablishmentStatus (name)")
    result["status"] = STATUS_BY_GIAS_NAME[status_name]

    result["establishment_type_code"] = _normalise_code(get("TypeOfEstablishment (code)"))
    for name, column in TEXT_COLUMNS.items():
        result[name] = get(column)
    for name, column in DATE_COLUMNS.items():
        result[name] = _parse_date(column, get(column))
    result["ukprn"] = _parse_number("UKPRN", get("UKPRN"), read_ukprn)
    result["number_of_pupils"] = _parse_number("NumberOfPupils", get("NumberOfPupils"), _pupils)
    result["head_name"] = _head_name(*(get(column) for column in HEAD_COLUMNS))

    for name, value in result.items():
        max_length = School._meta.get_field(name).max_length
        if max_length and isinstance(value, str) and len(value) > max_length:
            column = {**TEXT_COLUMNS, "name": "EstablishmentName", "establishment_type_code": "TypeOfEstablishment (code)"}.get(name, "")
            raise RowError(f"{name.replace('_', ' ')} is longer than {max_length} characters", column)
    return result


def _parse_urn(text: str) -> int:
    # ID-URN-001: a URN is an integer of 5 or 6 digits (7 would be LAESTAB, 8 UKPRN).
    if not text:
        raise RowError("missing URN", "URN")
    return _parse_number("URN", text, read_urn)


def _pupils(text: str) -> int:
    if csv_upload.spreadsheet_number(text):
        raise ValidationError(csv_upload.changed_by_spreadsheet(text, "number of pupils"))
    if not text.isascii() or not text.isdigit():
        raise ValidationError("not a whole number")
    # Compared by length first: Python refuses to turn more than 4,300 digits into a number at all.
    if len(text.lstrip("0")) > len(str(MAX_PUPILS)) or int(text) > MAX_PUPILS:
        raise ValidationError(f"more than {MAX_PUPILS:,}, which no school has")
    return int(text)


def _parse_number(column: str, text: str, read: Callable[[str], int]) -> int | None:
    """A number column (ID-URN-001 for URN and UKPRN): blank is None, anything else must read right."""
    if not text:
        return None
    try:
        return read(text)
    except ValidationError as problem:
        raise RowError(f"{column} '{_shown(text)}': {problem.messages[0]}", column) from None


def _shown(text: str) -> str:
    """A value quoted in a reason, cut short: a broken cell may hold a whole file."""
    return text if len(text) <= 40 else f"{text[:40]}..."


def _parse_date(column: str, text: str) -> date | None:
    if not text:
        return None  # GIAS leaves CloseDate (and sometimes OpenDate) blank
    # GIAS writes dd-mm-yyyy; Excel re-saves it as dd/mm/yyyy.
    found = csv_upload.read_date(text)
    if found is None:
        raise RowError(f"{column} '{_shown(text)}' is not a date in dd-mm-yyyy form", column)
    return found


def _normalise_code(code: str) -> str:
    # GIAS pads codes ("01"); ID-GIAS-004 lists them unpadded (1 Community school).
    # Leading zeros dropped as text: int() refuses a cell of more than 4,300 digits.
    return (code.lstrip("0") or "0") if code.isascii() and code.isdigit() else code


def _head_name(title: str, first: str, last: str) -> str:
    if not (first or last):
        return ""  # a title alone names nobody
    return " ".join(part for part in (title, first, last) if part and part != "Not applicable")
