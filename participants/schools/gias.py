"""Import schools from a GIAS (Get Information About Schools) extract.

GIAS publishes establishments as a Windows-1252 CSV with fixed column headings.
The import upserts `School` by URN: every row is validated first, then all good
rows are written in one transaction with a handful of bulk queries, so a
re-run, a 5x extract or a row with a typo never leaves the table half-written.
Schools are never deleted: a closed school keeps its row (people's history
points at it) and a school missing from a later extract is left as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from participants.models import School

# The encoding GIAS writes. A UTF-8 byte-order mark means someone re-saved the
# file from Excel as "CSV UTF-8"; honour it rather than produce mojibake.
GIAS_ENCODING = "cp1252"
_UTF8_BOM = b"\xef\xbb\xbf"

GIAS_DATE_FORMAT = "%d-%m-%Y"  # GIAS writes dd-mm-yyyy, e.g. 01-09-2024

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

# Kept under SQLite's 999-parameter limit so one lookup query serves ~1,000 rows.
_URN_LOOKUP_CHUNK = 900


class GiasFormatError(ValueError):
    """The file cannot be read as a GIAS extract at all (as opposed to a bad row)."""


class RowError(ValueError):
    """A row that cannot be imported; the message is the reason shown to staff."""


class GiasRow(NamedTuple):
    line: int  # where the record starts in the file; the header is line 1
    values: dict[str, str]


@dataclass(frozen=True)
class SkippedRow:
    line: int
    urn: str  # as written in the file, possibly blank or not a number
    reason: str

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
    """Read a GIAS extract. Raises GiasFormatError if required columns are missing."""
    raw = Path(path).read_bytes()
    try:
        text = raw[len(_UTF8_BOM) :].decode("utf-8") if raw.startswith(_UTF8_BOM) else raw.decode(GIAS_ENCODING)
    except UnicodeDecodeError as exc:
        raise GiasFormatError(f"{path} is not a Windows-1252 GIAS extract: {exc}") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise GiasFormatError(f"{path} is empty: expected a GIAS header row")
    columns = [name.strip() for name in header]
    check_columns(columns)
    rows: list[GiasRow] = []
    next_line = reader.line_num + 1
    for record in reader:
        # line_num counts physical lines, so a quoted value with a newline in it
        # still leaves the next record's number right.
        start, next_line = next_line, reader.line_num + 1
        if not any(value.strip() for value in record):
            continue
        rows.append(GiasRow(start, dict(zip(columns, record, strict=False))))
    return rows


def check_columns(columns: Iterable[str]) -> None:
    present = set(columns)
    missing = [name for name in REQUIRED_COLUMNS if name not in present]
    if missing:
        raise GiasFormatError("The GIAS file is missing required columns: " + ", ".join(missing))


def import_gias_file(path: str | Path) -> GiasImportReport:
    return import_gias_rows(read_gias_csv(path))


def import_gias_rows(rows: Sequence[GiasRow]) -> GiasImportReport:
    """Upsert School by URN from parsed rows; return what happened to each row.

    Idempotent: unchanged schools are not written, so a second run of the same
    extract reports every row unchanged.
    """
    if rows:
        check_columns(rows[0].values)
    report = GiasImportReport()
    parsed: dict[int, dict[str, Any]] = {}
    first_line: dict[int, int] = {}
    for row in rows:
        urn_text = row.values.get("URN", "").strip()
        try:
            values = parse_row(row.values)
        except RowError as exc:
            report.skipped.append(SkippedRow(row.line, urn_text, str(exc)))
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
    """Turn one GIAS record into School field values, or raise RowError."""

    def get(column: str) -> str:
        return (values.get(column) or "").strip()

    result: dict[str, Any] = {"urn": _parse_urn(get("URN"))}

    result["name"] = get("EstablishmentName")
    if not result["name"]:
        raise RowError("missing EstablishmentName")
    status_name = get("EstablishmentStatus (name)")
    if status_name not in STATUS_BY_GIAS_NAME:
        shown = f"'{status_name}'" if status_name else "blank"
        raise RowError(f"unknown EstablishmentStatus {shown} (expected one of: {', '.join(STATUS_BY_GIAS_NAME)})")
    result["status"] = STATUS_BY_GIAS_NAME[status_name]

    result["establishment_type_code"] = _normalise_code(get("TypeOfEstablishment (code)"))
    for name, column in TEXT_COLUMNS.items():
        result[name] = get(column)
    for name, column in DATE_COLUMNS.items():
        result[name] = _parse_date(column, get(column))
    for name, column in INTEGER_COLUMNS.items():
        text = get(column)
        if text and not text.isdigit():
            raise RowError(f"{column} '{text}' is not a whole number")
        result[name] = int(text) if text else None
    result["head_name"] = _head_name(*(get(column) for column in HEAD_COLUMNS))

    for name, value in result.items():
        max_length = School._meta.get_field(name).max_length
        if max_length and isinstance(value, str) and len(value) > max_length:
            raise RowError(f"{name.replace('_', ' ')} is longer than {max_length} characters")
    return result


def _parse_urn(text: str) -> int:
    # ID-URN-001: a URN is an integer of 5 or 6 digits (7 would be LAESTAB, 8 UKPRN).
    if not text:
        raise RowError("missing URN")
    if not text.isdigit():
        raise RowError(f"URN '{text}' is not a number")
    if not 5 <= len(text) <= 6:
        raise RowError(f"URN '{text}' is not 5 or 6 digits")
    return int(text)


def _parse_date(column: str, text: str) -> date | None:
    if not text:
        return None  # GIAS leaves CloseDate (and sometimes OpenDate) blank
    try:
        return datetime.strptime(text, GIAS_DATE_FORMAT).date()  # noqa: DTZ007 (a calendar date, not a moment)
    except ValueError:
        raise RowError(f"{column} '{text}' is not a date in dd-mm-yyyy form") from None


def _normalise_code(code: str) -> str:
    # GIAS pads codes ("01"); ID-GIAS-004 lists them unpadded (1 Community school).
    return str(int(code)) if code.isdigit() else code


def _head_name(title: str, first: str, last: str) -> str:
    if not (first or last):
        return ""  # a title alone names nobody
    return " ".join(part for part in (title, first, last) if part and part != "Not applicable")
