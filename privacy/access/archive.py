"""The subject access ZIP: every record the portal holds about one person, in forms they can read.

    summary.html            a page to open first: who it is about, then each kind of record, explained
    records/<kind>.csv      every field of every record of that kind (and the same as .json)
    history/<kind>.csv      every saved version of those records: when, what changed, who changed it
    certificates/<code>.pdf their certificates; assessments/*.pdf their review and assessment records;
    evidence/<name>         the evidence files attached to those records

What it shows of other people is decided in privacy.access.tables. One step per kind of record, so
the request page's bar moves as the worker goes.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string

from appropriate_body.assessments.pdf import is_printable, render_assessment_pdf, report_filename
from hubportal.lib.exports import csv_bytes
from privacy.access.tables import Labeller, Table, history_table, record_table
from privacy.models import DataRequest
from privacy.people import RECORD_KINDS, Person, RecordKind, find_person

STEPS = len(RECORD_KINDS)

# What each kind of record is, in the words the summary uses (tests check every kind has one).
ABOUT = {
    "accounts": "Your account for signing in to the portal: your name, email address and when you signed in.",
    "roles": "What your account lets you do in the portal, and at which school.",
    "teachers": "Your teacher record: your name and TRN as the Teaching Regulation Agency holds them, and your email address.",
    "ect_periods": "Each time you were registered as an early career teacher at a school, and your mentor there.",
    "mentor_periods": "Each time you were registered as a mentor at a school.",
    "transfers": "Moves from one school to another that a school asked for, and what was decided.",
    "claims": "A school's claim for the hub's appropriate body to oversee your induction, and the checks made.",
    "inductions": "Your statutory induction as the appropriate body records it.",
    "induction_periods": "Each period of your induction at a school, with its terms and outcome.",
    "extensions": "Extensions of your induction and why they were made.",
    "length_requests": "Your school's requests to reduce or extend your induction, your consent and the appropriate body's decision.",
    "absences": "Absences recorded during your induction.",
    "assessments": "Your progress reviews and formal assessments: what was written, and who signed them when.",
    "evidence": "Files attached as evidence to your reviews and assessments (the files themselves are in evidence/).",
    "report_reviews": "The appropriate body's checks of your reviews and assessments: accepted, or returned to the school to change.",
    "report_review_comments": "What the appropriate body asked the school to change in a returned review or assessment.",
    "decisions": "The appropriate body's decision on your induction's outcome.",
    "appeals": "An appeal against that decision.",
    "concerns": "Concerns the appropriate body or your school raised about your induction, how they were monitored, and why they were closed.",
    "concern_actions": "What was agreed to do about each concern, by whom and by when, and when it was done.",
    "qa_checks": "Checks the appropriate body made of how your induction was going: what it looked at and what it found.",
    "enrolments": "Your places on the hub's programmes (such as NPQs) and their outcomes.",
    "event_invitations": "Invitations to the hub's events, your replies, any needs you told us about, and your attendance.",
    "certificates": "Certificates the hub issued to you (the PDFs are in certificates/).",
    "evaluation_answers": "Your answers to evaluations of the hub's events and programmes.",
    "account_invitations": "Emails inviting you to create an account.",
    "headteacher_confirmations": "Confirmations that you are a school's headteacher.",
    "registration_uploads": "Spreadsheets a school uploaded to register teachers, that named you (only the lines naming you are shown).",
    "enrolment_uploads": "Spreadsheets uploaded to enrol people on a programme, that named you (only the lines naming you are shown).",
    "bulk_uploads": "Spreadsheets the appropriate body uploaded, that named you (only the lines naming you are shown).",
}


@dataclass
class Section:
    kind: RecordKind
    about: str
    table: Table
    history_rows: int = 0
    files: list[str] = field(default_factory=list)
    # Files the records name that storage no longer holds.
    missing: int = 0

    @property
    def records(self) -> list[list[tuple[str, str]]]:
        """Each record as (heading, value) pairs, leaving out what is empty: the CSV holds every field."""
        return [[(h, v) for h, v in zip(self.table.headers, row, strict=True) if v] for row in self.table.rows]


class Members:
    """The ZIP's file names, never one twice: two evidence files may share a name."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive, self.names = archive, set()

    def name(self, folder: str, filename: str) -> str:
        filename = PurePosixPath(filename.replace("\\", "/")).name or "file"
        stem, suffix = PurePosixPath(filename).stem, PurePosixPath(filename).suffix
        prefix = f"{folder}/" if folder else ""
        candidate, n = f"{prefix}{filename}", 1
        while candidate in self.names:
            n += 1
            candidate = f"{prefix}{stem} ({n}){suffix}"
        self.names.add(candidate)
        return candidate

    def write(self, folder: str, filename: str, data: bytes | str) -> str:
        name = self.name(folder, filename)
        self.archive.writestr(name, data)
        return name

    def copy(self, folder: str, filename: str, stored) -> str:
        """Copy a stored file in; "" if storage no longer has it (the summary says so, rather than the export failing)."""
        try:
            source = stored.open("rb")
        except FileNotFoundError:
            return ""
        name = self.name(folder, filename)
        with source, self.archive.open(name, "w") as target:
            shutil.copyfileobj(source, target, length=256 * 1024)
        return name


def _certificates(records: QuerySet, members: Members) -> list[str]:
    return [members.copy("certificates", f"{c.code}.pdf", c.pdf) for c in records.exclude(pdf="").order_by("pk")]


def _assessments(records: QuerySet, members: Members) -> list[str]:
    printable = [a for a in records.select_related("induction__teacher").order_by("due_on", "pk") if is_printable(a)]
    return [members.write("assessments", report_filename(a), render_assessment_pdf(a)) for a in printable]


def _evidence(records: QuerySet, members: Members) -> list[str]:
    return [members.copy("evidence", e.original_name or e.file.name, e.file) for e in records.exclude(file="").order_by("pk")]


FILES: dict[str, Callable[[QuerySet, Members], list[str]]] = {
    "certificates": _certificates, "assessments": _assessments, "evidence": _evidence,
}


def _section(kind: RecordKind, person: Person, members: Members, labeller: Labeller) -> Section:
    records = kind.records(person)
    section = Section(kind=kind, about=ABOUT[kind.key], table=record_table(kind.key, records, person, labeller))
    if not section.table.rows:
        return section
    members.write("records", f"{kind.key}.csv", csv_bytes(section.table.headers, section.table.rows))
    members.write("records", f"{kind.key}.json", json.dumps(section.table.as_dicts(), ensure_ascii=False, indent=2))
    history = history_table(records.model, list(records.values_list("pk", flat=True)), labeller)
    if history is not None:
        members.write("history", f"{kind.key}.csv", csv_bytes(history.headers, history.rows))
        section.history_rows = len(history.rows)
    if kind.key in FILES:
        copied = FILES[kind.key](records, members)
        section.files = [name for name in copied if name]
        section.missing = len(copied) - len(section.files)
    return section


def who(person: Person, data_request: DataRequest) -> dict:
    """Who the export is about, as the portal found them: every name, address and TRN on their records."""
    names = {t.full_name for t in person.teachers} | {u.get_full_name() for u in person.users}
    return {"names": sorted(n for n in names if n) or [data_request.name] * bool(data_request.name),
            "emails": sorted(person.emails), "trns": sorted(person.trns)}


def write_archive(file: IO[bytes], data_request: DataRequest, *, produced_at: datetime, step_done: Callable[[int], None]) -> None:
    """Write the whole ZIP into `file`, calling `step_done(n)` after each kind of record."""
    person = find_person(email=data_request.email, trn=data_request.trn)
    labeller = Labeller()
    sections = []
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        members = Members(archive)
        for done, kind in enumerate(RECORD_KINDS, start=1):
            sections.append(_section(kind, person, members, labeller))
            step_done(done)
        summary = render_to_string("privacy/access/summary.html", {
            "hub_name": settings.HUB_NAME, "who": who(person, data_request), "produced_at": produced_at,
            "received_on": data_request.received_on, "found": [s for s in sections if s.table.rows],
            "not_found": [s for s in sections if not s.table.rows],
        })
        members.write("", "summary.html", summary)
