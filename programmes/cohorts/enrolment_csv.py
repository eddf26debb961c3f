"""Enrolling many people from a CSV: check every row, then save all of them or none (STYLE rule 3).

Two shapes of file:
- on a cohort's page, for that one cohort: trn, first_name, last_name, email, school_urn
  (and itt_route, study_mode for an ITT cohort);
- on the NPQ page, for the NPQ cohorts of one academic year chosen on the page: the same columns
  plus course (identifier, short code like NPQH, or service name) and intake (autumn or spring).
  A lead provider's export mixes courses and intakes, but is made per academic year.

The rules for each person are `enrolments.check_person`'s (the same as enrolling one by one). Every
row is checked against one `Known` for the whole file, and saved with two bulk inserts each with
their history, so 1 row or 1,000 cost the same queries (STYLE rule 15).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from participants.models import Teacher, User
from programmes.cohorts.enrolments import Known, PersonDetails, check_fields, check_person, new_enrolment, new_teacher, read_trn
from programmes.cohorts.npq import course_by_code
from programmes.models import NPQ_NOT_OFFERED, Cohort, Enrolment, ITTRoute, NPQIntake, Strand, StudyMode
from registration.uploads import rows as csv_rows
from registration.uploads.rows import MAX_FILE_BYTES, MAX_ROWS, CsvRow, FileProblem, check_file

BASE_HEADINGS = ("trn", "first_name", "last_name", "email", "school_urn")
ITT_HEADINGS = (*BASE_HEADINGS, "itt_route", "study_mode")
NPQ_HEADINGS = (*BASE_HEADINGS, "course", "intake")
# Where a problem is not about one cell (the cohort a row points at) it is listed under the course.
COLUMN_ORDER = {name: position for position, name in enumerate(("", *NPQ_HEADINGS, "itt_route", "study_mode"))}

SAVE_AS_CSV = 'In Excel, choose File, Save As, and pick "CSV UTF-8 (Comma delimited) (*.csv)".'

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "FileProblem", "read_upload", "enrol_from_csv", "CsvResult", "headings_for"]


def headings_for(cohort: Cohort | None) -> tuple[str, ...]:
    if cohort is None:
        return NPQ_HEADINGS
    return ITT_HEADINGS if cohort.programme.strand == Strand.ITT else BASE_HEADINGS


def _key(heading: str) -> str:
    """'First name', 'first-name' and 'FIRST_NAME' are all first_name."""
    return re.sub(r"[\s-]+", "_", heading.strip().lower())


def decode(data: bytes) -> str:
    """As registration uploads are read (UTF-8, with or without Excel's byte order mark), else
    Windows-1252, as older Excel saves "CSV" and lead providers' exports often are."""
    try:
        return csv_rows.decode(data)
    except FileProblem:
        if b"\x00" in data:
            raise  # a spreadsheet renamed to .csv: no encoding makes it one
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise FileProblem(f"The selected file must be saved as CSV UTF-8. {SAVE_AS_CSV}") from None


def read_rows(text: str, headings: tuple[str, ...]) -> list[CsvRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise FileProblem("The selected file is empty")
        found = [_key(heading) for heading in header]
        if missing := [heading for heading in headings if heading not in found]:
            raise FileProblem(
                f"The selected file is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
                f"The first line must be: {','.join(headings)}"
            )
        rows: list[CsvRow] = []
        previous_end = reader.line_num
        for cells in reader:
            # A quoted value may span lines: a row starts on the line after the previous one ended.
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            by_heading = {heading: cell.strip() for heading, cell in zip(found, cells) if heading in headings}
            rows.append(CsvRow(line=line, cells=by_heading))
    except csv.Error:
        raise FileProblem(f"The selected file could not be read as a CSV. {SAVE_AS_CSV}") from None
    if not rows:
        raise FileProblem("The selected file has nobody in it. Add one row for each person under the headings")
    if len(rows) > MAX_ROWS:
        raise FileProblem(f"The selected file has {len(rows):,} rows. Upload no more than {MAX_ROWS:,} at a time")
    return rows


def read_upload(filename: str, size: int, data: bytes, headings: tuple[str, ...]) -> list[CsvRow]:
    """The rows, or FileProblem with the one message for the file field."""
    check_file(filename, size)
    return read_rows(decode(data), headings)


# --- Checking and saving ------------------------------------------------------------------------


@dataclass
class CsvResult:
    # [{"line": 3, "trn": "1234567", "name": "Ada Lovelace", "column": "email", "message": "..."}], by line.
    problems: list[dict] = field(default_factory=list)
    # (cohort, number enrolled) for each cohort the file enrolled people in, when saved.
    saved: list[tuple[Cohort, int]] = field(default_factory=list)
    new_teachers: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_with_problems(self) -> int:
        return len({problem["line"] for problem in self.problems})

    @property
    def total(self) -> int:
        return sum(count for _, count in self.saved)


def _choice(value: str, choices) -> str:
    """A value or its label, in any case, with spaces or hyphens for underscores."""
    wanted = _key(value)
    for choice_value, label in choices:
        if wanted in (choice_value, _key(label)):
            return choice_value
    return ""


def _also_on(lines: list[int], line: int) -> str:
    others = [str(other) for other in lines if other != line]
    return f"line {others[0]}" if len(others) == 1 else f"lines {', '.join(others[:-1])} and {others[-1]}"


@dataclass
class _Row:
    row: CsvRow
    details: PersonDetails
    cohort: Cohort | None
    errors: dict[str, str]


def _npq_cohort(row: CsvRow, errors: dict, cohorts: dict, year_label: str) -> Cohort | None:
    course = None
    if not row["course"]:
        errors["course"] = "Enter the NPQ course, like NPQH"
    elif (course := course_by_code(row["course"])) is None:
        errors["course"] = f'"{row["course"]}" is not on the NPQ list. Use a short code like NPQH, an identifier or a course name'
    elif course in NPQ_NOT_OFFERED:
        errors["course"] = "The additional support offer (ASO) was replaced by EHCO and takes no new enrolments"
    intake = row["intake"].lower()
    if intake not in NPQIntake.values:
        errors["intake"] = "Enter autumn or spring"
    if course is None or "course" in errors or "intake" in errors:
        return None
    cohort = cohorts.get((course.value, intake))
    if cohort is None:
        errors["course"] = (
            f"There is no {course.label} cohort starting in the {intake} of {year_label} yet. Add it on the programmes page first"
        )
    return cohort


def _read(rows: list[CsvRow], cohort: Cohort | None, cohorts: dict, year_label: str) -> list[_Row]:
    read = []
    itt = cohort is not None and cohort.programme.strand == Strand.ITT
    for row in rows:
        errors: dict[str, str] = {}
        trn, problem = read_trn(row["trn"])
        if problem:
            errors["trn"] = problem
        urn = None
        if row["school_urn"]:
            if row["school_urn"].isdigit():
                urn = int(row["school_urn"])
            else:
                errors["school_urn"] = "School URN must be a number, like 110001"
        details = PersonDetails(
            trn=trn or "", first_name=row["first_name"], last_name=row["last_name"], email=row["email"], school_urn=urn,
            itt_route=_choice(row["itt_route"], ITTRoute.choices) if itt else "",
            study_mode=_choice(row["study_mode"], StudyMode.choices) if itt else "",
        )
        target = cohort if cohort is not None else _npq_cohort(row, errors, cohorts, year_label)
        read.append(_Row(row, details, target, errors))
    return read


def _check(read: list[_Row], known: Known) -> list[dict]:
    lines_by_key: dict[tuple, list[int]] = defaultdict(list)
    names_by_trn: dict[str, set] = defaultdict(set)
    for item in read:
        if item.details.trn:
            names_by_trn[item.details.trn].add((item.details.first_name.casefold(), item.details.last_name.casefold()))
            if item.cohort is not None:
                lines_by_key[(item.cohort.pk, item.details.trn)].append(item.row.line)
    problems = []
    for item in read:
        details, errors = item.details, dict(item.errors)
        if item.cohort is not None and details.trn:
            found = check_person(details, item.cohort, known)
            found.pop("cohort", None)  # the cohort itself is chosen, and checked, once per file
        else:
            found = check_fields(details)
            if details.school_urn is not None and details.school_urn not in known.schools:
                found["school_urn"] = f"There is no school with URN {details.school_urn} on the portal"
        errors = {**found, **errors}
        if details.trn and len(names_by_trn[details.trn]) > 1 and "trn" not in errors:
            errors["trn"] = "This TRN is on more than one row with different names. Each TRN belongs to one person"
        lines = lines_by_key.get((item.cohort.pk, details.trn), []) if item.cohort is not None else []
        if len(lines) > 1:
            errors["trn"] = f"This TRN is also on {_also_on(lines, item.row.line)} for the same cohort. Each person needs one row"
        name = f"{details.first_name} {details.last_name}".strip()
        problems.extend(
            {"line": item.row.line, "trn": item.row["trn"], "name": name, "column": column, "message": errors[column]}
            for column in sorted(errors, key=lambda c: COLUMN_ORDER.get(c, 0))
        )
    return problems


def enrol_from_csv(
    rows: list[CsvRow], *, cohort: Cohort | None = None, academic_year: int | None = None, actor: User, today: date,
) -> CsvResult:
    """Check every row and enrol everyone, or no one and every problem by line, TRN and column.

    `cohort` for a one-cohort file; else `academic_year` and each row's NPQ course and intake.
    Checking and saving share one transaction, so what was checked is what is saved.
    """
    if cohort is not None and cohort.programme.strand == Strand.NPQ and cohort.programme.npq_course in NPQ_NOT_OFFERED:
        raise ValidationError("The additional support offer (ASO) was replaced by EHCO and takes no new enrolments")
    try:
        with transaction.atomic():
            if cohort is None:
                cohorts = {
                    (c.programme.npq_course, c.intake): c
                    for c in Cohort.objects.select_related("programme").filter(programme__strand=Strand.NPQ, academic_year=academic_year)
                }
                year_label = f"{academic_year}/{(academic_year + 1) % 100:02d}"
            else:
                cohorts, year_label = {}, cohort.academic_year_label
            read = _read(rows, cohort, cohorts, year_label)
            known = Known.load(
                [r.details.trn for r in read if r.details.trn], [r.details.school_urn for r in read],
                [r.cohort.pk for r in read if r.cohort is not None],
            )
            problems = _check(read, known)
            if problems:
                return CsvResult(problems=problems)
            return _save(read, known, actor=actor, today=today)
    except IntegrityError:
        # Someone enrolled one of these people between the check and the insert.
        raise ValidationError("Someone enrolled some of these people at the same time, so nothing was saved. Upload the file again") from None


def _save(read: list[_Row], known: Known, *, actor: User, today: date) -> CsvResult:
    teachers = dict(known.teachers)
    fresh: dict[str, Teacher] = {}
    for item in read:
        if item.details.trn not in teachers and item.details.trn not in fresh:
            fresh[item.details.trn] = new_teacher(item.details)
    if fresh:
        bulk_create_with_history(list(fresh.values()), Teacher, default_user=actor)
        teachers.update(fresh)
    enrolments = [
        new_enrolment(item.cohort, teachers[item.details.trn], item.details, known.schools.get(item.details.school_urn),
                      actor=actor, today=today)
        for item in read
    ]
    bulk_create_with_history(enrolments, Enrolment, default_user=actor)
    counts: dict[int, int] = defaultdict(int)
    by_id: dict[int, Cohort] = {}
    for item in read:
        counts[item.cohort.pk] += 1
        by_id[item.cohort.pk] = item.cohort
    saved = sorted(((by_id[pk], n) for pk, n in counts.items()), key=lambda pair: pair[0].name)
    return CsvResult(saved=saved, new_teachers=len(fresh))
