"""A person's records as tables a person can read: one heading per field, one readable value per cell.

Headings are the fields' own names ("Started on"), choices show their words, dates read "1 September
2026". What is shown of other people is decided here, once: a record that points at another person
(the member of staff who recorded, signed or decided something, a mentor) shows only their name, never
their email address or account; schools, events and programmes show their names. A spreadsheet a school
uploaded listed other people too: only its lines that name this person are kept.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from hubportal.lib.dates import long_date
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Teacher, User
from privacy.people import Person
from privacy.retention.deleting import history_model
from programmes.models import EventInvitation

# Never written out: a password's hash says nothing about the person and would only help an attacker.
LEFT_OUT = {"password"}
# Uploads whose text holds every row of a school's spreadsheet: reduced to the lines that name the person.
SHARED_TEXT = {"contents", "results"}
UPLOAD_KINDS = {"registration_uploads", "enrolment_uploads", "bulk_uploads"}
CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
NO_NAME = "(no name recorded)"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]

    def as_dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]


def fields_of(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in LEFT_OUT]


def heading(field: models.Field) -> str:
    # "ect comments" reads "ECT comments": the abbreviation everyone in induction uses.
    return capfirst(" ".join("ECT" if word == "ect" else word for word in str(field.verbose_name).split()))


def when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{long_date(local.date())} at {local:%H:%M}"


class Labeller:
    """Names of the rows a record points at, each looked up once per export."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, int], str] = {}

    def label(self, model: type[models.Model], pk) -> str:
        key = (model._meta.label, pk)
        if key not in self._seen:
            target = model._default_manager.filter(pk=pk).first()
            self._seen[key] = "" if target is None else self._name(target)
        return self._seen[key]

    @staticmethod
    def _name(target: models.Model) -> str:
        # People by name only: never an email address (a User's own __str__ falls back to one) or a role.
        if isinstance(target, User):
            return target.get_full_name() or NO_NAME
        if isinstance(target, Teacher):
            return target.full_name or NO_NAME
        if isinstance(target, (ECTAtSchoolPeriod, MentorAtSchoolPeriod)):
            return target.teacher.full_name or NO_NAME
        if isinstance(target, EventInvitation):
            return str(target.event)  # its own __str__ starts with the address it was sent to
        return str(target)


def readable(row: models.Model, field: models.Field, labeller: Labeller) -> str:
    value = getattr(row, field.attname)
    if value is None or value == "":
        return ""
    if field.is_relation:
        return labeller.label(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(field, models.FileField):
        return os.path.basename(str(value))
    if isinstance(field, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _their_lines(text: str, needles: Iterable[str]) -> str:
    """The heading line and the lines that name them: the rest of a school's spreadsheet is about others."""
    lines = text.splitlines()
    needles = [n.lower() for n in needles if n]
    return "\n".join(lines[:1] + [line for line in lines[1:] if any(n in line.lower() for n in needles)])


def _their_results(results, needles: Iterable[str]):
    needles = [n.lower() for n in needles if n]
    if not isinstance(results, list):
        return []
    return [item for item in results if any(n in json.dumps(item, ensure_ascii=False).lower() for n in needles)]


def record_table(kind_key: str, records: models.QuerySet, person: Person, labeller: Labeller) -> Table:
    fields = fields_of(records.model)
    rows = []
    needles = [*person.emails, *person.trns]
    for record in records.order_by("pk"):
        if kind_key in UPLOAD_KINDS:
            record.contents = _their_lines(record.contents or "", needles)
            record.results = _their_results(record.results, needles)
        rows.append([readable(record, field, labeller) for field in fields])
    return Table(headers=[heading(f) for f in fields], rows=rows)


def history_table(model: type[models.Model], ids: list[int], labeller: Labeller) -> Table | None:
    """Every saved version of these records, oldest first: when, what kind of change, who made it (by name), the values."""
    history = history_model(model)
    if history is None or not ids:
        return None
    # A history table may leave out fields that are not worth a version (a worker's claim on the row).
    kept = {f.attname for f in history._meta.concrete_fields}
    fields = [f for f in fields_of(model) if f.attname in kept and f.name not in SHARED_TEXT]
    rows = []
    for version in history.objects.filter(id__in=ids).order_by("history_date", "history_id"):
        changed_by = labeller.label(User, version.history_user_id) if version.history_user_id else ""
        rows.append([when(version.history_date), CHANGE_TYPES.get(version.history_type, version.history_type), changed_by,
                     *(readable(version, field, labeller) for field in fields)])
    if not rows:
        return None
    return Table(headers=["Changed on", "Change", "Changed by", *(heading(f) for f in fields)], rows=rows)
