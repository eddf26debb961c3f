"""Claims: opened by registration, checked and decided by AB staff.

Registration opens a pending claim (REGN-001: the school notifies the AB). AB staff
check the teacher's record and either accept it — the induction period opens on the
start date the AB sets (REGN-002), or on that day if it is still ahead — or reject it
with a reason the induction tutor reads. Every refusal names the rule it enforces.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from appropriate_body.assessments.assessments import sync_schedule
from appropriate_body.claims.state import refresh_claim_state
from appropriate_body.inductions.contacts import contact_problem
from appropriate_body.inductions.state import refresh_induction_state
from appropriate_body.models import CLAIMABLE_INDUCTION_STATUSES, Claim, Induction, InductionPeriod, TRSInductionStatus
from appropriate_body.riab.state import refresh_riab_for_claims
from hubportal.lib.dates import long_date
from hubportal.lib.sealed import seal
from participants.models import ECTAtSchoolPeriod, User

# IND-005 (and §9.3: 1 September 2021 itself is accepted, as IND-003 says "on or after").
ECTE_ROLLOUT_DATE = date(2021, 9, 1)


def open_claims(periods: Sequence[ECTAtSchoolPeriod], *, actor: User | None,
                dates_of_birth: Sequence[date | None] | None = None) -> list[Claim]:
    """One pending claim per period, in one insert however many periods (the CSV import).

    `dates_of_birth`, one per period, are kept sealed for RIAB's bulk upload (RULES.md, the
    exception to ID-DOB-002) until the claim is recorded there or the retention rule erases them.
    """
    births = list(dates_of_birth) if dates_of_birth is not None else [None] * len(periods)
    claims = [
        Claim(
            ect_period=period,
            proposed_start_date=period.started_on,
            training_programme=period.training_programme,
            date_of_birth_sealed=seal(born.isoformat()) if born else "",
            created_by=actor,
        )
        for period, born in zip(periods, births, strict=True)
    ]
    with transaction.atomic():
        made = bulk_create_with_history(claims, Claim, default_user=actor)
        refresh_claim_state(period.pk for period in periods)
    return made


@dataclass(frozen=True)
class RecordCheck:
    """What the teacher's record (TRS) shows, as AB staff found it (or a TRS client will)."""

    qts_awarded_on: date | None
    induction_status: str
    has_active_prohibition: bool
    other_appropriate_body: str = ""
    itt_provider_ukprn: str = ""


@dataclass(frozen=True)
class Blocker:
    rule_id: str
    # The form field the problem belongs to (None: the claim as a whole).
    field: str | None
    message: str



def claim_blockers(claim: Claim, check: RecordCheck, *, start_date: date, induction: Induction | None) -> list[Blocker]:
    """Every reason the hub cannot claim this ECT from `start_date`; empty when it can."""
    blockers = []
    if check.qts_awarded_on is None:
        blockers.append(Blocker("ELIG-003", "qts_awarded_on", "The teacher record shows no QTS award, so induction cannot start"))
    elif start_date < check.qts_awarded_on:
        blockers.append(Blocker("ELIG-004", "start_date", f"Start date cannot be before QTS award date ({long_date(check.qts_awarded_on)})"))
    if check.induction_status not in CLAIMABLE_INDUCTION_STATUSES:
        label = TRSInductionStatus(check.induction_status).label.lower() if check.induction_status in TRSInductionStatus.values else "an unknown"
        blockers.append(Blocker("ELIG-007", "induction_status", f"The teacher record shows induction status “{label}”, so they cannot be claimed"))
    if check.has_active_prohibition:
        blockers.append(Blocker("ELIG-008", "has_active_prohibition", "The teacher is prohibited from teaching, so they cannot be claimed"))
    if check.other_appropriate_body.strip():
        blockers.append(Blocker("REGN-006", "other_appropriate_body",
                                f"{check.other_appropriate_body.strip()} holds this ECT's induction: they must release the ECT first"))
    if start_date < ECTE_ROLLOUT_DATE:
        blockers.append(Blocker("IND-005", "start_date", "Induction start date must be on or after 1 September 2021"))
    if check.itt_provider_ukprn.strip() and check.itt_provider_ukprn.strip() in settings.HUB_ITT_PROVIDER_UKPRNS:
        blockers.append(Blocker("AB-004", "itt_provider_ukprn",
                                "The hub recommended this teacher for QTS as their ITT provider, so it cannot be their appropriate body"))
    if _served_at_lead_school(claim):
        blockers.append(Blocker("AB-005", None,
                                "The teacher works or has served induction at the hub's lead school, so the hub cannot be their appropriate body"))
    blockers += _period_blockers(induction, start_date)
    return blockers


def _served_at_lead_school(claim: Claim) -> bool:
    """AB-005: employed at, or ever registered at, the TSH lead school."""
    urn = settings.HUB_LEAD_SCHOOL_URN
    if not urn:
        return False
    teacher_id = claim.ect_period.teacher_id
    return ECTAtSchoolPeriod.objects.filter(teacher_id=teacher_id, school__urn=urn).exists()


def _period_blockers(induction: Induction | None, start_date: date) -> list[Blocker]:
    """REGN-006/REGN-007/RIAB-005 against the periods already recorded; ELIG-005 against an outcome."""
    if induction is None:
        return []
    blockers = []
    periods = list(induction.periods.all())
    if any(p.outcome for p in periods):
        blockers.append(Blocker("ELIG-005", None, "This teacher already has an induction outcome, so their induction cannot restart"))
    if any(p.finished_on is None for p in periods):
        blockers.append(Blocker("REGN-006", None, "The hub already has an open induction period for this ECT"))
    finished = [p.finished_on for p in periods if p.finished_on]
    if finished and start_date <= max(finished):
        blockers.append(Blocker("REGN-007", "start_date", f"Enter a start date after the last induction period finished ({long_date(max(finished))})"))
    return blockers


def _refuse(blockers: list[Blocker]) -> None:
    if blockers:
        errors: dict = {}
        for blocker in blockers:
            errors.setdefault(blocker.field or "__all__", []).append(blocker.message)
        raise ValidationError(errors)


def _locked_claim(claim: Claim, *statuses: str) -> Claim:
    claim = Claim.objects.select_for_update().select_related("ect_period").get(pk=claim.pk)
    if claim.status not in statuses:
        raise ValidationError(f"This claim is already {claim.get_status_display().lower()}, so it cannot be decided again")
    return claim


def accept_claim(claim: Claim, check: RecordCheck, *, start_date: date, actor: User, today: date,
                 named_contact: User | None = None) -> Claim:
    """Accept: the induction period opens on `start_date`, or on that day when it is still ahead.

    REGN-004: the ECT gets a named contact at the AB, `named_contact` or else the AB staff member
    accepting. An ECT who already has one (a transfer in) keeps theirs: it is the person they know.
    """
    contact = named_contact or actor
    with transaction.atomic():
        claim = _locked_claim(claim, Claim.Status.PENDING)
        induction, _ = Induction.objects.get_or_create(teacher_id=claim.ect_period.teacher_id)
        # Locked so two claims for one teacher cannot both open a period (the check counts periods).
        induction = Induction.objects.select_for_update().get(pk=induction.pk)
        blockers = claim_blockers(claim, check, start_date=start_date, induction=induction)
        if induction.named_contact_id is None and (problem := contact_problem(contact, teacher_id=induction.teacher_id)):
            blockers.append(Blocker("REGN-004", "named_contact", problem))
        _refuse(blockers)
        if induction.named_contact_id is None:
            induction.named_contact = contact
            induction._history_user = actor
            induction.save(update_fields=["named_contact"])
        _record(claim, check, actor=actor)
        claim.induction_start_date, claim.decided_at, claim.decided_by = start_date, timezone.now(), actor
        if start_date <= today:
            _open_period(claim, induction, actor=actor)
            claim.status = Claim.Status.ACCEPTED
        else:
            claim.status = Claim.Status.SCHEDULED
        claim._history_user = actor
        claim.save()
        refresh_claim_state([claim.ect_period_id])
        refresh_riab_for_claims([claim.pk])
    return claim


def note_record_check(claim: Claim, check: RecordCheck, *, read_at: datetime) -> Claim:
    """What the Teaching Record System answered (at registration, or asked again), kept on the claim with
    the time it was read and no member of AB staff as checker, so the AB's claim page starts from it
    rather than from retyping. AB staff still confirm it when they accept."""
    _record(claim, check, actor=None, at=read_at)
    claim.save(update_fields=["qts_awarded_on", "trs_induction_status", "has_active_prohibition", "other_appropriate_body",
                              "itt_provider_ukprn", "checked_at", "checked_by"])
    return claim


def _record(claim: Claim, check: RecordCheck, *, actor: User | None, at: datetime | None = None) -> None:
    claim.qts_awarded_on, claim.trs_induction_status = check.qts_awarded_on, check.induction_status
    claim.has_active_prohibition = check.has_active_prohibition
    claim.other_appropriate_body, claim.itt_provider_ukprn = check.other_appropriate_body.strip(), check.itt_provider_ukprn.strip()
    claim.checked_at, claim.checked_by = at or timezone.now(), actor


def _open_period(claim: Claim, induction: Induction, *, actor: User | None) -> InductionPeriod:
    school_period = claim.ect_period
    period = InductionPeriod(
        induction=induction, school_id=school_period.school_id, ect_period=school_period, claim=claim,
        started_on=claim.induction_start_date, fte=school_period.fte or Decimal(1),
        training_programme=claim.training_programme, created_by=actor,
    )
    period._history_user = actor
    period.save()
    refresh_induction_state([induction.pk])
    sync_schedule(period)  # PR-001/FA-001: the reviews and assessments due in it
    return period


def _recorded_check(claim: Claim) -> RecordCheck:
    return RecordCheck(claim.qts_awarded_on, claim.trs_induction_status, bool(claim.has_active_prohibition),
                       claim.other_appropriate_body, claim.itt_provider_ukprn)


def start_scheduled_claims(*, today: date) -> list[Claim]:
    """Open the periods of claims accepted for a start date that has come (a daily beat job).

    Checked again first: anything that changed since (another AB's period, a school's
    report that it registered the ECT in error) sends the claim back to pending with the reason.
    """
    started = []
    for claim_id in Claim.objects.filter(status=Claim.Status.SCHEDULED, induction_start_date__lte=today).values_list("pk", flat=True):
        with transaction.atomic():
            claim = Claim.objects.select_for_update().select_related("ect_period").get(pk=claim_id)
            if claim.status != Claim.Status.SCHEDULED:
                continue
            induction = Induction.objects.select_for_update().get(teacher_id=claim.ect_period.teacher_id)
            blockers = claim_blockers(claim, _recorded_check(claim), start_date=claim.induction_start_date, induction=induction)
            if blockers:
                claim.status = Claim.Status.PENDING
                claim.status_reason = "Could not start on the day: " + "; ".join(b.message for b in blockers)
            else:
                _open_period(claim, induction, actor=claim.decided_by)
                claim.status = Claim.Status.ACCEPTED
                started.append(claim)
            claim.save(update_fields=["status", "status_reason"])
            refresh_claim_state([claim.ect_period_id])
            refresh_riab_for_claims([claim.pk])
    return started


def reject_claim(claim: Claim, *, reason: str, actor: User) -> Claim:
    """Reject with a reason the induction tutor reads; a scheduled claim can still be rejected before it starts."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason, which the school will see"})
    with transaction.atomic():
        claim = _locked_claim(claim, Claim.Status.PENDING, Claim.Status.SCHEDULED)
        claim.status, claim.status_reason = Claim.Status.REJECTED, reason.strip()
        claim.decided_at, claim.decided_by = timezone.now(), actor
        claim._history_user = actor
        claim.save()
        refresh_claim_state([claim.ect_period_id])
        refresh_riab_for_claims([claim.pk])
    return claim
