"""Reading django-simple-history back as "who changed what, when", for any model's records.

Each history table is read once (`ordered`) and neighbouring records are diffed in memory
(`diffs`), so a page's history costs one query per table however long it is.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

from hubportal.lib.dates import long_date


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    summary: str
    changes: tuple[FieldChange, ...] = ()


def who(record) -> str:
    user = record.history_user
    return str(user) if user is not None else "the portal"


def human_value(model, name: str, value, names: dict) -> str:
    """A stored value as a person reads it: choices by label, dates in words (moments with their time, in the
    hub's time zone), related rows by `names`."""
    if value is None or value == "":
        return "not set"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return names.get((field.related_model, value), "a removed record")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def diffs(records: list, fields: dict[str, str]) -> list[tuple[object, list]]:
    """(record, changes) for every change record, diffing each against the one before it (records of one object, oldest first)."""
    pairs = []
    for previous, record in zip(records, records[1:], strict=False):
        if record.history_type == "~":
            delta = record.diff_against(previous, included_fields=list(fields))
            changes = sorted(delta.changes, key=lambda change: list(fields).index(change.field))
            if changes:
                pairs.append((record, changes))
    return pairs


def diffs_by_object(records: list, fields: dict[str, str]) -> list[tuple[object, list]]:
    """`diffs` for records of many objects from one history table, each object's records apart."""
    by_id: dict[int, list] = {}
    for record in records:
        by_id.setdefault(record.id, []).append(record)
    return [pair for object_records in by_id.values() for pair in diffs(object_records, fields)]


def ordered(history_queryset) -> list:
    return list(history_queryset.select_related("history_user").order_by("history_date", "history_id"))


def change_entries(
    pairs, model, fields: dict[str, str], summary: str | Callable[[set[str]], str], names: dict | None = None,
    *, shown: Callable[[str, object], str] | None = None,
) -> list[HistoryEntry]:
    """One entry per change record. `summary` is the entry's heading, or makes it from the names of the fields
    that changed; `shown(field, value)` writes a value where a model reads one of its own differently."""
    def show(name, value) -> str:
        return shown(name, value) if shown else human_value(model, name, value, names or {})

    return [
        HistoryEntry(record.history_date, who(record), summary({c.field for c in changes}) if callable(summary) else summary,
                     tuple(FieldChange(fields[c.field], show(c.field, c.old), show(c.field, c.new)) for c in changes))
        for record, changes in pairs
    ]
