"""Asking the teacher record service again about a claim the AB has not yet decided.

What the record said when the school registered the ECT is on the claim (registration.guided); the
record can change before the AB decides (QTS awarded late, a prohibition added), so AB staff can ask
again from the claim's page, and a scheduled job asks about the open claims a few at a time, those
read longest ago first, as DfE's own service refreshes its teachers. Both need the date of birth,
kept sealed on the claim only until it is handed over to RIAB or 30 days pass (appropriate_body.riab).

Inductions under way are read again too, while their claim still holds the date of birth: TRS's
AppropriateBody role must send it, so once it is erased the record is no longer read (RULES.md). What
the record says then (a prohibition added, an outcome recorded elsewhere) is kept on the induction
for the case page and the to-do list, never over the check AB staff confirmed on the claim.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from django.db import transaction
from django.db.models import F

from appropriate_body.claims.claims import RecordCheck, note_record_check
from appropriate_body.models import Claim, Induction
from hubportal.lib.sealed import seal
from participants.people.records import RecordServiceUnavailable, TeacherRecordLookup


class Refreshed(StrEnum):
    DONE = "done"
    NOT_OPEN = "not open"
    NO_SERVICE = "no service"
    NO_DATE_OF_BIRTH = "no date of birth"
    NOT_FOUND = "not found"
    UNAVAILABLE = "unavailable"


def can_refresh(claim: Claim, lookup: TeacherRecordLookup) -> bool:
    return bool(getattr(lookup, "source", "")) and bool(claim.date_of_birth_sealed) and claim.status == Claim.Status.PENDING


def can_read_with_date_of_birth(claim: Claim, lookup: TeacherRecordLookup) -> bool:
    """A pending claim holding no date of birth (a move between schools brings none) while a record service is in use."""
    return bool(getattr(lookup, "source", "")) and not claim.date_of_birth_sealed and claim.status == Claim.Status.PENDING


def read_record_with_date_of_birth(claim: Claim, date_of_birth: date, *, lookup: TeacherRecordLookup, now: datetime) -> Refreshed:
    """Read the record with a date of birth AB staff give; one that finds it is sealed on the claim for RIAB (RULES.md)."""
    if not can_read_with_date_of_birth(claim, lookup):
        return Refreshed.NOT_OPEN if claim.status != Claim.Status.PENDING else Refreshed.NO_SERVICE
    record = _find(claim, date_of_birth, lookup)
    if isinstance(record, Refreshed):
        return record
    with transaction.atomic():
        _note(claim, record, now)
        Claim.objects.filter(pk=claim.pk).update(date_of_birth_sealed=seal(date_of_birth.isoformat()))
    return Refreshed.DONE


def _note(claim: Claim, record, now: datetime) -> None:
    note_record_check(claim, RecordCheck(
        qts_awarded_on=record.qts_awarded_on, induction_status=record.induction_status,
        has_active_prohibition=record.has_active_prohibition, itt_provider_ukprn=record.itt_provider_ukprn or "",
        # TRS does not say whether another AB holds them: what AB staff noted stays.
        other_appropriate_body=claim.other_appropriate_body,
    ), read_at=now)


def refresh_record_check(claim: Claim, *, lookup: TeacherRecordLookup, now: datetime) -> Refreshed:
    if claim.status != Claim.Status.PENDING:
        # Accepted or rejected: the check AB staff confirmed is the record of the decision.
        return Refreshed.NOT_OPEN
    if not getattr(lookup, "source", ""):
        return Refreshed.NO_SERVICE
    record = _find(claim, claim.date_of_birth, lookup)
    if isinstance(record, Refreshed):
        return record
    _note(claim, record, now)
    return Refreshed.DONE


def _find(claim: Claim, date_of_birth: date | None, lookup: TeacherRecordLookup):
    """The teacher's record found with `date_of_birth`, or why it could not be read."""
    if date_of_birth is None:
        return Refreshed.NO_DATE_OF_BIRTH
    try:
        record = lookup.find(claim.ect_period.teacher.trn, date_of_birth)
    except RecordServiceUnavailable:
        return Refreshed.UNAVAILABLE
    if record is None or record.induction_status is None:
        return Refreshed.NOT_FOUND
    return record


def refresh_induction_record(induction: Induction, claim: Claim, *, lookup: TeacherRecordLookup, now: datetime) -> Refreshed:
    """What the record says now about an induction under way, from its open period's claim."""
    if not getattr(lookup, "source", ""):
        return Refreshed.NO_SERVICE
    record = _find(claim, claim.date_of_birth, lookup)
    if isinstance(record, Refreshed):
        return record
    Induction.objects.filter(pk=induction.pk).update(
        record_read_at=now, record_induction_status=record.induction_status, record_prohibited=bool(record.has_active_prohibition))
    return Refreshed.DONE


def inductions_to_refresh():
    """Claims of open periods still holding the date of birth, their inductions read longest ago first."""
    return (Claim.objects.filter(induction_period__finished_on__isnull=True, induction_period__other_appropriate_body="")
            .exclude(date_of_birth_sealed="").select_related("ect_period__teacher", "induction_period__induction")
            .order_by(F("induction_period__induction__record_read_at").asc(nulls_first=True), "pk"))


def _ask_each(rows, ask) -> dict[str, int]:
    """Counts by outcome of asking about each row in turn; the service down for one is down for the rest."""
    counts: dict[str, int] = {}
    for row in rows:
        outcome = ask(row)
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome == Refreshed.UNAVAILABLE:
            break  # the next run tries again, rather than every row now
    return counts


def refresh_open_claims(*, lookup: TeacherRecordLookup, now: datetime, limit: int) -> dict[str, int]:
    """The `limit` open claims read longest ago (never read first) asked about again; counts by outcome."""
    claims = (Claim.objects.filter(status=Claim.Status.PENDING).exclude(date_of_birth_sealed="")
              .select_related("ect_period__teacher").order_by(F("checked_at").asc(nulls_first=True), "pk")[:limit])
    return _ask_each(claims, lambda claim: refresh_record_check(claim, lookup=lookup, now=now))


def refresh_inductions(*, lookup: TeacherRecordLookup, now: datetime, limit: int) -> dict[str, int]:
    """The `limit` inductions under way read longest ago, asked about again; counts by outcome."""
    return _ask_each(inductions_to_refresh()[:limit],
                     lambda claim: refresh_induction_record(claim.induction_period.induction, claim, lookup=lookup, now=now))
