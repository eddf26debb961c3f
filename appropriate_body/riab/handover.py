"""The hand-over to DfE's "Record inductions as an appropriate body" service (RIAB) by its bulk CSVs.

AB staff download what RIAB's bulk upload takes (RIAB-006), upload it there, then mark the rows
recorded here; RIAB's error file, uploaded back, puts the rows it refused back to "not recorded"
with its reason. The headings, the date format and the values follow DfE's code
(register-early-career-teachers-public: `app/models/concerns/batch_rows.rb` CLAIM_CSV_HEADINGS and
ACTION_CSV_HEADINGS, dates `Date.iso8601`, terms `\\d+(\\.\\d{1})?` from 0 to 16, outcomes
pass/fail/release case-insensitive; `process_batch/download.rb`: the error file is the uploaded rows
that failed, under the same headings plus "Error message"). The programme: the portal records the two
types from September 2025, provider-led and school-led (IND-007, E25-004), but RIAB's claim check
(`process_batch/claim.rb`) still accepts only `DIY`, `FIP` or `CIP` ("Induction programme type must be
DIY, FIP or CIP"), its "must be school-led or provider-led" written beside it and waiting. So provider-led
is written `FIP` and school-led `DIY` until RIAB_PROGRAMME_WORDS=new switches to the new words. A fail is
never handed over in bulk: RIAB wants it recorded one at a time, with the ECT's letter.

The date of birth every row needs is kept sealed on the claim only until it is marked recorded or
30 days pass (appropriate_body RULES.md): a row whose date is no longer held is listed apart, for
AB staff to enter in RIAB by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from appropriate_body.models import Claim, Induction, InductionPeriod, Outcome
from appropriate_body.riab.state import (
    ACTION_OUTSTANDING,
    CLAIM_OUTSTANDING,
    HANDED_OVER,
    refresh_riab_for_claims,
    refresh_riab_outstanding,
)
from hubportal.lib.csv_upload import CsvFormat, CsvRow, check_file, decode, heading_key, read_rows
from hubportal.lib.dates import long_date
from hubportal.lib.sealed import seal
from participants.models import TrainingProgramme, User

CLAIM_HEADINGS = ("TRN", "Date of birth", "Induction programme", "Induction period start date")
ACTION_HEADINGS = ("TRN", "Date of birth", "Induction period end date", "Number of terms", "Outcome")
ERROR_HEADING = "Error message"
PROGRAMME_WORDS = {
    # What RIAB's check takes today: the provider-led programme was the full induction programme (FIP), a
    # school-led one the school's own (DIY; CIP, DfE's materials delivered by the school, is school-led too).
    "codes": {TrainingProgramme.PROVIDER_LED: "FIP", TrainingProgramme.SCHOOL_LED: "DIY"},
    "new": {TrainingProgramme.PROVIDER_LED: "provider-led", TrainingProgramme.SCHOOL_LED: "school-led"},
}
RELEASE, PASS = "release", "pass"
# RIAB-006: a batch is 1 to 1,000 rows and at most 100 KB; its error file is smaller still.
MAX_ROWS = 1000
MAX_FILE_BYTES = 200 * 1024


def claims_outstanding() -> QuerySet[Claim]:
    """Claims the AB accepted (or accepted from a date ahead) not yet recorded in RIAB."""
    return (Claim.objects.filter(CLAIM_OUTSTANDING)
            .select_related("ect_period__teacher").order_by("induction_start_date", "pk"))


def actions_outstanding() -> QuerySet[InductionPeriod]:
    """The hub's finished periods, released or passed, not yet recorded in RIAB; never a fail."""
    return (InductionPeriod.objects.filter(ACTION_OUTSTANDING).select_related("induction__teacher", "claim").order_by("finished_on", "pk"))


def inductions_outstanding() -> QuerySet[Induction]:
    """Inductions with something not yet handed over, as one queryset: the to-do list counts it and shows its first rows,
    read from the flag stored on each (appropriate_body.riab.state) through its partial index."""
    return (Induction.objects.filter(riab_outstanding=True)
            .select_related("teacher").order_by("teacher__last_name", "teacher__first_name", "pk"))


def _date_of_birth(claim: Claim | None) -> str:
    """The sealed date as RIAB writes it (YYYY-MM-DD), or "" when it is no longer held (entered by hand)."""
    born = claim.date_of_birth if claim is not None else None
    return born.isoformat() if born else ""


def number_of_terms(terms: Decimal) -> str:
    """0 to 16, to at most one decimal place, as RIAB reads it: "6", "2.5"."""
    return f"{terms:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class HandOver:
    """One section of the page: rows for the CSV, and those whose date of birth must be entered by hand."""

    records: list
    rows: list[tuple[str, ...]]
    by_hand: list
    # All that is outstanding, of which `records` is the first batch.
    total: int = 0

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def more_to_follow(self) -> bool:
        return self.total > self.count

    @property
    def by_hand_ids(self) -> set[int]:
        return {record.pk for record in self.by_hand}


def next_batch(outstanding: QuerySet) -> tuple[list, int]:
    """RIAB-006: a file holds at most 1,000 rows, so the page and its CSV deal with the first 1,000 outstanding;
    once they are marked recorded the next 1,000 are listed. With the count of all that is outstanding."""
    return list(outstanding[:MAX_ROWS]), outstanding.count()


def claim_handover(claims: Iterable[Claim], total: int | None = None) -> HandOver:
    records, rows, by_hand = list(claims), [], []
    for claim in records:
        if born := _date_of_birth(claim):
            rows.append((claim.ect_period.teacher.trn, born, PROGRAMME_WORDS[settings.RIAB_PROGRAMME_WORDS].get(claim.training_programme, ""),
                         claim.induction_start_date.isoformat()))
        else:
            by_hand.append(claim)
    return HandOver(records, rows, by_hand, len(records) if total is None else total)


def action_handover(periods: Iterable[InductionPeriod], total: int | None = None) -> HandOver:
    records, rows, by_hand = list(periods), [], []
    for period in records:
        if born := _date_of_birth(period.claim):
            rows.append((period.induction.teacher.trn, born, period.finished_on.isoformat(),
                         number_of_terms(period.number_of_terms), PASS if period.outcome == Outcome.PASS else RELEASE))
        else:
            by_hand.append(period)
    return HandOver(records, rows, by_hand, len(records) if total is None else total)


def mark_claims_recorded(public_ids: Sequence[str], *, actor: User) -> int:
    """Mark these claims recorded in RIAB and erase their sealed dates of birth in the same transaction."""
    now = timezone.now()
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(public_id__in=public_ids, status__in=HANDED_OVER,
                                                               riab_recorded_at__isnull=True))
        for claim in claims:
            claim.riab_recorded_at, claim.riab_recorded_by, claim.riab_error = now, actor, ""
            claim.date_of_birth_sealed = ""
        bulk_update_with_history(claims, Claim, ["riab_recorded_at", "riab_recorded_by", "riab_error", "date_of_birth_sealed"],
                                 default_user=actor)
        refresh_riab_for_claims(claim.pk for claim in claims)
    return len(claims)


def mark_actions_recorded(public_ids: Sequence[str], *, actor: User) -> int:
    now = timezone.now()
    with transaction.atomic():
        periods = list(actions_outstanding().select_for_update(of=("self",)).filter(public_id__in=public_ids))
        for period in periods:
            period.riab_recorded_at, period.riab_recorded_by, period.riab_error = now, actor, ""
        bulk_update_with_history(periods, InductionPeriod, ["riab_recorded_at", "riab_recorded_by", "riab_error"],
                                 default_user=actor)
        refresh_riab_outstanding(period.induction_id for period in periods)
    return len(periods)


@dataclass(frozen=True)
class RiabLine:
    """One thing RIAB must be told about an induction, for its case page: recorded there, or outstanding."""

    what: str
    recorded_at: datetime | None
    error: str = ""
    # A fail: never in bulk, so the portal does not track it; AB staff record it in RIAB one at a time.
    by_hand: bool = False


def riab_lines(induction: Induction, periods: Sequence[InductionPeriod]) -> list[RiabLine]:
    """The claims and the hub's finished periods of an induction, each recorded in RIAB or not (one query: the claims)."""
    claims = Claim.objects.filter(ect_period__teacher_id=induction.teacher_id, status__in=HANDED_OVER).order_by("induction_start_date", "pk")
    lines = [RiabLine(f"Claim from {long_date(claim.induction_start_date)}", claim.riab_recorded_at, claim.riab_error) for claim in claims]
    for period in periods:
        if period.finished_on is None or period.other_appropriate_body:
            continue
        if period.outcome == Outcome.FAIL:
            lines.append(RiabLine(f"Fail on {long_date(period.finished_on)}", None, by_hand=True))
        else:
            what = "Pass" if period.outcome == Outcome.PASS else "Release"
            lines.append(RiabLine(f"{what} on {long_date(period.finished_on)}", period.riab_recorded_at, period.riab_error))
    return lines


# --- RIAB's error file -------------------------------------------------------------------------

ERROR_FILES = {
    kind: CsvFormat(
        headings=(*headings, ERROR_HEADING),
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        no_rows="The selected file has no rows in it: RIAB refused nothing",
        headings_intro="The selected file must be RIAB's error file, with its headings",
    )
    for kind, headings in (("claims", CLAIM_HEADINGS), ("actions", ACTION_HEADINGS))
}


def read_error_file(filename: str, size: int, data: bytes) -> tuple[str, list[CsvRow]]:
    """Which hand-over the error file answers ("claims" or "actions", by its headings) and its rows."""
    check_file(ERROR_FILES["claims"], filename, size)
    text = decode(data)
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    kind = "actions" if "outcome" in {heading_key(cell) for cell in first_line.split(",")} else "claims"
    return kind, read_rows(ERROR_FILES[kind], text)


@dataclass(frozen=True)
class Refusal:
    line: int
    trn: str
    message: str
    # The teacher's name when the row matched a hand-over; "" when nothing here matched it.
    name: str = ""


def _trn(cell: str) -> str:
    # As RIAB matches its error rows back (`sanitised_trn`): the digits, at most seven.
    return "".join(ch for ch in cell if ch.isdigit())[:7]


def _iso(cell: str) -> date | None:
    try:
        return date.fromisoformat(cell)
    except ValueError:
        return None


def import_error_file(kind: str, rows: Sequence[CsvRow], *, actor: User) -> list[Refusal]:
    """Put the rows RIAB refused back to "not recorded", with its reason; one query per kind, not per row."""
    trns = {_trn(row["TRN"]) for row in rows}
    refusals = []
    with transaction.atomic():
        if kind == "claims":
            recorded = (Claim.objects.select_for_update(of=("self",)).filter(status__in=HANDED_OVER, riab_recorded_at__isnull=False,
                                                                          ect_period__teacher__trn__in=trns)
                        .select_related("ect_period__teacher").order_by("riab_recorded_at", "pk"))
            latest = {claim.ect_period.teacher.trn: claim for claim in recorded}
        else:
            recorded = (InductionPeriod.objects.select_for_update(of=("self",))
                        .filter(riab_recorded_at__isnull=False, induction__teacher__trn__in=trns)
                        .select_related("induction__teacher").order_by("riab_recorded_at", "pk"))
            latest = {period.induction.teacher.trn: period for period in recorded}
        put_back = []
        for row in rows:
            trn, message = _trn(row["TRN"]), row[ERROR_HEADING] or "RIAB gave no reason"
            record = latest.get(trn)
            if record is None:
                refusals.append(Refusal(row.line, row["TRN"], message))
                continue
            record.riab_recorded_at, record.riab_recorded_by, record.riab_error = None, None, message
            teacher = record.ect_period.teacher if kind == "claims" else record.induction.teacher
            if kind == "claims" and (born := _iso(row["Date of birth"])):
                # RIAB sends the date back in its file: kept sealed again for the corrected upload.
                record.date_of_birth_sealed = seal(born.isoformat())
            put_back.append(record)
            refusals.append(Refusal(row.line, trn, message, teacher.full_name))
        if kind == "claims":
            bulk_update_with_history(put_back, Claim, ["riab_recorded_at", "riab_recorded_by", "riab_error", "date_of_birth_sealed"],
                                     default_user=actor)
            refresh_riab_for_claims(claim.pk for claim in put_back)
        else:
            bulk_update_with_history(put_back, InductionPeriod, ["riab_recorded_at", "riab_recorded_by", "riab_error"],
                                     default_user=actor)
            refresh_riab_outstanding(period.induction_id for period in put_back)
    return refusals

