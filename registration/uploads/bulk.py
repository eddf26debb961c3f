"""Registering a school's ECTs from a CSV: check every row, then save all of them or none.

The journey: `start_upload` keeps the decoded file and checks it (in the request for a
small file, in a worker for a large one); the school sees every problem by line, teacher
and column, or a preview of the rows ready to save; `confirm_upload` claims the upload and
`save_upload` checks it again (the portal's data may have changed since the preview) and
saves the whole file in one transaction. The upload goes through the one upload lifecycle
(`hubportal.lib.csv_upload`: start, fail, purge); the worker's tasks are at the end.

Reading and checking the rows is `rows`. Saving follows `register_ect` step by step,
in bulk: teachers, moves, periods with history, ECTE enrolments, pending AB claims and
invitations.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from datetime import date, timedelta
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from appropriate_body.claims.claims import open_claims
from appropriate_body.inductions.state import refresh_for_ect_periods
from hubportal.lib import csv_upload
from hubportal.lib.csv_upload import CsvRow, FileProblem
from hubportal.lib.dates import academic_year_of
from hubportal.lib.queue import queue_on_commit
from participants.accounts import invitations
from participants.models import (
    ECTAtSchoolPeriod,
    LeavingReason,
    Role,
    School,
    Teacher,
    TeacherTransfer,
    TrainingProgramme,
    User,
    WorkingPattern,
)
from programmes.cohorts.cohorts import cohort_for
from programmes.models import CohortStage, Enrolment, Strand
from registration.models import RegistrationUpload
from registration.teachers import KnownTeachers
from registration.transfers import identities_school_may_change, request_transfers, schools_holding
from registration.uploads.rows import CheckedFile, Progress, ReadyRow, check_rows, read_rows

logger = logging.getLogger(__name__)

Status = RegistrationUpload.Status

# Rows written per round of bulk inserts while saving: progress shows between rounds.
SAVE_CHUNK = 100

PROBLEM_HEADINGS = ("Line", "Teacher", "Column", "Problem")
SOMETHING_WENT_WRONG = "Something went wrong while we worked on this file, so nothing has been saved. Upload it again."
EXPIRED = "This upload has expired, so nothing has been saved. Upload the file again."


# --- Uploading and checking ------------------------------------------------------------------


def _is_large(rows_total: int) -> bool:
    return rows_total > settings.REGISTRATION_UPLOAD_INLINE_ROWS


def start_upload(
    school: School, *, filename: str, text: str, rows: Sequence[CsvRow], actor: User, today: date
) -> RegistrationUpload:
    """Keep a readable file (see rows.read_upload) and check it: now if small, else in a worker."""
    return csv_upload.start(
        RegistrationUpload(school=school, uploaded_by=actor, filename=filename, contents=text, rows_total=len(rows)),
        work=partial(validate_upload, today=today),
        task="participants.tasks.validate_registration_upload",
        inline_rows=settings.REGISTRATION_UPLOAD_INLINE_ROWS,
        failed_message=SOMETHING_WENT_WRONG,
    )


def _record_progress(upload_id: int) -> Progress:
    def record(rows: int) -> None:
        # Outside any transaction, so the progress bar's poll sees it at once.
        RegistrationUpload.objects.filter(pk=upload_id).update(rows_done=rows)

    return record


def validate_upload(upload_id: int, *, today: date, report_progress: bool = False) -> RegistrationUpload | None:
    """Check an upload waiting to be checked; a repeated call (a redelivered task) does nothing."""
    upload = RegistrationUpload.objects.select_related("school").filter(pk=upload_id, status=Status.VALIDATING).first()
    if upload is None:
        logger.info("Registration upload %s is not waiting to be checked", upload_id)
        return None
    try:
        rows = read_rows(upload.contents)
    except FileProblem as problem:
        # Read once already on upload, so only a purged or altered upload ends here.
        _finish(upload.pk, Status.VALIDATING, status=Status.FAILED, file_error=str(problem))
        return upload
    checked = check_rows(upload.school, rows, today=today, progress=_record_progress(upload.pk) if report_progress else None)
    _finish(
        upload.pk, Status.VALIDATING,
        status=Status.READY if checked.ok else Status.INVALID,
        results=checked.problems, rows_total=len(rows), rows_done=len(rows),
    )
    return upload


def _finish(upload_id: int, from_status: str, **values) -> bool:
    return csv_upload.finish(RegistrationUpload, upload_id, from_status, **values)


def fail_upload(upload_id: int, message: str) -> None:
    """A worker hit an unexpected error: say so rather than leave a progress bar running for ever."""
    csv_upload.fail(RegistrationUpload, upload_id, message)


def preview(upload: RegistrationUpload, *, today: date) -> CheckedFile | None:
    """The rows as they would be saved now (moves included), for the page before confirming."""
    if upload.status != Status.READY or upload.purged_at:
        return None
    return check_rows(upload.school, read_rows(upload.contents), today=today)


def problem_rows(upload: RegistrationUpload):
    """The problems as rows under PROBLEM_HEADINGS, for the exporter (which keeps a typed "=..." as text)."""
    return ([p["line"], p["name"], p["column"] or "whole row", p["message"]] for p in upload.results)


# --- Confirming and saving -------------------------------------------------------------------


def progress_key(upload_id: int) -> str:
    return f"registration-upload:{upload_id}:saved-rows"


def _cached_progress(upload_id: int) -> Progress:
    def record(saved: int) -> None:
        cache.set(progress_key(upload_id), saved, timeout=3600)

    return record


def rows_done(upload: RegistrationUpload) -> int:
    """How far the upload has got. While saving, the count is in the cache: the rows are written in one
    transaction, so nothing written to the database shows until the end."""
    if upload.status == Status.SAVING:
        return cache.get(progress_key(upload.pk), 0)
    return upload.rows_done


def confirm_upload(upload: RegistrationUpload, *, actor: User, today: date) -> bool:
    """Save a checked upload; False when it was not ready (a double click, an expired upload).

    The conditional update from ready to saving is the claim (STYLE rule 5): of two clicks,
    or a click and a redelivered task, only one saves.
    """
    with transaction.atomic():
        claimed = RegistrationUpload.objects.filter(pk=upload.pk, status=Status.READY, purged_at__isnull=True).update(
            status=Status.SAVING, rows_done=0, finished_at=None
        )
        if not claimed:
            return False
        if _is_large(upload.rows_total):
            queue_on_commit("participants.tasks.save_registration_upload", upload.pk, actor.pk,
                            if_not_handed_over=partial(csv_upload.fail, RegistrationUpload, upload.pk, csv_upload.NOT_STARTED))
            return True
    csv_upload.run(upload, partial(save_upload, actor=actor, today=today), failed_message=SOMETHING_WENT_WRONG)
    return True


def save_upload(upload_id: int, *, actor: User | None, today: date, report_progress: bool = False) -> RegistrationUpload | None:
    """Check the claimed upload again and save every row, or none and list the problems."""
    try:
        with transaction.atomic():
            # The row lock makes a second delivery of the task wait, then find the upload saved.
            upload = RegistrationUpload.objects.select_for_update().filter(pk=upload_id).first()
            if upload is None or upload.status != Status.SAVING:
                logger.info("Registration upload %s is not claimed for saving", upload_id)
                return upload
            school = School.objects.get(pk=upload.school_id)
            try:
                rows = read_rows(upload.contents)
            except FileProblem as problem:
                _finish(upload.pk, Status.SAVING, status=Status.FAILED, file_error=str(problem))
                return upload
            checked = check_rows(school, rows, today=today)
            if not checked.ok:
                _finish(upload.pk, Status.SAVING, status=Status.INVALID, results=checked.problems,
                        rows_total=len(rows), rows_done=len(rows))
                return upload
            progress = _cached_progress(upload.pk) if report_progress else None
            periods = save_rows(school, checked, actor=actor, progress=progress)
            _finish(upload.pk, Status.SAVING, status=Status.SAVED, saved_count=len(periods), results=[],
                    rows_total=len(rows), rows_done=len(rows))
    except IntegrityError:
        # Someone registered one of these teachers between our check and our insert; everything rolled back.
        logger.warning("Registration upload %s lost a race with another registration", upload_id)
        fail_upload(upload_id, "Some of these teachers were registered by someone else while this file was saving, "
                               "so nothing has been saved. Upload the file again to check it.")
    cache.delete(progress_key(upload_id))
    return RegistrationUpload.objects.filter(pk=upload_id).first()


def _earlier_ecte_years(teacher_ids: list[int]) -> dict[int, int]:
    """Teacher id -> first academic year of an ECTE Year 1 or Year 2 enrolment (for `ecte_stage_for`'s rule)."""
    if not teacher_ids:
        return {}
    first: dict[int, int] = {}
    for teacher_id, year in Enrolment.objects.filter(
        teacher_id__in=teacher_ids,
        cohort__programme__strand=Strand.ECTE,
        cohort__stage__in=[CohortStage.YEAR_1, CohortStage.YEAR_2],
    ).values_list("teacher_id", "cohort__academic_year"):
        first[teacher_id] = min(year, first.get(teacher_id, year))
    return first


def save_rows(school: School, checked: CheckedFile, *, actor: User | None, progress: Progress | None = None) -> list[ECTAtSchoolPeriod]:
    """What `register_ect` does for one ECT, for every ready row, in bulk. Call inside a transaction.

    A row for a teacher another school holds asks that school to confirm a move, as `register_ect` does.
    """
    checked = _ask_for_moves(school, checked, actor=actor)
    existing_ids = [teacher.pk for row in checked.ready if (teacher := checked.known.by_trn.get(row.details.trn))]
    # Read before anything is written: a teacher's new enrolment must not count as an earlier one.
    earlier_years = _earlier_ecte_years(existing_ids)
    cohorts: dict[tuple[int, str], object] = {}
    periods: list[ECTAtSchoolPeriod] = []
    for start in range(0, len(checked.ready), SAVE_CHUNK):
        chunk = checked.ready[start:start + SAVE_CHUNK]
        stages = []
        for row in chunk:
            year = academic_year_of(row.details.started_on)
            teacher = checked.known.by_trn.get(row.details.trn)
            # ecte_stage_for: Year 2 after an ECTE Year 1 or 2 in an earlier academic year, else Year 1.
            first = earlier_years.get(teacher.pk) if teacher else None
            stages.append((year, CohortStage.YEAR_2 if first is not None and first < year else CohortStage.YEAR_1))
        periods += _save_chunk(school, chunk, stages, checked.known, cohorts, actor=actor)
        if progress:
            progress(start + len(chunk))
    return periods


def _ask_for_moves(school, checked: CheckedFile, *, actor) -> CheckedFile:
    """Rows for teachers another school holds become moves it is asked to confirm; the rest are saved.

    In a fixed number of queries, whatever the number of such rows (registration.transfers' bulk forms)."""
    known = [teacher for row in checked.ready if (teacher := checked.known.by_trn.get(row.details.trn))]
    holding = schools_holding(known, school, today=checked.known.today, kind=TeacherTransfer.Kind.ECT)
    ready, moves = [], []
    for row in checked.ready:
        teacher, d = checked.known.by_trn.get(row.details.trn), row.details
        if teacher is not None and teacher.pk in holding:
            moves.append(TeacherTransfer(
                teacher=teacher, kind=TeacherTransfer.Kind.ECT, from_school=holding[teacher.pk], to_school=school,
                started_on=d.started_on, working_pattern=d.working_pattern, fte=d.fte,
                training_programme=d.training_programme, lead_provider_id=d.lead_provider_id,
            ))
        else:
            ready.append(row)
    request_transfers(moves, actor=actor)
    return dataclasses.replace(checked, ready=ready)


def _save_chunk(school, chunk: list[ReadyRow], stages, known: KnownTeachers, cohorts: dict, *, actor) -> list[ECTAtSchoolPeriod]:
    # The teacher: found by TRN or new, with the name and email as the school typed them (as save_teacher),
    # unless the school may not change who an existing teacher is (registration.transfers).
    new_teachers, changed_teachers, renamed, teachers = [], [], [], []
    existing_here = [teacher for row in chunk if (teacher := known.by_trn.get(row.details.trn))]
    may_change = identities_school_may_change(existing_here, school, actor=actor, today=known.today)
    for row in chunk:
        d = row.details
        existing = known.by_trn.get(d.trn)
        teacher = existing or Teacher(trn=d.trn)
        if existing is None or existing.pk in may_change:
            teacher.first_name, teacher.last_name = d.first_name.strip(), d.last_name.strip()
            teacher.corrected_name, teacher.email = d.corrected_name.strip(), d.email.strip().lower()
            if existing is not None:
                renamed.append(teacher)
        (changed_teachers if teacher.pk else new_teachers).append(teacher)
        teachers.append(teacher)
    if new_teachers:
        bulk_create_with_history(new_teachers, Teacher, default_user=actor)
    if renamed:
        bulk_update_with_history(renamed, Teacher, ["first_name", "last_name", "corrected_name", "email"],
                                 default_user=actor)

    # A move: the old school's period finishes the day before the new one starts (before the insert,
    # which the one-open-period constraint would otherwise refuse).
    moved = []
    for row in chunk:
        for old in row.moves_from:
            old.finished_on = row.details.started_on - timedelta(days=1)
            old.leaving_reason = LeavingReason.MOVED_SCHOOL
            moved.append(old)
    if moved:
        bulk_update_with_history(moved, ECTAtSchoolPeriod, ["finished_on", "leaving_reason"], default_user=actor)
        refresh_for_ect_periods(old.pk for old in moved)

    periods = [
        ECTAtSchoolPeriod(
            teacher=teacher,
            school=school,
            started_on=row.details.started_on,
            working_pattern=row.details.working_pattern,
            fte=row.details.fte if row.details.working_pattern == WorkingPattern.PART_TIME else None,
            training_programme=row.details.training_programme,
            lead_provider_id=(
                row.details.lead_provider_id if row.details.training_programme == TrainingProgramme.PROVIDER_LED else None
            ),
            registered_by=actor,
        )
        for row, teacher in zip(chunk, teachers, strict=True)
    ]
    periods = bulk_create_with_history(periods, ECTAtSchoolPeriod, default_user=actor)

    # ECTE enrolment as programmes.cohorts.enrol: once per cohort; a mover's enrolment follows them.
    for stage in set(stages):
        if stage not in cohorts:
            cohorts[stage] = cohort_for(Strand.ECTE, *stage)
    wanted = {(cohorts[stage].pk, teacher.pk): (row, teacher) for row, teacher, stage in zip(chunk, teachers, stages, strict=True)}
    existing = {}
    if changed_teachers:
        existing = {
            (enrolment.cohort_id, enrolment.teacher_id): enrolment
            for enrolment in Enrolment.objects.filter(
                teacher__in=changed_teachers, cohort_id__in={cohort.pk for cohort in cohorts.values()}
            )
        }
    moved_enrolments = []
    for key, enrolment in existing.items():
        if key in wanted and enrolment.school_id != school.pk:
            enrolment.school = school
            moved_enrolments.append(enrolment)
    if moved_enrolments:
        Enrolment.objects.bulk_update(moved_enrolments, ["school"])
    bulk_create_with_history([
        Enrolment(cohort_id=cohort_id, teacher=teacher, school=school, enrolled_on=row.details.started_on, created_by=actor)
        for (cohort_id, _), (row, teacher) in wanted.items()
        if (cohort_id, teacher.pk) not in existing
    ], Enrolment, default_user=actor)

    open_claims(periods, actor=actor, dates_of_birth=[row.details.date_of_birth for row in chunk])
    invitations.invite_teachers(teachers, role=Role.ECT, school=school, invited_by=actor)
    return periods


# --- DP-002 ----------------------------------------------------------------------------------


def purge_old_uploads(*, now=None) -> int:
    """Forget the file and the names in its problems once an upload is a day old (DP-002).

    An upload still unconfirmed or unfinished by then has expired: it can no longer be saved.
    """
    return csv_upload.purge(RegistrationUpload, expired_message=EXPIRED, now=now)


# --- The worker ------------------------------------------------------------------------------
# Each task keeps the name it was first given, so messages already queued still find it.


@shared_task(name="participants.tasks.validate_registration_upload")
def validate_registration_upload(upload_id: int) -> None:
    try:
        validate_upload(upload_id, today=timezone.localdate(), report_progress=True)
    except Exception:
        # Not retried: the same file would fail the same way. The school sees it failed, not a stuck bar.
        logger.exception("Checking registration upload %s failed", upload_id)
        fail_upload(upload_id, SOMETHING_WENT_WRONG)


@shared_task(name="participants.tasks.save_registration_upload")
def save_registration_upload(upload_id: int, actor_id: int | None) -> None:
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        # Idempotent: save_upload only acts on an upload claimed for saving, under a row lock.
        save_upload(upload_id, actor=actor, today=timezone.localdate(), report_progress=True)
    except Exception:
        logger.exception("Saving registration upload %s failed", upload_id)
        fail_upload(upload_id, SOMETHING_WENT_WRONG)


__all__ = [
    "CheckedFile", "ReadyRow", "check_rows", "confirm_upload", "fail_upload", "preview", "problem_rows",
    "purge_old_uploads", "rows_done", "save_registration_upload", "save_rows", "save_upload", "start_upload",
    "validate_registration_upload", "validate_upload",
]
