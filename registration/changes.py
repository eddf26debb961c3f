"""Changing an ECT's registration after it was made, and reading back who changed what.

Every change goes through one function here, saved with the person who made it as
the history user (django-simple-history), so the ECT's page can show who changed
what and when. The checks are registration's own (check_ect_fields, KnownTeachers,
check_mentor_fields): a name or an email refused at registration is refused here
with the same words.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from appropriate_body.claims.state import refresh_claim_state
from appropriate_body.inductions.state import refresh_for_ect_periods
from appropriate_body.models import Claim
from appropriate_body.riab.state import refresh_riab_for_claims
from hubportal.lib.dates import long_date
from hubportal.lib.history import HistoryEntry, change_entries, diffs, diffs_by_object, ordered, who
from participants.accounts.invitations import invite_teachers
from participants.models import (
    ECTAtSchoolPeriod,
    Invitation,
    LeadProvider,
    LeavingReason,
    MentorAtSchoolPeriod,
    Role,
    School,
    Teacher,
    TeacherTransfer,
    TrainingProgramme,
    User,
    WorkingPattern,
)
from registration.mentors import assign_mentor, register_mentor
from registration.teachers import EMAIL_IN_USE, ECTDetails, KnownTeachers, MentorDetails, check_ect_fields, check_mentor_fields

# Leaving reasons a school reports; the portal itself records moves (a new school's
# registration) and completed induction (the AB's outcome).
SCHOOL_LEAVING_REASONS = (LeavingReason.LEFT_SCHOOL, LeavingReason.REGISTERED_IN_ERROR)
# A school reports a leaver up to four months before they go (DfE's service allows the same window).
MAX_MONTHS_AHEAD = 4


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Oct + 4 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def has_finished(period: ECTAtSchoolPeriod, *, today: date) -> bool:
    """Left (the end date has passed) or completed induction: the record is then read-only."""
    return period.leaving_reason == LeavingReason.COMPLETED_INDUCTION or (
        period.finished_on is not None and period.finished_on < today
    )


def _refuse_if_finished(period: ECTAtSchoolPeriod, *, today: date) -> None:
    if has_finished(period, today=today):
        raise ValidationError({NON_FIELD_ERRORS: [
            f"{period.teacher.full_name} is no longer at this school, so their record cannot be changed"
        ]})


@dataclass(frozen=True)
class ECTChanges:
    """Everything on the "change details" page, as the tutor left it."""

    first_name: str
    last_name: str
    corrected_name: str
    email: str
    working_pattern: str
    training_programme: str
    fte: Decimal | None = None
    lead_provider_id: int | None = None

    @classmethod
    def of(cls, period: ECTAtSchoolPeriod) -> "ECTChanges":
        teacher = period.teacher
        return cls(
            first_name=teacher.first_name, last_name=teacher.last_name, corrected_name=teacher.corrected_name,
            email=teacher.email, working_pattern=period.working_pattern, training_programme=period.training_programme,
            fte=period.fte, lead_provider_id=period.lead_provider_id,
        )


def update_ect(period: ECTAtSchoolPeriod, changes: ECTChanges, *, actor: User, today: date) -> list[str]:
    """Apply `changes` to the ECT and their period; return the names of the fields that changed.

    Raises ValidationError by field (registration's messages); nothing is saved then.
    A new email address gets a fresh account invitation when the teacher has not
    set up an account yet, and the invitation sent to the old address stops working.
    """

    _refuse_if_finished(period, today=today)
    teacher = period.teacher
    email = changes.email.strip().lower()
    part_time = changes.working_pattern == WorkingPattern.PART_TIME
    provider_led = changes.training_programme == TrainingProgramme.PROVIDER_LED
    details = ECTDetails(
        trn=teacher.trn, first_name=changes.first_name, last_name=changes.last_name, email=email,
        started_on=period.started_on, working_pattern=changes.working_pattern,
        training_programme=changes.training_programme, corrected_name=changes.corrected_name,
        fte=changes.fte if part_time else None, lead_provider_id=changes.lead_provider_id if provider_led else None,
    )
    # A provider the hub has since stopped offering stays valid for ECTs already with it.
    providers = set(LeadProvider.objects.filter(is_active=True).values_list("pk", flat=True))
    if period.lead_provider_id is not None:
        providers.add(period.lead_provider_id)
    errors = check_ect_fields(details, today=today, lead_provider_ids=providers)
    # The start date is not changed here; its registration-time rule does not apply.
    errors.pop("started_on", None)
    if "email" not in errors and KnownTeachers([teacher.trn], [email], today=today).email_clash(email, teacher.trn):
        errors["email"] = EMAIL_IN_USE
    if errors:
        raise ValidationError(errors)

    teacher_values = {
        "first_name": details.first_name.strip(), "last_name": details.last_name.strip(),
        "corrected_name": details.corrected_name.strip(), "email": email,
    }
    period_values = {
        "working_pattern": details.working_pattern, "fte": details.fte,
        "training_programme": details.training_programme, "lead_provider_id": details.lead_provider_id,
    }
    changed_teacher = [name for name, value in teacher_values.items() if getattr(teacher, name) != value]
    changed_period = [name for name, value in period_values.items() if getattr(period, name) != value]
    with transaction.atomic():
        if changed_teacher:
            for name in changed_teacher:
                setattr(teacher, name, teacher_values[name])
            teacher._history_user = actor
            teacher.save(update_fields=changed_teacher)
        if changed_period:
            for name in changed_period:
                setattr(period, name, period_values[name])
            period._history_user = actor
            period.save(update_fields=changed_period)
        if "training_programme" in changed_period:
            # The AB has not decided yet: its pending claim should propose what the school now runs.
            for claim in period.claims.filter(status=Claim.Status.PENDING):
                claim.training_programme = period.training_programme
                claim._history_user = actor
                claim.save(update_fields=["training_programme"])
        if "email" in changed_teacher and teacher.user_id is None:
            # Only the newest address may claim the teacher's record through an invitation link.
            Invitation.objects.usable().filter(teacher=teacher).update(revoked_at=timezone.now())
            invite_teachers([teacher], role=Role.ECT, school=period.school, invited_by=actor)
    return [name.removesuffix("_id") for name in changed_teacher + changed_period]


def report_leaver(
    period: ECTAtSchoolPeriod, *, finished_on: date | None, reason: str, note: str, actor: User, today: date
) -> None:
    """Record that the ECT leaves the school on `finished_on`.

    Until that date passes the ECT shows as leaving, then as left (ect_status).
    Raises ValidationError by field; nothing is saved then.
    """

    _refuse_if_finished(period, today=today)
    if period.leaving_reason in (LeavingReason.MOVED_SCHOOL, LeavingReason.COMPLETED_INDUCTION):
        raise ValidationError({NON_FIELD_ERRORS: [
            f"{period.teacher.full_name} is moving to another school, which set the date they leave"
        ]})
    errors: dict[str, str] = {}
    if reason not in SCHOOL_LEAVING_REASONS:
        errors["reason"] = "Select why they are leaving"
    latest = add_months(today, MAX_MONTHS_AHEAD)
    if reason == LeavingReason.REGISTERED_IN_ERROR:
        # Someone registered in error for a start still months away must be removable now: their
        # start date itself is always an acceptable end.
        latest = max(latest, period.started_on)
    if finished_on is None:
        errors["finished_on"] = "Enter the date they leave or left the school"
    elif finished_on > latest:
        errors["finished_on"] = f"The end date must be no more than 4 months from today, on or before {long_date(latest)}"
    elif finished_on < period.started_on:
        errors["finished_on"] = f"The end date must be on or after the date they started, {long_date(period.started_on)}"
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        period.finished_on, period.leaving_reason, period.leaving_note = finished_on, reason, note.strip()
        period._history_user = actor
        period.save(update_fields=["finished_on", "leaving_reason", "leaving_note"])
        refresh_for_ect_periods([period.pk])
        if reason == LeavingReason.REGISTERED_IN_ERROR:
            # The school takes back its notification: the AB should not decide (or start) a claim made in error.
            withdrawn = list(period.claims.filter(status__in=[Claim.Status.PENDING, Claim.Status.SCHEDULED]))
            for claim in withdrawn:
                claim.status = Claim.Status.WITHDRAWN
                claim.status_reason = "The school reported that it registered this ECT in error"
                claim._history_user = actor
                claim.save(update_fields=["status", "status_reason"])
            refresh_claim_state([period.pk])
            # A scheduled claim was something still to hand over to RIAB.
            refresh_riab_for_claims(claim.pk for claim in withdrawn)


def change_mentor(
    period: ECTAtSchoolPeriod,
    *,
    actor: User,
    today: date,
    mentor: MentorAtSchoolPeriod | None = None,
    new_mentor: MentorDetails | None = None,
) -> MentorAtSchoolPeriod | TeacherTransfer:
    """Pair the ECT with a mentor already at the school, or with one registered now.

    A new mentor whom another school holds is not paired: the move that school is asked to confirm
    is returned instead (registration.transfers).

    A new mentor is enrolled in mentor training and invited by register_mentor.
    Raises ValidationError by field; nothing is saved then.
    """

    if (mentor is None) == (new_mentor is None):
        raise ValueError("Pass exactly one of mentor and new_mentor")
    _refuse_if_finished(period, today=today)
    with transaction.atomic():
        if new_mentor is not None:
            # ROLE-006: the mentor cannot be the ECT themself (checked on TRN, then on email).
            errors = check_mentor_fields(new_mentor, ect_trn=period.teacher.trn, ect_email=period.teacher.email)
            if errors:
                raise ValidationError(errors)
            mentor = register_mentor(period.school, new_mentor, actor=actor, today=today)
            if isinstance(mentor, TeacherTransfer):
                # Another school holds the mentor: they are paired once that school lets them come.
                return mentor
        assign_mentor(period, mentor, actor=actor, today=today)
    return mentor


def add_mentor(school: School, details: MentorDetails, *, actor: User, today: date) -> MentorAtSchoolPeriod | TeacherTransfer:
    """Register a mentor at the school before pairing them with anyone (or ask their current school: register_mentor)."""

    if MentorAtSchoolPeriod.objects.filter(school=school, teacher__trn=details.trn, finished_on__isnull=True).exists():
        raise ValidationError({"trn": "This teacher is already a mentor at this school"})
    return register_mentor(school, details, actor=actor, today=today)


# ----- History of changes ---------------------------------------------------------------

# Fields shown in the history, in display order, with the labels tutors read.
PERIOD_FIELDS = {
    "working_pattern": "Working pattern", "fte": "FTE", "training_programme": "Training programme",
    "lead_provider": "Lead provider", "mentor": "Mentor", "started_on": "Start date", "finished_on": "End date",
    "leaving_reason": "Reason for leaving", "leaving_note": "Note about leaving",
}
TEACHER_FIELDS = {"first_name": "First name", "last_name": "Last name", "corrected_name": "Corrected name", "email": "Email"}
CLAIM_FIELDS = {
    "status": "AB claim status", "status_reason": "AB's reason", "proposed_start_date": "Proposed start date",
    "training_programme": "Training programme on the claim",
}


def _names_for(pairs: list[tuple[object, list]]) -> dict:
    """Names for the mentors and lead providers the changes mention, in one query each."""

    wanted: dict[type, set] = {MentorAtSchoolPeriod: set(), LeadProvider: set()}
    for _, changes in pairs:
        for change in changes:
            model = {"mentor": MentorAtSchoolPeriod, "lead_provider": LeadProvider}.get(change.field)
            if model:
                wanted[model].update(v for v in (change.old, change.new) if v is not None)
    names = {}
    if wanted[MentorAtSchoolPeriod]:
        for mentor in MentorAtSchoolPeriod.objects.filter(pk__in=wanted[MentorAtSchoolPeriod]).select_related("teacher"):
            names[(MentorAtSchoolPeriod, mentor.pk)] = mentor.teacher.full_name
    if wanted[LeadProvider]:
        for provider in LeadProvider.objects.filter(pk__in=wanted[LeadProvider]):
            names[(LeadProvider, provider.pk)] = provider.name
    return names


def ect_history(period: ECTAtSchoolPeriod) -> list[HistoryEntry]:
    """Who changed what on this registration and when, newest first, in a fixed number of queries."""

    period_records = ordered(period.history)
    # The teacher's record outlives this school: show only what changed while they were registered here.
    teacher_records = ordered(period.teacher.history)
    claim_records = ordered(Claim.history.filter(ect_period_id=period.pk))

    period_pairs = diffs(period_records, PERIOD_FIELDS)
    teacher_pairs = [(record, changes) for record, changes in diffs(teacher_records, TEACHER_FIELDS)
                     if record.history_date >= period.created_at]
    claim_pairs = diffs_by_object(claim_records, CLAIM_FIELDS)
    names = _names_for(period_pairs)

    entries = [HistoryEntry(record.history_date, who(record), "Registered") for record in period_records if record.history_type == "+"]
    entries += [HistoryEntry(record.history_date, who(record), "AB claim opened") for record in claim_records if record.history_type == "+"]
    entries += change_entries(period_pairs, ECTAtSchoolPeriod, PERIOD_FIELDS, "Changed", names)
    entries += change_entries(teacher_pairs, Teacher, TEACHER_FIELDS, "Changed")
    entries += change_entries(claim_pairs, Claim, CLAIM_FIELDS, "AB claim updated")
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
