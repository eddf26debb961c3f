"""Enrolling many people from a CSV: check every row, then save all of them or none (STYLE rule 3).

Two shapes of file:
- on a cohort's page, for that one cohort: trn, first_name, last_name, email, school_urn
  (and itt_route, study_mode for an ITT cohort);
- on the NPQ page, for the NPQ cohorts of one academic year chosen on the page: the same columns
  plus course (identifier, short code like NPQH, or service name) and intake (autumn or spring).
  A lead provider's export mixes courses and intakes, but is made per academic year.

The file is read by the one reader (`hubportal.lib.csv_upload`), and `import_file` keeps it as an
`EnrolmentUpload` through the one upload lifecycle, purged like every other (DP-002); it is checked
and saved in the request. The rules for each person are `enrolments.check_person`'s (the same as
enrolling one by one). Every row is checked against one `Known` for the whole file, and saved with
two bulk inserts each with their history, so 1 row or 1,000 cost the same queries (STYLE rule 15).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from hubportal.lib import csv_upload
from hubportal.lib.csv_upload import CsvFormat, CsvRow, FileProblem, read_choice
from participants.models import Teacher, User
from participants.people.identifiers import read_urn
from programmes.cohorts.enrolments import Known, PersonDetails, check_fields, check_person, new_enrolment, new_teacher, read_trn
from programmes.cohorts.npq import course_by_code
from programmes.models import NPQ_NOT_OFFERED, Cohort, Enrolment, EnrolmentUpload, ITTRoute, NPQIntake, Strand, StudyMode

BASE_HEADINGS = ("trn", "first_name", "last_name", "email", "school_urn")
ITT_HEADINGS = (*BASE_HEADINGS, "itt_route", "study_mode")
NPQ_HEADINGS = (*BASE_HEADINGS, "course", "intake")
# Where a problem is not about one cell (the cohort a row points at) it is listed under the course.
COLUMN_ORDER = {name: position for position, name in enumerate(("", *NPQ_HEADINGS, "itt_route", "study_mode"))}
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000

SOMETHING_WENT_WRONG = "Something went wrong while we worked on this file, so nothing was saved. Upload it again."
EXPIRED = "This upload stopped before it finished, so nothing was saved. Upload the file again."

Status = EnrolmentUpload.Status

__all__ = [
    "MAX_FILE_BYTES", "MAX_ROWS", "FileProblem", "read_upload", "enrol_from_csv", "import_file", "CsvResult", "headings_for",
    "purge_old_uploads",
]


def headings_for(cohort: Cohort | None) -> tuple[str, ...]:
    if cohort is None:
        return NPQ_HEADINGS
    return ITT_HEADINGS if cohort.programme.strand == Strand.ITT else BASE_HEADINGS


def csv_format(headings: tuple[str, ...]) -> CsvFormat:
    """The file for these headings, as the one reader reads it (hubportal.lib.csv_upload)."""
    return CsvFormat(
        headings=headings,
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        no_rows="The selected file has nobody in it. Add one row for each person under the headings",
        # A lead provider's export has headings like "First name" or "School URN", and columns of its own.
        aliases=HEADING_ALIASES,
        other_columns=True,
    )


# What a lead provider's export may call a column ("First name" and "School URN" are found without these).
HEADING_ALIASES = {
    "Teacher reference number": "trn", "Teacher reference number (TRN)": "trn", "Email address": "email",
    "URN": "school_urn", "Course identifier": "course", "NPQ course": "course", "Cohort intake": "intake",
}


def decode(data: bytes) -> str:
    """UTF-8, with or without Excel's byte order mark, or Windows-1252: the one reader's decoding."""
    return csv_upload.decode(data)


def read_rows(text: str, headings: tuple[str, ...]) -> list[CsvRow]:
    return csv_upload.read_rows(csv_format(headings), text)


def read_upload(filename: str, size: int, data: bytes, headings: tuple[str, ...]) -> tuple[str, list[CsvRow]]:
    """The decoded text and its rows, or FileProblem with the one message for the file field."""
    return csv_upload.read_upload(csv_format(headings), filename, size, data)


def read_uploaded_file(uploaded, headings: tuple[str, ...]) -> tuple[str, list[CsvRow]]:
    """As read_upload, for the file a form received; nothing over the size limit is read into memory."""
    return csv_upload.read_uploaded_file(csv_format(headings), uploaded)


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
    return read_choice(value, choices)


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
    intake = read_choice(row["intake"], NPQIntake.choices)
    if not intake:
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
        errors: dict[str, str] = {"": row.shape_problem} if row.shape_problem else {}
        trn, problem = read_trn(row["trn"])
        if problem:
            errors["trn"] = problem
        urn = None
        if row["school_urn"]:
            try:
                urn = read_urn(row["school_urn"])  # ID-URN-001
            except ValidationError as problem:
                errors["school_urn"] = problem.messages[0]
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


# --- The upload -----------------------------------------------------------------------------------


def import_file(
    *, filename: str, text: str, rows: list[CsvRow], cohort: Cohort | None = None, academic_year: int | None = None,
    actor: User, today: date,
) -> tuple[EnrolmentUpload, CsvResult]:
    """Record the upload and enrol from it (`enrol_from_csv`), here and now: the same lifecycle as every CSV upload."""
    upload = csv_upload.keep(EnrolmentUpload(
        filename=filename, contents=text, rows_total=len(rows), uploaded_by=actor,
        cohort=cohort, academic_year=academic_year if cohort is None else cohort.academic_year,
    ))
    work = partial(_enrol_upload, rows=rows, cohort=cohort, academic_year=academic_year, actor=actor, today=today)
    result = csv_upload.run(upload, work, failed_message=SOMETHING_WENT_WRONG)
    upload.refresh_from_db()
    return upload, result


def _enrol_upload(upload_id: int, *, rows: list[CsvRow], cohort: Cohort | None, academic_year: int | None, actor: User,
                  today: date) -> CsvResult:
    try:
        # The upload is marked saved in the same transaction as the enrolments it saved.
        with transaction.atomic():
            result = enrol_from_csv(rows, cohort=cohort, academic_year=academic_year, actor=actor, today=today)
            csv_upload.finish(
                EnrolmentUpload, upload_id, Status.CHECKING, status=Status.SAVED if result.ok else Status.INVALID,
                results=result.problems, rows_done=len(rows), enrolled_count=result.total,
            )
    except ValidationError as refused:
        csv_upload.fail(EnrolmentUpload, upload_id, " ".join(refused.messages))
        raise
    return result


def purge_old_uploads(*, now: datetime | None = None) -> int:
    """DP-002: the file and the names in its problems go 23 hours after it was checked."""
    return csv_upload.purge(EnrolmentUpload, expired_message=EXPIRED, now=now)
