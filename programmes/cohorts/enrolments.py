"""Hub staff's programmes and cohorts: adding a cohort, enrolling one person, and moving an
enrolment through its states (defer, withdraw, resume, complete, an NPQ outcome).

The people rules (TRN, names, email, school, the same TRN under another name, enrolled twice)
are `check_person`'s, so the CSV (`enrolment_csv`) and nominations apply exactly the same ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from participants.models import LeadProvider, School, Teacher, User
from participants.people.identifiers import normalise_trn
from programmes.cohorts.npq import takes_outcome
from programmes.insight.tallies import tallied_cohorts
from programmes.models import (
    NPQ_NOT_OFFERED,
    Cohort,
    CohortStage,
    Enrolment,
    ITTRoute,
    NPQIntake,
    NPQOutcome,
    Placement,
    Programme,
    Strand,
    StudyMode,
)

Status = Enrolment.Status

# The golden thread's order, on every page that lists strands.
STRAND_ORDER = [Strand.ITT, Strand.ECTE, Strand.ECTE_MENTOR, Strand.NPQ, Strand.CPD]

MAX_NAME = 150
MAX_EMAIL = 254

# --- Naming a cohort in a URL -----------------------------------------------------------------
# /programmes/<programme slug>/<academic year>/<part>/: the part is the ECTE stage, the NPQ intake,
# or "all" for a whole-programme cohort, so no integer key shows.

PART_OF_STAGE = {CohortStage.YEAR_1: "year-1", CohortStage.YEAR_2: "year-2"}
STAGE_OF_PART = {part: stage for stage, part in PART_OF_STAGE.items()}


def cohort_part(cohort: Cohort) -> str:
    return PART_OF_STAGE.get(cohort.stage) or cohort.intake or "all"


def cohort_url_kwargs(cohort: Cohort) -> dict:
    return {"programme": cohort.programme.slug, "cohort_year": cohort.academic_year, "cohort_part": cohort_part(cohort)}


def cohort_from_parts(programme_slug: str, academic_year: int, part: str) -> Cohort | None:
    if part in STAGE_OF_PART:
        where = {"stage": STAGE_OF_PART[part], "intake": ""}
    elif part in NPQIntake.values:
        where = {"stage": "", "intake": part}
    elif part == "all":
        where = {"stage": "", "intake": ""}
    else:
        return None
    return (
        Cohort.objects.select_related("programme", "lead_provider")
        .filter(programme__slug=programme_slug, academic_year=academic_year, **where)
        .first()
    )


def enrolments_page(cohort: Cohort, number, *, per_page: int) -> Page:
    """Page `number` of a cohort's enrolments by the teacher's name: three queries (four for ITT) whatever its size.

    The count and the page's ids are read from the enrolment's own indexes (the page's from the one on
    cohort, teacher's name and id, which walks straight to the page), so neither joins or sorts the
    cohort's other enrolments; then only those rows are read with their teacher and school (and an ITT
    trainee's placements with theirs).
    """
    ids = cohort.enrolments.order_by("teacher_last_name", "teacher_first_name", "pk").values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    page_ids = list(page.object_list)
    rows = Enrolment.objects.select_related("teacher", "school").filter(pk__in=page_ids)
    if cohort.programme.strand == Strand.ITT:
        rows = rows.prefetch_related(Prefetch("placements", queryset=Placement.objects.select_related("school")))
    by_id = {enrolment.pk: enrolment for enrolment in rows}
    # An enrolment deleted between the two reads is left out, not an error.
    page.object_list = [by_id[pk] for pk in page_ids if pk in by_id]
    return page


# --- The programmes page ----------------------------------------------------------------------


@dataclass
class StrandRow:
    strand: str
    label: str
    programmes: list[Programme]


def programmes_by_strand(*, now: datetime) -> tuple[list[StrandRow], datetime]:
    """Every programme with its cohorts and their enrolments per state, and when those were counted.

    The counts are the kept tallies (programmes.insight.tallies), not a count of every enrolment ever
    on each view: two queries whatever the numbers. The time is the oldest tally's.
    """
    cohorts_of: dict[int, list[Cohort]] = defaultdict(list)
    counted_at = []
    for cohort in tallied_cohorts(now=now):
        # A cohort added between the tallies' count and this read has none yet: empty until the next refresh.
        tally = getattr(cohort, "tally", None)
        cohort.counts = [getattr(tally, status, 0) for status in Status.values]
        counted_at += [tally.counted_at] if tally else []
        cohort.part = cohort_part(cohort)
        cohorts_of[cohort.programme_id].append(cohort)
    by_strand: dict[str, list[Programme]] = defaultdict(list)
    for programme in Programme.objects.select_related("partner"):
        programme.cohort_rows = cohorts_of.get(programme.pk, [])
        for cohort in programme.cohort_rows:
            cohort.programme = programme  # the name needs it; no query per cohort
        by_strand[programme.strand].append(programme)
    rows = [StrandRow(strand, Strand(strand).label, by_strand[strand]) for strand in STRAND_ORDER]
    return rows, min(counted_at, default=now)


# --- Adding a cohort --------------------------------------------------------------------------


def add_cohort(
    programme: Programme, academic_year: int, *, stage: str = "", intake: str = "", lead_provider: LeadProvider | None = None,
) -> Cohort:
    """A new cohort. The ECTE is run as Year 1 and Year 2; NPQs start in the autumn or the spring (NPQ-C-003)."""
    errors: dict[str, str] = {}
    if programme.strand == Strand.ECTE:
        if stage not in (CohortStage.YEAR_1, CohortStage.YEAR_2):
            errors["stage"] = "Select Year 1 or Year 2 for an ECTE cohort"
    elif stage:
        errors["stage"] = "Only ECTE cohorts have a Year 1 or Year 2. Leave the stage empty"
    if programme.strand == Strand.NPQ:
        if intake not in NPQIntake.values:
            errors["intake"] = "Select whether this NPQ cohort starts in the autumn or the spring"
    elif intake:
        errors["intake"] = "Only NPQ cohorts have an autumn or spring intake. Leave the intake empty"
    if not 2000 <= academic_year <= 2100:
        errors["academic_year"] = "Enter the year the academic year starts in, like 2026 for 2026/27"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return Cohort.objects.create(
                programme=programme, academic_year=academic_year, stage=stage, intake=intake, lead_provider=lead_provider,
            )
    except IntegrityError:
        raise ValidationError({"academic_year": "That cohort already exists"}) from None


# --- One person's details, and the checks every way in applies ----------------------------------


@dataclass
class PersonDetails:
    trn: str
    first_name: str
    last_name: str
    email: str
    school_urn: int | None = None
    itt_route: str = ""
    study_mode: str = ""


@dataclass
class Known:
    """What the database holds for a batch of people, fetched in a fixed number of queries."""

    teachers: dict[str, Teacher] = field(default_factory=dict)
    schools: dict[int, School] = field(default_factory=dict)
    # (cohort id, trn) pairs already taken, with the state they are in.
    taken: dict[tuple[int, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, trns, urns, cohort_ids) -> Known:
        trns, urns, cohort_ids = set(trns), {u for u in urns if u is not None}, set(cohort_ids)
        known = cls()
        if trns:
            known.teachers = {t.trn: t for t in Teacher.objects.filter(trn__in=trns)}
        if urns:
            known.schools = {s.urn: s for s in School.objects.filter(urn__in=urns)}
        if trns and cohort_ids:
            known.taken = {
                (cohort_id, trn): status
                for cohort_id, trn, status in Enrolment.objects.filter(cohort_id__in=cohort_ids, teacher__trn__in=trns)
                .values_list("cohort_id", "teacher__trn", "status")
            }
        return known


def read_trn(value: str) -> tuple[str | None, str | None]:
    """(trn, None) or (None, the problem): ID-TRN-003's lenient reading, as the school flows use."""
    try:
        return normalise_trn(value), None
    except ValidationError as error:
        return None, error.messages[0]


def check_fields(details: PersonDetails) -> dict[str, str]:
    """Problems with the answers themselves (no database)."""
    errors: dict[str, str] = {}
    for name, label in (("first_name", "first name"), ("last_name", "last name")):
        value = getattr(details, name).strip()
        if not value:
            errors[name] = f"Enter their {label}"
        elif len(value) > MAX_NAME:
            errors[name] = f"Their {label} must be {MAX_NAME} characters or fewer"
    email = details.email.strip()
    if not email:
        errors["email"] = "Enter their email address"
    else:
        try:
            validate_email(email)
            if len(email) > MAX_EMAIL:
                raise ValidationError("too long")
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    return errors


def same_person(teacher: Teacher, first_name: str, last_name: str) -> bool:
    return (teacher.first_name.strip().casefold(), teacher.last_name.strip().casefold()) == (
        first_name.strip().casefold(), last_name.strip().casefold()
    )


# Says no more than that the two do not go together: not whose the TRN is, nor the name held for it.
NAME_MISMATCH = "The TRN and name do not match a teacher we hold. Check both: use the name on their teacher record"


def check_person(details: PersonDetails, cohort: Cohort, known: Known) -> dict[str, str]:
    """Every rule for putting one person in one cohort, against what `known` holds."""
    errors = check_fields(details)
    teacher = known.teachers.get(details.trn)
    # A TRN is held for life by one person (ID-TRN-001): a different name means a mistyped TRN or a
    # different person, and enrolling either would put someone else's record on this teacher.
    if teacher is not None and not errors.keys() & {"first_name", "last_name"}:
        if not same_person(teacher, details.first_name, details.last_name):
            errors["trn"] = NAME_MISMATCH
    if details.school_urn is not None and details.school_urn not in known.schools:
        errors["school_urn"] = f"There is no school with URN {details.school_urn} on the portal"
    state = known.taken.get((cohort.pk, details.trn))
    if state is not None:
        what = "nominated for" if state in (Status.NOMINATED, Status.DECLINED) else "enrolled in"
        errors["trn"] = f"This teacher is already {what} {cohort.name}"
    if cohort.programme.strand == Strand.NPQ and cohort.programme.npq_course in NPQ_NOT_OFFERED:
        errors["cohort"] = "The additional support offer (ASO) was replaced by EHCO and takes no new enrolments"
    if cohort.programme.strand == Strand.ITT:
        if details.itt_route not in ITTRoute.values:
            errors["itt_route"] = "Select the trainee's ITT route"
        if details.study_mode not in StudyMode.values:
            errors["study_mode"] = "Select full time or part time"
    return errors


def new_teacher(details: PersonDetails) -> Teacher:
    return Teacher(
        trn=details.trn, first_name=details.first_name.strip(), last_name=details.last_name.strip(),
        email=details.email.strip().lower(),
    )


def new_enrolment(cohort: Cohort, teacher: Teacher, details: PersonDetails, school: School | None, *, actor, today: date,
                  status: str = Status.ACTIVE) -> Enrolment:
    itt = cohort.programme.strand == Strand.ITT
    return Enrolment(
        cohort=cohort, teacher=teacher, school=school, status=status, enrolled_on=today, created_by=actor,
        itt_route=details.itt_route if itt else "", study_mode=details.study_mode if itt else "",
        nominated_by=actor if status == Status.NOMINATED else None,
    )


def enrol_person(cohort: Cohort, details: PersonDetails, *, actor: User, today: date,
                 status: str = Status.ACTIVE) -> Enrolment:
    """Enrol (or, with status nominated, nominate) one person; ValidationError by field otherwise.

    The teacher is found by TRN, or made from the details given: their own record is never renamed here.
    """
    known = Known.load([details.trn], [details.school_urn], [cohort.pk])
    if errors := check_person(details, cohort, known):
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            teacher = known.teachers.get(details.trn)
            if teacher is None:
                teacher = new_teacher(details)
                teacher._history_user = actor
                teacher.save()
            enrolment = new_enrolment(cohort, teacher, details, known.schools.get(details.school_urn), actor=actor,
                                      today=today, status=status)
            enrolment._history_user = actor
            enrolment.save()
    except IntegrityError:
        # Two people enrolling the same teacher at once: the unique constraint is the last word.
        raise ValidationError({"trn": f"This teacher is already enrolled in {cohort.name}"}) from None
    return enrolment


# --- Moving an enrolment through its states ---------------------------------------------------


def _save_state(enrolment: Enrolment, actor: User, **values) -> Enrolment:
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.status != enrolment.status:
            raise ValidationError("Someone else changed this enrolment meanwhile. Check its state and try again")
        for name, value in values.items():
            setattr(locked, name, value)
        locked._history_user = actor
        locked.save()
    for name, value in values.items():
        setattr(enrolment, name, value)
    return enrolment


def _need_reason(reason: str, doing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Say why they are {doing}"})
    return reason


def defer(enrolment: Enrolment, reason: str, *, actor: User) -> Enrolment:
    """NPQ-O-004's training states: an active participant pauses and may resume later."""
    if enrolment.status != Status.ACTIVE:
        raise ValidationError("Only an active enrolment can be deferred")
    return _save_state(enrolment, actor, status=Status.DEFERRED, status_reason=_need_reason(reason, "deferring"))


def withdraw(enrolment: Enrolment, reason: str, *, actor: User) -> Enrolment:
    if enrolment.status not in (Status.ACTIVE, Status.DEFERRED):
        raise ValidationError("Only an active or deferred enrolment can be withdrawn")
    return _save_state(enrolment, actor, status=Status.WITHDRAWN, status_reason=_need_reason(reason, "withdrawing"))


def resume(enrolment: Enrolment, *, actor: User) -> Enrolment:
    """A deferral ends; a withdrawal is final (enrol them in a later cohort instead)."""
    if enrolment.status != Status.DEFERRED:
        raise ValidationError("Only a deferred enrolment can be resumed")
    return _save_state(enrolment, actor, status=Status.ACTIVE, status_reason="")


def complete(enrolment: Enrolment, *, actor: User) -> Enrolment:
    if enrolment.status != Status.ACTIVE:
        raise ValidationError("Only an active enrolment can be marked completed")
    return _save_state(enrolment, actor, status=Status.COMPLETED)


def record_outcome(enrolment: Enrolment, outcome: str, completed_on: date | None, *, actor: User, today: date) -> Enrolment:
    """NPQ-O-001: an outcome belongs to a completed NPQ, with its completion date, never in the future.

    Recording it on an active enrolment completes it (the outcome is the proof of completion); a
    deferred or withdrawn one must be resumed first. A second outcome replaces the first: only the
    latest counts, and the history keeps the earlier one.
    """
    programme = enrolment.cohort.programme
    if programme.strand != Strand.NPQ:
        raise ValidationError("Outcomes are recorded for NPQs only")
    if not takes_outcome(programme.npq_course):
        raise ValidationError("EHCO and ASO are not qualifications, so they take no outcome")
    if enrolment.status not in (Status.ACTIVE, Status.COMPLETED):
        raise ValidationError("Record an outcome only for an active or completed enrolment")
    errors = {}
    if outcome not in NPQOutcome.values:
        errors["outcome"] = "Select passed, failed or voided"
    if completed_on is None:
        errors["completed_on"] = "Enter the completion date"
    elif completed_on > today:
        errors["completed_on"] = "The completion date cannot be in the future"
    elif completed_on < enrolment.enrolled_on:
        errors["completed_on"] = "The completion date must be on or after the day they enrolled"
    if errors:
        raise ValidationError(errors)
    return _save_state(enrolment, actor, status=Status.COMPLETED, outcome=outcome, outcome_on=completed_on)
