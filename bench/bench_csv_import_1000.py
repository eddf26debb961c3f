"""csv_import_1000: a school's 1,000-row CSV of ECTs, read, checked and saved as the worker does it.

The file is built the same way every time (for today's date): 1,000 ECTs, a mix of full and
part time, provider-led and school-led, some with a corrected name, and 50 held at another
bench school since the previous academic year: for them the upload asks that school to confirm
a move (registration.transfers) and saves 950 registrations. Each run reads the file (`csv_rows.read_upload`, as the
upload form does), keeps it (`start_upload`), runs the worker's check task, confirms
(`confirm_upload`) and runs the worker's save task, all on PostgreSQL. The save's on-commit work
is included: 1,000 invitation emails queued to Redis.

Between runs (untimed) the bench teachers are deleted and the 50 movers registered again, so
every run saves the same file into the same state. The invitation tasks each run queued are
taken off the bench broker again, so no later benchmark's worker sends them.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import timedelta

from benchlib import BenchError, Result, median

NAME = "csv_import_1000"
DESCRIPTION = "a 1,000-row CSV of ECTs read, checked and saved through the worker's functions: median seconds of 3 runs"

ROWS = 1000
MOVERS = 50
RUNS = 3
FIRST_TRN = 8_100_000
SCHOOL_URN, PREVIOUS_SCHOOL_URN = 199_901, 199_902
FIRST_NAMES = ["Ada", "Bilal", "Chloé", "Dylan", "Efua", "Fatima", "Gareth", "Hana", "Ioan", "Jasmine"]
LAST_NAMES = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "O'Neill", "Patel", "Roberts", "Smith", "Wójcik"]
OUR_TASKS = {
    "participants.tasks.send_invitation_email",
    "participants.tasks.send_invitation_emails",
    "participants.tasks.validate_registration_upload",
    "participants.tasks.save_registration_upload",
    "registration.tasks.send_transfer_notices",
}


def trns() -> list[str]:
    return [str(FIRST_TRN + n) for n in range(ROWS)]


def build_csv(today, providers: list[str]) -> bytes:
    from hubportal.lib.exports import csv_bytes
    from registration.uploads.rows import HEADINGS

    rows = []
    for n, trn in enumerate(trns()):
        part_time = n % 5 == 0
        provider_led = n % 2 == 0
        first, last = FIRST_NAMES[n % 10], f"{LAST_NAMES[(n // 10) % 10]}{n}"
        rows.append([
            trn,
            f"{1 + n % 28:02d}/{1 + n % 12:02d}/{1990 + n % 10}",
            first,
            last,
            f"{first} {last}-Jones" if n % 7 == 0 else "",
            f"bench.import.{trn}@bench.example.org",
            (today + timedelta(days=n % 30)).strftime("%d/%m/%Y" if n % 3 else "%Y-%m-%d"),
            "part_time" if part_time else "full_time",
            ("0.5", "0.6", "0.8")[n % 3] if part_time else "",
            "provider_led" if provider_led else "school_led",
            providers[n % len(providers)] if provider_led else "",
        ])
    # The template's own writer, so the file is what a school downloads and fills in (BOM included).
    return csv_bytes(HEADINGS, rows)


def set_up(today):
    """The bench schools and tutor, no bench teachers, then the 50 movers at the previous school."""
    from participants.accounts.roles import grant_role
    from participants.models import Role, School, User
    from registration.ects import register_ect
    from registration.teachers import ECTDetails

    school, _ = School.objects.get_or_create(urn=SCHOOL_URN, defaults={"name": "Bench Import Primary School"})
    previous, _ = School.objects.get_or_create(urn=PREVIOUS_SCHOOL_URN, defaults={"name": "Bench Previous School"})
    tutor = User.objects.filter(email="bench.import.tutor@bench.example.org").first() or User.objects.create_user(
        email="bench.import.tutor@bench.example.org", first_name="Bench", last_name="Tutor"
    )
    grant_role(tutor, Role.INDUCTION_TUTOR, school=school)
    grant_role(tutor, Role.INDUCTION_TUTOR, school=previous)
    remove_bench_teachers()
    # Started at the previous school in the previous academic year: ECTE Year 1 there.
    for trn in trns()[:MOVERS]:
        register_ect(previous, ECTDetails(
            trn=trn, first_name="Moving", last_name=f"Teacher{trn}", email=f"bench.import.{trn}@bench.example.org",
            started_on=today - timedelta(days=400), working_pattern="full_time", training_programme="school_led",
        ), actor=tutor, today=today)
    return school, tutor


def remove_bench_teachers() -> None:
    """Everything a run saved for the bench TRNs, history included, and the bench school's uploads."""
    from appropriate_body.models import Claim
    from participants.models import ECTAtSchoolPeriod, Invitation, Teacher, TeacherTransfer
    from programmes.models import Enrolment
    from registration.models import RegistrationUpload

    ours = trns()
    period_ids = list(ECTAtSchoolPeriod.objects.filter(teacher__trn__in=ours).values_list("pk", flat=True))
    Claim.history.model.objects.filter(ect_period_id__in=period_ids).delete()
    Claim.objects.filter(ect_period_id__in=period_ids).delete()
    Invitation.objects.filter(teacher__trn__in=ours).delete()
    TeacherTransfer.history.model.objects.filter(teacher__trn__in=ours).delete()
    TeacherTransfer.objects.filter(teacher__trn__in=ours).delete()
    Enrolment.objects.filter(teacher__trn__in=ours).delete()
    ECTAtSchoolPeriod.history.model.objects.filter(id__in=period_ids).delete()
    ECTAtSchoolPeriod.objects.filter(pk__in=period_ids).delete()
    Teacher.history.model.objects.filter(trn__in=ours).delete()
    Teacher.objects.filter(trn__in=ours).delete()
    RegistrationUpload.objects.filter(school__urn=SCHOOL_URN).delete()


class Broker:
    """The bench broker's default queue, to take back the tasks a run queued (nothing consumes them here)."""

    def __init__(self):
        import redis

        from hubportal.celery import app

        self.client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
        self.queue = app.conf.task_default_queue
        self.before = self.client.llen(self.queue)

    def take_back(self) -> int:
        # kombu pushes new messages on the left: the run's messages are the first `added`.
        added = self.client.llen(self.queue) - self.before
        if added <= 0:
            return 0
        newest = self.client.lrange(self.queue, 0, added - 1)
        tasks = {json.loads(message).get("headers", {}).get("task") for message in newest}
        if not tasks <= OUR_TASKS:
            print(f"bench: left {added} queued messages alone: not all ours ({tasks - OUR_TASKS})", flush=True)
            return 0
        self.client.ltrim(self.queue, added, -1)
        return added


def import_once(school, tutor, data: bytes, today) -> tuple[float, float, object]:
    from registration.uploads.bulk import confirm_upload, save_registration_upload, start_upload, validate_registration_upload
    from registration.uploads.rows import read_upload

    started = time.perf_counter()
    text, rows = read_upload("ects.csv", len(data), data)
    upload = start_upload(school, filename="ects.csv", text=text, rows=rows, actor=tutor, today=today)
    validate_registration_upload(upload.pk)  # what the worker runs for a file over the inline limit
    upload.refresh_from_db()
    checked = time.perf_counter()
    if upload.status != upload.Status.READY:
        raise BenchError(f"the file did not pass its checks: {upload.status} {upload.file_error} {upload.results[:3]}")
    if not confirm_upload(upload, actor=tutor, today=today):
        raise BenchError("the upload could not be confirmed")
    save_registration_upload(upload.pk, tutor.pk)
    saved = time.perf_counter()
    upload.refresh_from_db()
    if (upload.status, upload.saved_count) != (upload.Status.SAVED, ROWS - MOVERS):
        raise BenchError(f"the upload ended {upload.status} with {upload.saved_count} saved: {upload.file_error}")
    return checked - started, saved - checked, upload


def run() -> Iterator[Result]:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from participants.models import LeadProvider, TeacherTransfer

    if ROWS <= settings.REGISTRATION_UPLOAD_INLINE_ROWS:
        raise BenchError("the file must be large enough to be checked and saved by the worker")
    today = timezone.localdate()
    data = build_csv(today, list(LeadProvider.objects.filter(is_active=True).values_list("name", flat=True)))
    broker = Broker()

    # One untimed run counts the queries (capturing them slows the run down).
    school, tutor = set_up(today)
    with CaptureQueriesContext(connection) as queries:
        import_once(school, tutor, data, today)
    moves = TeacherTransfer.objects.filter(teacher__trn__in=trns()[:MOVERS], status=TeacherTransfer.Status.PENDING)
    if moves.count() != MOVERS:
        raise BenchError(f"{moves.count()} of {MOVERS} movers' moves were asked for")

    totals, checks, saves = [], [], []
    for _ in range(RUNS):
        school, tutor = set_up(today)
        check_s, save_s, _upload = import_once(school, tutor, data, today)
        checks.append(check_s)
        saves.append(save_s)
        totals.append(check_s + save_s)
    remove_bench_teachers()  # no bench invitations are left waiting to be sent
    taken_back = broker.take_back()

    runs = ", ".join(f"{total:.2f}" for total in totals)
    yield Result("csv_import_1000", median(totals), "s", f"median of {RUNS} runs ({runs} s); target 5 s")
    yield Result("csv_import_1000_check", median(checks), "s", "read, keep and check every row (median)")
    yield Result("csv_import_1000_save", median(saves), "s", "confirm, check again and save in one transaction (median)")
    yield Result("csv_import_1000_queries", len(queries), "queries", f"whole import; {taken_back} queued tasks taken back")
