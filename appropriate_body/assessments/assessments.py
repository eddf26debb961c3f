"""Progress reviews and assessments: the schedule as rows, the tutor's record, the ECT's comments and the signatures.

The flow (domain-rules.md §2.10):

- progress review (PR-001..004): not started → in progress (the tutor drafts) → submitted. A review is a
  written record that goes to the AB and the ECT (PR-003); SG24 asks for no signatures, so submitting is
  done. The ECT may add comments afterwards; they are optional and do not hold the review up.
- formal, final and interim assessment (FA-001..009, INT-001): not started → in progress → waiting for
  the ECT's comments → waiting for signatures (FA-005: tutor, then headteacher, then ECT) → signed.
  [I] INT-001 names no sign-off order; the interim report follows FA-005's, as it goes to the AB and ECT.

Every refusal is a ValidationError a form can show. Each function locks the row it changes, so two
tabs (or a tutor and the headteacher) cannot both move it on.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from appropriate_body.access import is_confirmed_headteacher_of, is_ect_of, is_headteacher_of, is_tutor_of
from appropriate_body.assessments.awaiting import refresh_awaiting_review
from appropriate_body.assessments.not_on_track import refresh_not_on_track
from appropriate_body.assessments.notices import queue_notice
from appropriate_body.assessments.signers import (  # noqa: F401 (views read them here)
    SIGNER_NAMES,
    SIGNING_ORDER,
    Signer,
    next_signer,
    school_role_emails,
    school_tutor_emails,
    signature_conflict,
)
from appropriate_body.inductions.absence_schedule import schedule_with_absences
from appropriate_body.models import (
    Assessment,
    AssessmentKind,
    AssessmentReminder,
    AssessmentStatus,
    EvidenceFile,
    InductionPeriod,
    Standard,
    StandardJudgement,
)
from appropriate_body.models.assessments import DONE_STATUSES, MEETING_KINDS, OPEN_STATUSES  # noqa: F401 (views filter on them)
from appropriate_body.reviews.notices import signed_again
from appropriate_body.rules.deadlines import Deadline, DeadlineStatus, deadline_status, signed_report_due
from appropriate_body.rules.schedule import ScheduledItem, interim_assessment_due
from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR
from appropriate_body.rules.terms import terms_required
from hubportal.lib.dates import long_date
from hubportal.lib.outbox import requeue_stuck
from participants.accounts.roles import awaiting_confirmation_message
from participants.models import User

Status = AssessmentStatus
DRAFTING = (Status.NOT_STARTED, Status.IN_PROGRESS)
# The tutor may change the record while drafting it, and once the AB has returned it (appropriate_body.reviews).
EDITABLE = (*DRAFTING, Status.RETURNED)


# --- The schedule as rows -------------------------------------------------------------------------

def period_schedule(period: InductionPeriod) -> list[ScheduledItem]:
    """The period's whole schedule from its start, counting terms served in earlier periods (MIN-003)."""
    induction = period.induction
    earlier = induction.periods.filter(finished_on__isnull=False, started_on__lt=period.started_on)
    served = sum((p.number_of_terms for p in earlier), Decimal(0))
    # LEN-005/006: an agreed reduction counts as time already served, so the remaining reviews and the final
    # assessment come forward (LEN-006: reduced to 1 term, only the final assessment is left).
    required = terms_required(list(induction.extensions.values_list("terms", flat=True)))
    return schedule_with_absences(induction, period.started_on, period.fte, served_before=served + induction.reduction_terms,
                                  required=required)


def _key(kind: str, term_number: int) -> tuple:
    # The year-1 and final assessments happen once per period: an extension moves them to a later
    # term, and the row moves with them instead of a second one appearing.
    return (kind,) if kind != AssessmentKind.PROGRESS_REVIEW else (kind, term_number)


def sync_schedule(period: InductionPeriod) -> list[Assessment]:
    """Make the period's Assessment rows match its schedule; safe to run again at any time.

    Rows not started yet follow the schedule: their due dates move with an extension, and one the
    schedule dropped becomes `not_needed` (never deleted, REC-003). Started rows are the school's
    record and are never touched. Only the hub's own open periods are scheduled.
    """
    if period.finished_on is not None or period.other_appropriate_body:
        return []
    items = period_schedule(period)
    with transaction.atomic():
        rows = {_key(row.kind, row.term_number): row for row in Assessment.objects.select_for_update().filter(
            induction_period=period).exclude(kind=AssessmentKind.INTERIM_ASSESSMENT)}
        wanted = {_key(item.kind, item.term_number): item for item in items}
        for key, item in wanted.items():
            row = rows.get(key)
            if row is None:
                Assessment.objects.create(induction_id=period.induction_id, induction_period=period, kind=item.kind,
                                          term_number=item.term_number, due_on=item.due_on, rule_id=item.rule_id,
                                          due_before_absence=item.moved_from)
            elif row.status in (Status.NOT_STARTED, Status.NOT_NEEDED):
                row.term_number, row.due_on, row.status = item.term_number, item.due_on, Status.NOT_STARTED
                row.due_before_absence = item.moved_from
                row.save(update_fields=["term_number", "due_on", "status", "due_before_absence"])
        for key, row in rows.items():
            if key not in wanted and row.status == Status.NOT_STARTED:
                row.status = Status.NOT_NEEDED
                row.save(update_fields=["status"])
    return list(period.assessments.all())


def sync_open_period(induction_id: int) -> None:
    """After an extension (EXT-002): the open period's dates move on."""
    period = InductionPeriod.objects.filter(induction_id=induction_id, finished_on__isnull=True).first()
    if period is not None:
        sync_schedule(period)


def schedule_interim_on_release(period: InductionPeriod) -> Assessment | None:
    """INT-001: the ECT left after a term or more and before the next formal assessment: an interim is owed.

    Items due after the ECT left are no longer needed. The interim is due on the last day (SG24 2.63
    asks for it before the ECT leaves); it is owed even when that has passed.
    """
    schedule = period_schedule(period)
    employed = DEFAULT_CALENDAR.terms_between(period.started_on, period.finished_on)
    period.assessments.filter(status=Status.NOT_STARTED, due_on__gt=period.finished_on).update(status=Status.NOT_NEEDED)
    item = interim_assessment_due(period.finished_on, employed, schedule=schedule)
    if item is None:
        return None
    interim, _ = Assessment.objects.get_or_create(
        induction_period=period, kind=item.kind, term_number=item.term_number,
        defaults={"induction_id": period.induction_id, "due_on": item.due_on, "rule_id": item.rule_id},
    )
    return interim


# --- Who may do what (the reading scope is appropriate_body.access) ---------------------------------

def can_edit(user, assessment: Assessment) -> bool:
    """FA-001: the induction tutor (or the headteacher) carries it out, never the mentor unless also the tutor,
    and never the ECT it judges, whatever other role they hold at the school."""
    school_id = assessment.induction_period.school_id
    return (assessment.status in EDITABLE and (is_tutor_of(user, school_id) or is_headteacher_of(user, school_id))
            and not is_ect_of(user, assessment))


# --- The tutor's record -----------------------------------------------------------------------------

RECORD_FIELDS = ("meeting_on", "on_track", "evidence_summary", "targets", "support_plan", "headteacher_recommendation", "days_absent_since_last")


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("induction__teacher", "induction_period").get(pk=assessment.pk)


def _require_editor(assessment: Assessment, actor: User) -> None:
    if assessment.status not in EDITABLE:
        raise ValidationError(f"This {assessment.get_kind_display().lower()} was submitted, so it can no longer be changed")
    if not can_edit(actor, assessment):
        raise ValidationError("Only the school's induction tutor or headteacher can complete this record")


def meeting_date_errors(assessment: Assessment, meeting_on: date | None, *, today: date) -> dict[str, list[str]]:
    """A meeting that has happened, in the period being assessed: it starts DL-002's clock, so a date
    ahead would hide a late report and one before the period began belongs to another record."""
    if meeting_on is None or assessment.kind not in MEETING_KINDS:
        return {}
    if meeting_on > today:
        return {"meeting_on": ["The date of the assessment meeting cannot be in the future"]}
    started_on = assessment.induction_period.started_on
    if meeting_on < started_on:
        return {"meeting_on": [f"The date of the assessment meeting cannot be before the induction period started ({long_date(started_on)})"]}
    away = assessment.induction.absences.filter(started_on__lte=meeting_on, finished_on__gte=meeting_on).order_by("started_on").first()
    if away is not None:
        # FA-002: no formal assessment while the ECT is absent; wait until they return.
        return {"meeting_on": [f"The ECT was absent on {long_date(meeting_on)} (absence recorded from {long_date(away.started_on)} "
                               f"to {long_date(away.finished_on)}). Hold the formal assessment after they return (FA-002)"]}
    return {}


def save_draft(assessment: Assessment, *, record: Mapping, judgements: Mapping[str, tuple[bool | None, str]], actor: User,
               today: date | None = None) -> Assessment:
    """Keep what the tutor has written so far; nothing is checked for completeness until submitting,
    but a meeting date that cannot be right is refused now (meeting_date_errors).

    judgements: {standard code: (on track? or None when not judged yet, note)} for TS1–TS8 and P2.
    today: the local date the meeting may not be after (defaults to now).
    """
    unknown = set(judgements) - set(Standard.values)
    if unknown:
        raise ValidationError(f"Judge only against the Teachers' Standards, not {', '.join(sorted(unknown))}")
    today = today or timezone.localdate()
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_editor(assessment, actor)
        if errors := meeting_date_errors(assessment, record.get("meeting_on"), today=today):
            raise ValidationError(errors)
        for name in RECORD_FIELDS:
            if name in record:
                setattr(assessment, name, record[name])
        if assessment.kind != AssessmentKind.FINAL_ASSESSMENT:
            assessment.headteacher_recommendation = ""  # FA-004: the final report only
        if assessment.kind not in MEETING_KINDS:
            assessment.meeting_on = None  # FA-001: progress reviews and interim assessments have no meeting
        if assessment.status in DRAFTING:
            assessment.status = Status.IN_PROGRESS  # a returned report stays returned until resubmitted
        assessment._history_user = actor
        assessment.save()
        for standard, (on_track, note) in judgements.items():
            if on_track is None and not note.strip():
                continue
            if on_track is None:
                raise ValidationError({standard: [f"Say whether the ECT is on track against {standard} before adding a note"]})
            StandardJudgement.objects.update_or_create(assessment=assessment, standard=standard,
                                                       defaults={"on_track": on_track, "note": note.strip()})
    return assessment


def content_hash(assessment: Assessment) -> str:
    """A fingerprint of what the signers sign (FA-005): the record, the judgements and the ECT's comments.

    Evidence files are not in it: they are attached to the record, not signed as part of it, so a
    file the AB asked for does not call for new signatures.
    """
    record = {name: str(getattr(assessment, name)) for name in RECORD_FIELDS}
    record["ect_comments"] = assessment.ect_comments
    judgements = sorted(assessment.judgements.values_list("standard", "on_track", "note"))
    text = json.dumps({"record": record, "judgements": judgements}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def submission_errors(assessment: Assessment) -> dict[str, list[str]]:
    """Everything missing before the record can go on, each on its field (all at once, STYLE 3)."""
    errors: dict[str, list[str]] = {}
    judged = set(assessment.judgements.values_list("standard", flat=True))
    for standard in Standard.values:
        if standard not in judged:
            errors[standard] = [f"Say whether the ECT is on track against {standard}"]
    if assessment.on_track is None:
        errors["on_track"] = ["Say whether the ECT is on track to complete induction (PR-003)"]
    if not assessment.evidence_summary.strip():
        errors["evidence_summary"] = ["Summarise the evidence this judgement is based on"]
    if not assessment.targets.strip():
        errors["targets"] = ["Enter the development targets agreed with the ECT"]
    if assessment.on_track is False and not assessment.support_plan.strip():
        errors["support_plan"] = ["Enter the support plan: it is needed when the ECT is not on track (PR-004, FA-006)"]
    if assessment.kind in MEETING_KINDS and assessment.meeting_on is None:
        errors["meeting_on"] = ["Enter the date of the assessment meeting (FA-005)"]
    if assessment.kind == AssessmentKind.FINAL_ASSESSMENT and not assessment.headteacher_recommendation:
        errors["headteacher_recommendation"] = ["Select the headteacher's recommendation (FA-004)"]
    if assessment.kind == AssessmentKind.INTERIM_ASSESSMENT and assessment.days_absent_since_last is None:
        errors["days_absent_since_last"] = ["Enter the days absent since the last assessment, or 0 (INT-001)"]
    return errors


def _tell_whoever_is_next(assessment: Assessment) -> None:
    """In the step's transaction, so the notice exists exactly when the step does (sent on commit)."""
    queue_notice(assessment)


def submit(assessment: Assessment, *, actor: User, now: datetime) -> Assessment:
    """The tutor is done: a review goes to the AB and the ECT (PR-003); an assessment to the ECT for comments (FA-005)."""
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_editor(assessment, actor)
        if assessment.status == Status.RETURNED:
            raise ValidationError("The appropriate body returned this report: resubmit it to them")
        if errors := submission_errors(assessment):
            raise ValidationError(errors)
        assessment.submitted_at = now
        assessment.status = Status.SUBMITTED if assessment.is_progress_review else Status.AWAITING_ECT_COMMENTS
        assessment._history_user = actor
        assessment.save(update_fields=["submitted_at", "status"])
        if assessment.status == Status.SUBMITTED:  # a review reaches the AB now; an assessment once signed
            refresh_awaiting_review([assessment.pk])
        refresh_not_on_track([assessment.induction_id])  # recorded now, whether or not signed yet
        _tell_whoever_is_next(assessment)
    return assessment


def add_ect_comments(assessment: Assessment, *, comments: str, actor: User, now: datetime) -> Assessment:
    """FA-005: the ECT comments first (saying they have none is a comment). On a review they are optional (PR-003)."""
    with transaction.atomic():
        assessment = _locked(assessment)
        if not is_ect_of(actor, assessment):
            raise ValidationError("Only the ECT can add their comments")
        if assessment.is_progress_review:
            if assessment.status != Status.SUBMITTED:
                raise ValidationError("You can comment once your induction tutor has submitted the review")
        elif assessment.status != Status.AWAITING_ECT_COMMENTS:
            raise ValidationError("Your comments can only be added after the report is written and before it is signed")
        assessment.ect_comments, assessment.ect_commented_at = comments.strip(), now
        moves_on = assessment.status == Status.AWAITING_ECT_COMMENTS
        if moves_on:
            assessment.status = Status.AWAITING_SIGNATURES
        assessment._history_user = actor
        assessment.save(update_fields=["ect_comments", "ect_commented_at", "status"])
        # A review's comments are optional and change nobody's turn (PR-003).
        if moves_on:
            _tell_whoever_is_next(assessment)
    return assessment


# --- DL-002: the signed final report reaches the AB ---------------------------------------------------

def signed_report_deadline(assessment: Assessment) -> Deadline | None:
    """DL-002's clock, running from the final assessment meeting once the tutor has recorded its date.

    The final one only: FA-005 asks for the year-1 report "shortly after" its meeting, with no
    number of days to hold a school to.
    """
    if assessment.kind != AssessmentKind.FINAL_ASSESSMENT or assessment.meeting_on is None:
        return None
    return signed_report_due(assessment.meeting_on)


@dataclass(frozen=True)
class SignedReportDue:
    deadline: Deadline
    status: DeadlineStatus


def signed_report_status(assessment: Assessment, *, today: date) -> SignedReportDue | None:
    """DL-002 and how it stands: done on the day the last signature (the ECT's, FA-005) went in,
    which is the day the AB has the signed copy. From the row alone: no query, so lists can call it."""
    deadline = signed_report_deadline(assessment)
    if deadline is None:
        return None
    return SignedReportDue(deadline, deadline_status(deadline.due_on, today=today, done_on=assessment.done_on))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize would write "The ect"


def _may_sign_as(actor: User, as_role: str, assessment: Assessment) -> bool:
    school_id = assessment.induction_period.school_id
    return {Signer.TUTOR: lambda: is_tutor_of(actor, school_id), Signer.HEADTEACHER: lambda: is_headteacher_of(actor, school_id),
            Signer.ECT: lambda: is_ect_of(actor, assessment)}[as_role]()


def signing_refusal(actor: User, as_role: str, assessment: Assessment) -> str | None:
    """Why someone who holds the role may still not sign as it: one person, one signature (FA-005), and a
    headteacher role a tutor granted signs only once confirmed (participants.accounts.roles)."""
    if conflict := signature_conflict(assessment, as_role, actor_id=actor.pk, is_the_ect=is_ect_of(actor, assessment)):
        return conflict
    school = assessment.induction_period.school
    if as_role == Signer.HEADTEACHER and not is_confirmed_headteacher_of(actor, school.pk):
        return awaiting_confirmation_message(school)
    return None


def sign(assessment: Assessment, *, as_role: str, actor: User, now: datetime) -> Assessment:
    """FA-005: the ECT comments, then the induction tutor, the headteacher and the ECT sign, in that order."""
    if as_role not in SIGNING_ORDER:
        raise ValidationError("Sign as the induction tutor, the headteacher or the ECT")
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.is_progress_review:
            raise ValidationError("Progress reviews are not signed: the submitted record goes to the AB and the ECT (PR-003)")
        if not _may_sign_as(actor, as_role, assessment):
            raise ValidationError(f"Only {SIGNER_NAMES[as_role]} can sign here")
        # Checked under the row lock: two tabs cannot each add a signature by the same person.
        if refusal := signing_refusal(actor, as_role, assessment):
            raise ValidationError(refusal)
        if assessment.status in DRAFTING:
            raise ValidationError("The report is signed after the induction tutor has completed and submitted it")
        if assessment.status == Status.AWAITING_ECT_COMMENTS:
            raise ValidationError("The report is signed after the ECT has added their comments")
        if getattr(assessment, f"{as_role}_signed_at") is not None:
            raise ValidationError(f"{_capitalised(SIGNER_NAMES[as_role])} has already signed")
        waiting_for = next_signer(assessment)
        if waiting_for != as_role:
            raise ValidationError(f"{_capitalised(SIGNER_NAMES[as_role])} signs after {SIGNER_NAMES[waiting_for]}")
        setattr(assessment, f"{as_role}_signed_by", actor)
        setattr(assessment, f"{as_role}_signed_at", now)
        # What this signer signed; nothing can change between signatures, so one fingerprint serves all three.
        assessment.signed_content_hash = content_hash(assessment)
        if as_role == SIGNING_ORDER[-1]:
            assessment.status = Status.SIGNED
        assessment._history_user = actor
        assessment.save()
        _tell_whoever_is_next(assessment)
        if assessment.status == Status.SIGNED:
            refresh_awaiting_review([assessment.pk])  # the ECT's signature sends it to the AB
            signed_again(assessment)  # a returned report is back with the AB
    return assessment


# --- Evidence files ---------------------------------------------------------------------------------

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# What the first bytes of each allowed type look like: a renamed .exe is refused whatever its name says.
ALLOWED_EVIDENCE = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
TYPES_MESSAGE = "The file must be a PDF, Word document (DOCX), JPG or PNG"


def evidence_errors(upload) -> list[str]:
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    if upload.size == 0:
        return ["The selected file is empty"]
    if upload.size > MAX_EVIDENCE_BYTES:
        return ["The file must be smaller than 10 MB"]
    if suffix not in ALLOWED_EVIDENCE:
        return [TYPES_MESSAGE]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ALLOWED_EVIDENCE[suffix][1]):
        return [f"The file is not a real {suffix[1:].upper()} file: {TYPES_MESSAGE[0].lower()}{TYPES_MESSAGE[1:]}"]
    return []


def attach_evidence(assessment: Assessment, *, upload, actor: User) -> EvidenceFile:
    """FA-003: existing work as evidence, attached while the record is being written."""
    if errors := evidence_errors(upload):
        raise ValidationError({"file": errors})
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_editor(assessment, actor)
        name = PurePosixPath(upload.name).name[-200:]
        evidence = EvidenceFile(assessment=assessment, original_name=name, size=upload.size,
                                content_type=ALLOWED_EVIDENCE[PurePosixPath(name).suffix.lower()][0], uploaded_by=actor)
        evidence.file.save(name, upload, save=False)
        evidence._history_user = actor
        evidence.save()
    return evidence



# --- Reminders to the school's induction tutors (REC-001: the AB chases what is late) ---------------

REMINDER_LEAD = timedelta(days=7)
Reminder = AssessmentReminder.Kind


def reminders_due(*, today: date) -> list[AssessmentReminder]:
    """A week before, on the day and once overdue, each at most once per assessment.

    An assessment first seen inside a window gets that window's reminder only (one found three days
    before its date gets "a week before" now, then "due today"; one found overdue gets "overdue").
    """
    # A returned report is chased by the return's own email (appropriate_body.reviews), not these.
    still_open = Assessment.objects.filter(status__in=OPEN_STATUSES).exclude(status=Status.RETURNED)
    windows = {
        Reminder.WEEK_BEFORE: still_open.filter(due_on__gt=today, due_on__lte=today + REMINDER_LEAD),
        Reminder.DUE_TODAY: still_open.filter(due_on=today),
        Reminder.OVERDUE: still_open.filter(due_on__lt=today),
    }
    return [AssessmentReminder(assessment_id=pk, kind=kind)
            for kind, assessments in windows.items()
            for pk in assessments.exclude(reminders__kind=kind).order_by("pk").values_list("pk", flat=True)]


def queue_reminders(*, today: date) -> int:
    """Queue the day's reminders and send every queued one in chunks (a daily beat job).

    The unique (assessment, kind) is what makes each reminder once: a second run, or a concurrent one,
    finds them made (ignore_conflicts). Claims in deliver() stop a row being sent twice.
    """
    new = reminders_due(today=today)
    AssessmentReminder.objects.bulk_create(new, ignore_conflicts=True)
    requeue_stuck(AssessmentReminder, queued_before=timedelta(0))
    return len(new)


