"""Moves between schools: a registration for a teacher whom another school holds.

Who a teacher is (name, email, account) changes only by someone who manages their current school,
hub staff, or the teacher (DESIGN "Identity is never changed from outside"). So a school that
registers, as an ECT or a mentor, a TRN that another school holds does not change the teacher: it
asks for a move. The current school gets one email and sees the move on its ECT and mentor pages,
the AB sees it on its to-do list, and it takes effect only when

- the current school confirms the day the teacher leaves them, or
- the start date at the new school has come and the current school had NOTICE to object,

unless the current school disputes it (hub staff then decide) or the new school withdraws it. When
it takes effect the new school's registration is made from the answers kept on the transfer; any
account invitation goes to the email on record, never to one the new school typed.
"""

import logging
from datetime import date, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from appropriate_body.claims.claims import open_claims
from appropriate_body.inductions.state import refresh_for_ect_periods
from hubportal.lib.dates import academic_year_of, long_date
from hubportal.lib.queue import queue_chunks_on_commit, queue_on_commit
from participants import access
from participants.accounts.invitations import invite_teachers
from participants.models import (
    ECTAtSchoolPeriod,
    LeavingReason,
    MentorAtSchoolPeriod,
    Role,
    School,
    Teacher,
    TeacherTransfer,
    TrainingProgramme,
    User,
    WorkingPattern,
    active_on,
)
from programmes.cohorts.cohorts import cohort_for, ecte_stage_for, enrol
from programmes.models import Enrolment, Strand

logger = logging.getLogger(__name__)

Status = TeacherTransfer.Status
Kind = TeacherTransfer.Kind
OPEN = (Status.PENDING, Status.DISPUTED)

# The current school always has this long to confirm or object before a move takes effect by itself.
NOTICE = timedelta(days=14)

# What the registering school is told, without naming the other school or anything it holds.
ELSEWHERE = ("This teacher is registered at another school. Registering them here will ask that school to "
             "confirm the move; nothing changes until it does or their start date here has passed.")
REQUESTED = ("This teacher is registered at another school, so we have asked that school to confirm the move. "
             "They will appear here once it takes effect.")
MENTOR_REQUESTED = ("The mentor you added is registered at another school, so we have asked that school to confirm. "
                    "Assign them to this ECT once they appear on your mentors page.")


def current_school_elsewhere(teacher: Teacher, school: School, *, today: date, kind: str) -> School | None:
    """The school that holds `teacher` today, when it is not `school` (None: nobody else holds them).

    For an ECT registration an open ECT period elsewhere always counts (it is a move); otherwise any
    spell running today at another school counts, unless the teacher is also at `school` already.
    """
    return schools_holding([teacher], school, today=today, kind=kind).get(teacher.pk)


def may_change_identity(teacher: Teacher | None, school: School, *, actor: User | None, today: date) -> bool:
    """Whether a registration at `school` by `actor` may set the teacher's name and email."""
    if teacher is None or teacher.pk is None:
        return True
    return teacher.pk in identities_school_may_change([teacher], school, actor=actor, today=today)


def request_transfer(
    teacher: Teacher, from_school: School, to_school: School, *, kind: str, started_on: date, actor: User | None,
    working_pattern: str = "", fte=None, training_programme: str = "", lead_provider_id: int | None = None,
    mentor: MentorAtSchoolPeriod | None = None,
) -> TeacherTransfer:
    """Ask `from_school` to let `teacher` move to `to_school`; the same open request is returned, not doubled.

    Call inside the registration's transaction: the email to the current school is queued when it commits.
    """
    existing = TeacherTransfer.objects.filter(
        teacher=teacher, to_school=to_school, kind=kind, status__in=[Status.PENDING, Status.DISPUTED]
    ).first()
    if existing:
        return existing
    transfer = TeacherTransfer(
        teacher=teacher, kind=kind, from_school=from_school, to_school=to_school, started_on=started_on,
        working_pattern=working_pattern, fte=fte if working_pattern == WorkingPattern.PART_TIME else None,
        training_programme=training_programme,
        lead_provider_id=lead_provider_id if training_programme == TrainingProgramme.PROVIDER_LED else None,
        mentor=mentor, requested_by=actor,
    )
    transfer._history_user = actor
    transfer.save()
    queue_on_commit("registration.tasks.send_transfer_notices", [transfer.pk])
    return transfer


def schools_holding(teachers: list[Teacher], school: School, *, today: date, kind: str) -> dict[int, School]:
    """Where each of `teachers` is held today, when not at `school` (current_school_elsewhere's rule), in two
    queries: teacher id -> the other school that holds them."""
    ids = [teacher.pk for teacher in teachers if teacher.pk]
    if not ids:
        return {}
    ect_periods = ECTAtSchoolPeriod.objects.filter(active_on(today), teacher_id__in=ids).select_related("school")
    mentor_periods = MentorAtSchoolPeriod.objects.filter(active_on(today), teacher_id__in=ids).select_related("school")
    periods_of: dict[int, list] = {}
    for period in [*ect_periods, *mentor_periods]:
        periods_of.setdefault(period.teacher_id, []).append(period)
    holding = {}
    for teacher_id, periods in periods_of.items():
        other_ect = next((p for p in periods if isinstance(p, ECTAtSchoolPeriod) and p.school_id != school.pk), None)
        if kind == Kind.ECT and other_ect:
            holding[teacher_id] = other_ect.school
        elif not any(period.school_id == school.pk for period in periods):
            holding[teacher_id] = periods[0].school
    return holding


def identities_school_may_change(teachers: list[Teacher], school: School, *, actor: User | None, today: date) -> set[int]:
    """The ids of `teachers` whose name and email a registration at `school` by `actor` may set, in at most
    two queries: hub staff may set anyone's; a school, those of the teachers it holds today."""
    ids = {teacher.pk for teacher in teachers if teacher.pk}
    if not ids or (actor is not None and access.is_hub_staff(actor)):
        return ids
    here = (set(ECTAtSchoolPeriod.objects.filter(active_on(today), teacher_id__in=ids, school=school).values_list("teacher_id", flat=True))
            | set(MentorAtSchoolPeriod.objects.filter(active_on(today), teacher_id__in=ids, school=school)
                  .values_list("teacher_id", flat=True)))
    return here


def request_transfers(transfers: list[TeacherTransfer], *, actor: User | None) -> list[TeacherTransfer]:
    """`request_transfer` for many unsaved moves of one kind into one school (a CSV upload), in a fixed number of
    queries; a teacher who already has an open request into that school keeps it. Call inside the transaction."""
    if not transfers:
        return []
    kind, to_school = transfers[0].kind, transfers[0].to_school
    already = set(TeacherTransfer.objects.filter(
        teacher__in=[t.teacher for t in transfers], to_school=to_school, kind=kind,
        status__in=[Status.PENDING, Status.DISPUTED],
    ).values_list("teacher_id", flat=True))
    new = [t for t in transfers if t.teacher.pk not in already]
    for transfer in new:
        transfer.requested_by = actor
        if transfer.working_pattern != WorkingPattern.PART_TIME:
            transfer.fte = None
        if transfer.training_programme != TrainingProgramme.PROVIDER_LED:
            transfer.lead_provider_id = None
    saved = bulk_create_with_history(new, TeacherTransfer, default_user=actor)
    queue_chunks_on_commit("registration.tasks.send_transfer_notices", [t.pk for t in saved])
    return saved


def takes_effect_on(transfer: TeacherTransfer) -> date:
    """The day a move nobody answered takes effect by itself."""
    return max(transfer.started_on, timezone.localdate(transfer.created_at) + NOTICE)


# -- who sees them ---------------------------------------------------------------------------------


def open_transfers() -> QuerySet[TeacherTransfer]:
    return (TeacherTransfer.objects.filter(status__in=[Status.PENDING, Status.DISPUTED])
            .select_related("teacher", "from_school", "to_school").order_by("started_on", "pk"))


def transfers_of(school: School, *, kind: str) -> QuerySet[TeacherTransfer]:
    """Open moves of `kind` away from `school` (its own teacher: it sees the name it holds and the other
    school) and into it (it sees the TRN it typed and the dates, nothing the other school holds)."""
    return open_transfers().filter(Q(from_school=school) | Q(to_school=school), kind=kind)


# -- answering -------------------------------------------------------------------------------------


def _locked_open(transfer: TeacherTransfer) -> TeacherTransfer:
    locked = TeacherTransfer.objects.select_for_update().get(pk=transfer.pk)
    if not locked.is_open:
        raise ValidationError({NON_FIELD_ERRORS: [f"This move is already {locked.get_status_display().lower()}"]})
    return locked


def _decide(transfer: TeacherTransfer, actor: User | None, **values) -> None:
    for name, value in {**values, "decided_by": actor, "decided_at": timezone.now()}.items():
        setattr(transfer, name, value)
    transfer._history_user = actor
    transfer.save()


def confirm_transfer(transfer: TeacherTransfer, *, leaving_on: date | None, actor: User, today: date) -> TeacherTransfer:
    """The current school agrees: for an ECT, they leave it on `leaving_on`; the move takes effect now."""
    errors = {}
    if transfer.kind == Kind.ECT:
        if leaving_on is None:
            errors["leaving_on"] = "Enter the date they leave your school"
        else:
            current = _current_ect_period(transfer)
            if current and leaving_on < current.started_on:
                errors["leaving_on"] = f"The date they leave must be on or after they started, {long_date(current.started_on)}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_open(transfer)
        _take_effect(locked, actor=actor, today=today, leaving_on=leaving_on if transfer.kind == Kind.ECT else None)
    return locked


def dispute_transfer(transfer: TeacherTransfer, *, reason: str, actor: User) -> TeacherTransfer:
    """The current school says this is not their teacher's move: it stops until hub staff decide."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why this move is wrong, for example that the teacher has not left"})
    with transaction.atomic():
        locked = _locked_open(transfer)
        _decide(locked, actor, status=Status.DISPUTED, dispute_reason=reason.strip())
    return locked


def withdraw_transfer(transfer: TeacherTransfer, *, actor: User) -> TeacherTransfer:
    """The new school (or hub staff) takes the request back; nothing was changed, so nothing is undone."""
    with transaction.atomic():
        locked = _locked_open(transfer)
        _decide(locked, actor, status=Status.WITHDRAWN)
    return locked


def complete_due_transfers(*, today: date) -> list[TeacherTransfer]:
    """The daily job: pending moves whose day has come take effect (a disputed one waits for hub staff)."""
    done = []
    for transfer in TeacherTransfer.objects.filter(status=Status.PENDING, started_on__lte=today).order_by("pk"):
        if takes_effect_on(transfer) > today:
            continue
        try:
            with transaction.atomic():
                locked = TeacherTransfer.objects.select_for_update().get(pk=transfer.pk)
                if locked.status == Status.PENDING:
                    _take_effect(locked, actor=None, today=today, leaving_on=None)
                    done.append(locked)
        except ValidationError as refused:
            # One move that cannot take effect must not hold back the others due today.
            logger.warning("Move %s did not take effect: %s", transfer.pk, " ".join(refused.messages))
    return done


# -- taking effect ---------------------------------------------------------------------------------


def _current_ect_period(transfer: TeacherTransfer) -> ECTAtSchoolPeriod | None:
    return ECTAtSchoolPeriod.objects.filter(teacher=transfer.teacher, school=transfer.from_school).filter(
        active_on(transfer.started_on) | active_on(timezone.localdate())
    ).order_by("-started_on").first()


def _take_effect(transfer: TeacherTransfer, *, actor: User | None, today: date, leaving_on: date | None) -> None:
    teacher = transfer.teacher
    if transfer.kind == Kind.ECT:
        started_on = transfer.started_on
        for old in ECTAtSchoolPeriod.objects.filter(teacher=teacher, school=transfer.from_school).filter(
                active_on(min(started_on, today))):
            # The old school's period ends the day before the new one starts (or when the school said).
            finished_on = max(leaving_on or started_on - timedelta(days=1), old.started_on)
            if old.finished_on is None or old.finished_on > finished_on:
                old.finished_on = finished_on
            old.leaving_reason = LeavingReason.MOVED_SCHOOL
            old._history_user = actor
            old.save(update_fields=["finished_on", "leaving_reason"])
            refresh_for_ect_periods([old.pk])
            started_on = max(started_on, old.finished_on + timedelta(days=1))
        if ECTAtSchoolPeriod.objects.filter(teacher=teacher, finished_on__isnull=True).exists():
            raise ValidationError({NON_FIELD_ERRORS: [
                "This teacher is at another school now, so this move is for that school to answer"]})
        period = ECTAtSchoolPeriod(
            teacher=teacher, school=transfer.to_school, started_on=started_on, working_pattern=transfer.working_pattern,
            fte=transfer.fte, training_programme=transfer.training_programme, lead_provider_id=transfer.lead_provider_id,
            registered_by=transfer.requested_by,
        )
        period._history_user = actor
        period.save()
        year = academic_year_of(started_on)
        enrol(teacher, cohort_for(Strand.ECTE, year, ecte_stage_for(teacher, year)),
              school=transfer.to_school, enrolled_on=started_on, actor=actor)
        open_claims([period], actor=transfer.requested_by)
        mentor = transfer.mentor
        if mentor and mentor.school_id == period.school_id and mentor.is_active_on(today) and mentor.teacher_id != teacher.pk:
            period.mentor = mentor
            period.save(update_fields=["mentor"])
        invite_teachers([teacher], role=Role.ECT, school=transfer.to_school, invited_by=transfer.requested_by)
        _decide(transfer, actor, status=Status.DONE, leaving_on=leaving_on, ect_period=period)
        _ask_the_new_school_instead(transfer, actor=actor)
    else:
        period = MentorAtSchoolPeriod(teacher=teacher, school=transfer.to_school, started_on=max(transfer.started_on, today),
                                      registered_by=transfer.requested_by)
        period._history_user = actor
        period.save()
        if not Enrolment.objects.filter(teacher=teacher, cohort__programme__strand=Strand.ECTE_MENTOR).exists():
            enrol(teacher, cohort_for(Strand.ECTE_MENTOR, academic_year_of(today)),
                  school=transfer.to_school, enrolled_on=today, actor=actor)
        invite_teachers([teacher], role=Role.MENTOR, school=transfer.to_school, invited_by=transfer.requested_by)
        _decide(transfer, actor, status=Status.DONE, mentor_period=period)


def _ask_the_new_school_instead(done: TeacherTransfer, *, actor: User | None) -> None:
    """Another school's request for the same ECT now concerns the school they moved to: it is asked afresh."""
    for other in TeacherTransfer.objects.filter(teacher=done.teacher, kind=Kind.ECT, status__in=OPEN,
                                                from_school=done.from_school).exclude(pk=done.pk):
        other.status, other.dispute_reason = Status.PENDING, ""
        _ask(other, done.to_school, actor=actor)


def _ask(transfer: TeacherTransfer, school: School, *, actor: User | None) -> None:
    """`school` holds the teacher now and answers the move: a pending one is put to its managers with the full
    notice (a disputed one waits for hub staff as before)."""
    transfer.from_school = school
    if transfer.status == Status.PENDING:
        transfer.email_state, transfer.email_claimed_at, transfer.email_sent_at, transfer.email_error = (
            TeacherTransfer.EmailState.QUEUED, None, None, "")
        transfer.created_at = timezone.now()
        queue_on_commit("registration.tasks.send_transfer_notices", [transfer.pk])
    transfer._history_user = actor
    transfer.save()


# -- when the current school closes ----------------------------------------------------------------


def carry_to_successor(closed: School, successor: School, *, actor: User | None, reason: str) -> tuple[list[int], list[list]]:
    """The closed school's open moves follow its teachers to `successor` (registration.school_merges), never leaving
    two open periods: the successor, which holds them now, is asked instead; a move into the successor itself was made
    by the merge, so it is done with the period the merge gave them. Returns (ids asked of the successor, [id, status before] of those done), for the merge's undo."""
    carried, answered = [], []
    for transfer in TeacherTransfer.objects.select_for_update().filter(from_school=closed, status__in=OPEN).order_by("pk"):
        model = ECTAtSchoolPeriod if transfer.kind == Kind.ECT else MentorAtSchoolPeriod
        period = model.objects.filter(teacher=transfer.teacher_id, school=successor, finished_on__isnull=True).first()
        if period is None:
            continue  # already leaving the closed school, they did not go to the successor: the move still ends that spell
        transfer._change_reason = reason
        if transfer.to_school_id != successor.pk:
            _ask(transfer, successor, actor=actor)
            carried.append(transfer.pk)
            continue
        answered.append([transfer.pk, transfer.status])
        _decide(transfer, actor, status=Status.DONE, **{"ect_period" if transfer.kind == Kind.ECT else "mentor_period": period})
    return carried, answered


def bring_back_from_successor(closed: School, successor: School, *, carried: list[int], answered: list[list],
                              actor: User | None, reason: str) -> None:
    """Undo `carry_to_successor` when hub staff reverse the merge: the closed school holds the teachers again and is
    asked again, with its full notice; a move the merge made is open again."""
    status_before = dict(answered)
    for transfer in TeacherTransfer.objects.select_for_update().filter(
            Q(pk__in=carried, from_school=successor, status__in=OPEN) | Q(pk__in=status_before, status=Status.DONE)).order_by("pk"):
        transfer._change_reason = reason
        if transfer.status == Status.DONE:
            transfer.status = status_before[transfer.pk]
            transfer.decided_by = transfer.decided_at = transfer.ect_period = transfer.mentor_period = None
        _ask(transfer, closed, actor=actor)
