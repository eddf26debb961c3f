"""Accepting claims, and releasing or passing ECTs, many at a time from a CSV (RIAB-006, RIAB-007).

Unlike the schools' registration CSV (all or nothing), this is partial acceptance, as in
DfE's service: every row is one ECT and stands alone. `read_upload` refuses a file that
cannot be trusted as a whole with one message; then each row is applied through the same
domain function as the one-at-a-time pages (`accept_claim`, `release`, `record_outcome`),
in its own savepoint, so a refused row changes nothing and its message is that function's
own. Rows are applied in chunks; each chunk commits with its results, so a redelivered
task carries on from where the last one stopped, and a file uploaded twice applies
nothing twice (an accepted claim is no longer pending, a released period no longer open).

The file is read by the one reader and kept as a `BulkUpload` through the one upload
lifecycle (`hubportal.lib.csv_upload`). A row with a value outside the headings is refused:
its cells may sit under the wrong headings.

A fail is never recorded in bulk: it needs the date the AB wrote to the ECT (RIAB fail flow).

With a teacher record service in use (TRS_API_URL), the claims file is RIAB's own shape: TRN, date of
birth and start date. Each row's record check is read from the service, never typed, and a date of birth
that matched is kept sealed on the claim for RIAB's upload (RULES.md, the exception to ID-DOB-002).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from appropriate_body.claims.claims import RecordCheck, accept_claim, note_record_check
from appropriate_body.inductions.periods import record_outcome, release
from appropriate_body.models import BulkUpload, Claim, InductionPeriod, Outcome, TRSInductionStatus
from hubportal.lib import csv_upload
from hubportal.lib.csv_upload import DATE_HINT, CsvFormat, CsvRow, FileProblem, decimal_point, read_choice, read_date
from hubportal.lib.dates import long_date
from hubportal.lib.sealed import seal
from participants.models import Teacher, User
from participants.people.identifiers import normalise_trn
from participants.people.records import RecordServiceUnavailable, TeacherRecordLookup, teacher_record_lookup

logger = logging.getLogger(__name__)

Kind, Status, Result = BulkUpload.Kind, BulkUpload.Status, BulkUpload.Result

HEADINGS = {
    Kind.CLAIMS: ("TRN", "QTS award date", "Induction status", "Active prohibition", "Induction start date"),
    Kind.ACTIONS: ("TRN", "Induction period end date", "Number of terms", "Outcome"),
}
RESULT_HEADINGS = ("Line", "TRN", "Name", "Result", "Error message")
# RIAB-006
MAX_ROWS = 1000
MAX_FILE_BYTES = 100 * 1024
FILES = {
    kind: CsvFormat(
        headings=headings,
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        no_rows="The selected file has no ECTs in it. Add one row for each ECT under the headings",
        headings_intro="The selected file must have the template's headings",
        # DfE's own template says "Induction period start date" (RIAB-006).
        aliases={"Induction period start date": "Induction start date", "Induction outcome": "Outcome"},
    )
    for kind, headings in HEADINGS.items()
}
# The claims file when a record service is in use: the record itself comes from the service. Other columns
# are ignored, so the file handed to RIAB (with its "Induction programme") can be uploaded as it is.
RECORD_CLAIM_HEADINGS = ("TRN", "Date of birth", "Induction start date")
RECORD_CLAIMS = CsvFormat(
    headings=RECORD_CLAIM_HEADINGS,
    max_bytes=MAX_FILE_BYTES,
    max_rows=MAX_ROWS,
    no_rows=FILES[Kind.CLAIMS].no_rows,
    headings_intro=FILES[Kind.CLAIMS].headings_intro,
    aliases={"Induction period start date": "Induction start date"},
    other_columns=True,
)
NO_RECORD = "We cannot find a teacher with this TRN and date of birth"
SERVICE_DOWN = "The Teaching Record System did not answer, so this row was not checked. Upload it again later"
# Rows applied per transaction: progress shows between chunks.
CHUNK = 50

FAIL_REFUSED = "Record a fail on the ECT's own page: it needs the date you wrote to them"
SOMETHING_WENT_WRONG = ("Something went wrong part-way through this file. The rows listed were dealt with; "
                        "upload the file again to finish (rows already done are refused as done)")
EXPIRED = "This upload stopped before every row was dealt with. The rows listed were dealt with; upload the file again to finish"
YES, NO = ("yes", "y", "true"), ("no", "n", "false")
# The outcomes a row may ask for, by code and by the words a spreadsheet may hold (a fail is refused by name).
OUTCOMES = (("release", "Release"), ("release", "Released"), (Outcome.PASS, "Pass"), (Outcome.PASS, Outcome.PASS.label),
            (Outcome.FAIL, "Fail"), (Outcome.FAIL, Outcome.FAIL.label))


# --- The file as a whole ---------------------------------------------------------------------


def record_service() -> TeacherRecordLookup | None:
    """The teacher record service in use, or None where records are checked by hand (no TRS key)."""
    lookup = teacher_record_lookup()
    return lookup if getattr(lookup, "source", "") else None


def file_format(kind: str) -> CsvFormat:
    return RECORD_CLAIMS if kind == Kind.CLAIMS and record_service() else FILES[kind]


def headings(kind: str) -> tuple[str, ...]:
    return file_format(kind).headings


def read_upload(kind: str, filename: str, size: int, data: bytes) -> tuple[str, list[CsvRow]]:
    """The decoded text and its rows, or FileProblem with one message for the whole file (RIAB-006)."""
    text, rows = csv_upload.read_upload(file_format(kind), filename, size, data)
    _refuse_repeated_trns(rows)
    return text, rows


def read_rows(kind: str, text: str) -> list[CsvRow]:
    rows = csv_upload.read_rows(file_format(kind), text)
    _refuse_repeated_trns(rows)
    return rows


def _trn_or_none(value: str) -> str | None:
    try:
        return normalise_trn(value)
    except ValidationError:
        return None


def _refuse_repeated_trns(rows: list[CsvRow]) -> None:
    """RIAB-006: one row per ECT, or which row wins would depend on the order they ran in."""
    lines = defaultdict(list)
    for row in rows:
        if trn := _trn_or_none(row["TRN"]):
            lines[trn].append(str(row.line))
    repeated = [f"{trn} (lines {', '.join(found)})" for trn, found in lines.items() if len(found) > 1]
    if repeated:
        raise FileProblem(f"Each TRN can be in the file only once. Repeated: {'; '.join(repeated)}")


# --- Uploading and applying ------------------------------------------------------------------


def start_upload(*, kind: str, filename: str, text: str, rows: list[CsvRow], actor: User, today: date) -> BulkUpload:
    """Keep the read file and apply it: now if small, else in a worker (REGISTRATION_UPLOAD_INLINE_ROWS)."""
    return csv_upload.start(
        BulkUpload(kind=kind, filename=filename, uploaded_by=actor, contents=text, rows_total=len(rows)),
        work=partial(process_upload, today=today),
        task="appropriate_body.tasks.process_bulk_upload",
        inline_rows=settings.REGISTRATION_UPLOAD_INLINE_ROWS,
        failed_message=SOMETHING_WENT_WRONG,
    )


def fail_upload(upload_id: int) -> None:
    """An unexpected error: say so, rather than leave a progress bar running for ever."""
    csv_upload.fail(BulkUpload, upload_id, SOMETHING_WENT_WRONG)


def process_upload(upload_id: int, *, today: date) -> BulkUpload | None:
    """Apply every row not yet applied, a chunk per transaction; a repeated call carries on or does nothing."""
    while True:
        with transaction.atomic():
            # The lock makes a second delivery of the task wait, then carry on after this chunk.
            upload = BulkUpload.objects.select_for_update().filter(pk=upload_id).first()
            if upload is None or upload.status not in BulkUpload.WORKING or upload.purged_at:
                logger.info("Bulk upload %s is not waiting to be applied", upload_id)
                return upload
            rows = read_rows(upload.kind, upload.contents)
            chunk = rows[len(upload.results):len(upload.results) + CHUNK]
            actor = User.objects.filter(pk=upload.uploaded_by_id).first()
            apply = apply_claim_rows if upload.kind == Kind.CLAIMS else apply_action_rows
            results = apply(chunk, actor=actor, today=today) if chunk else []
            upload.results += results
            upload.rows_done = len(upload.results)
            upload.rows_accepted += sum(1 for result in results if result["outcome"] != Result.REFUSED)
            upload.status = Status.DONE if upload.rows_done >= len(rows) else Status.PROCESSING
            if upload.status == Status.DONE:
                upload.finished_at = timezone.now()
            upload.save(update_fields=["results", "rows_done", "rows_accepted", "status", "finished_at"])
        if upload.status == Status.DONE:
            return upload


def _result(row: CsvRow, trn: str | None, name: str, outcome: str, message: str = "") -> dict:
    return {"line": row.line, "trn": trn or row["TRN"], "name": name, "outcome": outcome, "message": message}


def _refusal(problem: ValidationError) -> str:
    return "; ".join(problem.messages)



def _read_date(value: str, heading: str, errors: list[str]) -> date | None:
    # RIAB-006 asks for YYYY-MM-DD; UK Excel rewrites a date column as DD/MM/YYYY, and both are unambiguous.
    found = read_date(value)
    if found is None:
        errors.append(f"Enter the {heading.lower()} as {DATE_HINT}" if value else f"Enter the {heading.lower()}")
    return found


def _stray_cells(row: CsvRow) -> list[str]:
    # A row that stops short or has a value without a heading: its cells may sit under the wrong headings,
    # so nothing in it is applied.
    return [row.shape_problem] if row.shape_problem else []


def _read_trn(row: CsvRow, errors: list[str]) -> str | None:
    try:
        return normalise_trn(row["TRN"])
    except ValidationError as problem:
        errors += problem.messages
        return None


def _names_by_trn(trns: list[str]) -> dict[str, str]:
    return {teacher.trn: teacher.full_name for teacher in Teacher.objects.filter(trn__in=trns)}


# Claims --------------------------------------------------------------------------------------


def _read_claim_row(row: CsvRow) -> tuple[str | None, RecordCheck | None, date | None, list[str]]:
    errors = _stray_cells(row)
    trn = _read_trn(row, errors)
    # An empty QTS date is what the teacher record shows for no QTS: accept_claim refuses it (ELIG-003).
    qts = _read_date(row["QTS award date"], "QTS award date", errors) if row["QTS award date"] else None
    status = read_choice(row["Induction status"], TRSInductionStatus.choices) or None
    if status is None:
        errors.append(f"Enter the induction status as one of {', '.join(TRSInductionStatus.values)}")
    prohibited = row["Active prohibition"].lower()
    if prohibited not in YES + NO:
        errors.append("Enter yes or no for an active prohibition")
    start_date = _read_date(row["Induction start date"], "Induction start date", errors)
    check = None if errors else RecordCheck(qts_awarded_on=qts, induction_status=status, has_active_prohibition=prohibited in YES)
    return trn, check, start_date, errors


def _claims_by_trn(trns: list[str]) -> dict[str, list[Claim]]:
    """Every claim for these TRNs in one query, newest first, so a missing pending one can say why."""
    found = defaultdict(list)
    for claim in Claim.objects.filter(ect_period__teacher__trn__in=trns).select_related("ect_period__teacher").order_by("-created_at", "-pk"):
        found[claim.ect_period.teacher.trn].append(claim)
    return found


def _pending_problem(claims: list[Claim]) -> str:
    """Why a TRN's row has no one pending claim to accept; empty when it has."""
    pending = [claim for claim in claims if claim.status == Claim.Status.PENDING]
    if len(pending) > 1:
        return "This teacher has more than one pending claim: accept the right one on its own page"
    if pending:
        return ""
    if not claims:
        return "No claim for this TRN is waiting to be checked: the school must register the ECT first"
    return f"The claim for this teacher is already {claims[0].get_status_display().lower()}, so it cannot be accepted again"


def _pending(claims: list[Claim]) -> Claim:
    return next(claim for claim in claims if claim.status == Claim.Status.PENDING)


def apply_claim_rows(rows: list[CsvRow], *, actor: User | None, today: date) -> list[dict]:
    """Accept each row's one pending claim with the record it gives (REGN-005 without the date of birth, ID-DOB-002)."""
    if lookup := record_service():
        return apply_record_claim_rows(rows, lookup=lookup, actor=actor, today=today)
    parsed = [(row, *_read_claim_row(row)) for row in rows]
    trns = [trn for _, trn, *_ in parsed if trn]
    claims, names = _claims_by_trn(trns), _names_by_trn(trns)
    results = []
    for row, trn, check, start_date, errors in parsed:
        name = names.get(trn, "")
        if errors:
            results.append(_result(row, trn, name, Result.REFUSED, "; ".join(errors)))
        elif problem := _pending_problem(claims.get(trn, [])):
            results.append(_result(row, trn, name, Result.REFUSED, problem))
        else:
            results.append(_accept(row, trn, name, _pending(claims[trn]), check, start_date, actor=actor, today=today))
    return results


def _read_record_claim_row(row: CsvRow) -> tuple[str | None, date | None, date | None, list[str]]:
    errors = _stray_cells(row)
    trn = _read_trn(row, errors)
    # Empty: the claim may hold the date the school gave at registration.
    born = _read_date(row["Date of birth"], "Date of birth", errors) if row["Date of birth"] else None
    start_date = _read_date(row["Induction start date"], "Induction start date", errors)
    return trn, born, start_date, errors


def apply_record_claim_rows(rows: list[CsvRow], *, lookup: TeacherRecordLookup, actor: User | None, today: date) -> list[dict]:
    """Accept each row's pending claim with the record the service holds for its TRN and date of birth (ELIG-003/007/008)."""
    parsed = [(row, *_read_record_claim_row(row)) for row in rows]
    trns = [trn for _, trn, *_ in parsed if trn]
    claims, names = _claims_by_trn(trns), _names_by_trn(trns)
    results, service_down = [], False
    for row, trn, born, start_date, errors in parsed:
        name = names.get(trn, "")
        problem = "; ".join(errors) or _pending_problem(claims.get(trn, []))
        claim = None if problem else _pending(claims[trn])
        born = born or (claim and claim.date_of_birth)
        if not problem and born is None:
            problem = "Enter the date of birth: the claim holds none to find the teacher record with"
        if not problem and service_down:
            # Down for one row is down for the rest: the file is not held up by a timeout per row.
            problem = SERVICE_DOWN
        if not problem:
            try:
                record = lookup.find(trn, born)
            except RecordServiceUnavailable:
                service_down, problem = True, SERVICE_DOWN
            else:
                problem = _record_problem(record)
        if problem:
            results.append(_result(row, trn, name, Result.REFUSED, problem))
            continue
        check = RecordCheck(qts_awarded_on=record.qts_awarded_on, induction_status=record.induction_status,
                            has_active_prohibition=bool(record.has_active_prohibition),
                            other_appropriate_body=claim.other_appropriate_body, itt_provider_ukprn=record.itt_provider_ukprn or "")
        with transaction.atomic():
            # What the record said stays on the claim even if the row is refused, as the claim page shows it.
            note_record_check(claim, check, read_at=timezone.now())
            if not claim.date_of_birth_sealed and not claim.riab_recorded_at:
                Claim.objects.filter(pk=claim.pk).update(date_of_birth_sealed=seal(born.isoformat()))
        results.append(_accept(row, trn, name, claim, check, start_date, actor=actor, today=today))
    return results


def _record_problem(record) -> str:
    if record is None or record.induction_status is None:
        return NO_RECORD
    if record.merged_from:
        # Changing who the teacher is belongs to their school or hub staff, not to a row of the AB's file.
        return (f"The Teaching Record System has merged this record into TRN {record.trn}. "
                "Ask hub staff to correct the teacher's TRN, then upload this row again")
    return ""


def _accept(row, trn, name, claim, check, start_date, *, actor, today) -> dict:
    try:
        with transaction.atomic():
            claim = accept_claim(claim, check, start_date=start_date, actor=actor, today=today)
    except ValidationError as problem:
        return _result(row, trn, name, Result.REFUSED, _refusal(problem))
    verb = "starts" if claim.status == Claim.Status.SCHEDULED else "started"
    return _result(row, trn, name, Result.ACCEPTED, f"Induction {verb} on {long_date(start_date)}")


# Releases and passes -------------------------------------------------------------------------


def _read_action_row(row: CsvRow) -> tuple[str | None, date | None, str, list[str]]:
    errors = _stray_cells(row)
    trn = _read_trn(row, errors)
    finished_on = _read_date(row["Induction period end date"], "Induction period end date", errors)
    if not row["Number of terms"]:
        errors.append("Enter the number of terms")
    outcome = read_choice(row["Outcome"], OUTCOMES)
    if outcome == Outcome.FAIL:
        errors.append(FAIL_REFUSED)
    elif outcome not in ("release", Outcome.PASS):
        errors.append("Enter the outcome as release or pass")
    return trn, finished_on, outcome, errors


def _open_periods_by_trn(trns: list[str]) -> dict[str, InductionPeriod]:
    """The hub's open period of each TRN, in one query (one open period per induction: a constraint)."""
    periods = InductionPeriod.objects.filter(induction__teacher__trn__in=trns, finished_on__isnull=True, other_appropriate_body="")
    return {period.induction.teacher.trn: period for period in periods.select_related("induction__teacher")}


def apply_action_rows(rows: list[CsvRow], *, actor: User | None, today: date) -> list[dict]:
    """Release (INT-002) or pass (RIAB-004) each row's open induction period; never a fail."""
    parsed = [(row, *_read_action_row(row)) for row in rows]
    trns = [trn for _, trn, *_ in parsed if trn]
    periods, names = _open_periods_by_trn(trns), _names_by_trn(trns)
    results = []
    for row, trn, finished_on, outcome, errors in parsed:
        name = names.get(trn, "")
        if errors:
            results.append(_result(row, trn, name, Result.REFUSED, "; ".join(errors)))
        elif trn not in periods:
            results.append(_result(row, trn, name, Result.REFUSED,
                                   "The hub has no open induction period for this teacher: it may already be released or completed"))
        else:
            results.append(_close(row, trn, name, periods[trn], finished_on, decimal_point(row["Number of terms"]), outcome,
                                   actor=actor, today=today))
    return results


def _close(row, trn, name, period, finished_on, terms, outcome, *, actor, today) -> dict:
    try:
        with transaction.atomic():
            if outcome == Outcome.PASS:
                record_outcome(period, outcome=Outcome.PASS, finished_on=finished_on, number_of_terms=terms, actor=actor, today=today)
            else:
                release(period, finished_on=finished_on, number_of_terms=terms, actor=actor, today=today)
    except ValidationError as problem:
        return _result(row, trn, name, Result.REFUSED, _refusal(problem))
    done = Result.PASSED if outcome == Outcome.PASS else Result.RELEASED
    return _result(row, trn, name, done, f"Induction period ended on {long_date(finished_on)}")


# --- Results and DP-002 ----------------------------------------------------------------------


def result_rows(upload: BulkUpload):
    """The results as rows under RESULT_HEADINGS, for the exporter (which keeps a typed "=..." as text)."""
    return (
        [result["line"], result["trn"], result["name"], Result(result["outcome"]).label,
         result["message"] if result["outcome"] == Result.REFUSED else ""]
        for result in upload.results
    )


def purge_old_uploads(*, now=None) -> int:
    """Forget the file and the names in its results 23 hours after it finished (DP-002).

    One still unfinished by then has stalled: it stops where it is, with its results so far.
    """
    return csv_upload.purge(BulkUpload, expired_message=EXPIRED, now=now)


# --- The worker ------------------------------------------------------------------------------


# The name it was first given, so messages already queued still find it.
@shared_task(name="appropriate_body.tasks.process_bulk_upload")
def process_bulk_upload(upload_id: int) -> None:
    try:
        # Idempotent: each chunk commits with its results, so a redelivery carries on where it stopped.
        process_upload(upload_id, today=timezone.localdate())
    except Exception:
        # Not retried: the same row would fail the same way. Staff see it stopped, not a stuck bar.
        logger.exception("Bulk upload %s failed", upload_id)
        fail_upload(upload_id)
