"""Registering a school's ECTs: one registration feeds everything downstream.

`register_ect` creates (or finds) the Teacher, starts their period at the school,
finishes any open period at another school (a move, not a second person), enrols
them in the right ECTE cohort, opens a pending claim for the hub's AB and queues
the email inviting them to set up an account. The checks are separate functions
so that the one-at-a-time flow and the CSV import apply exactly the same rules,
the import without a query per row.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from participants.models import ECTAtSchoolPeriod, active_on, LeavingReason, MentorAtSchoolPeriod, Role, School, Teacher, TrainingProgramme, User, WorkingPattern

# IND-005: new claims need an induction start on or after 1 September 2021.
ECF_ROLLOUT_DATE = date(2021, 9, 1)
# Schools register ahead of September, but not further ahead than a year.
MAX_DAYS_AHEAD = 365


@dataclass(frozen=True)
class ECTDetails:
    """What the induction tutor tells us about one ECT (TRN already normalised, ID-TRN-003)."""

    trn: str
    first_name: str
    last_name: str
    email: str
    started_on: date
    working_pattern: str
    training_programme: str
    corrected_name: str = ""
    fte: Decimal | None = None
    lead_provider_id: int | None = None

    @property
    def name(self) -> str:
        return self.corrected_name or f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class MentorDetails:
    trn: str
    first_name: str
    last_name: str
    email: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
EMAIL_IN_USE = "This email address is already used by another ECT or mentor with a different TRN"


def _email_error(email: str) -> str | None:
    if not email:
        return "Enter their email address"
    try:
        validate_email(email)
    except ValidationError:
        return EMAIL_FORMAT
    return None


def check_ect_fields(details: ECTDetails, *, today: date, lead_provider_ids: Iterable[int]) -> dict[str, str]:
    """Problems with the answers themselves, by field; no database needed but the provider ids."""
    errors: dict[str, str] = {}
    if not details.first_name.strip():
        errors["first_name"] = "Enter their first name"
    if not details.last_name.strip():
        errors["last_name"] = "Enter their last name"
    if message := _email_error(details.email):
        errors["email"] = message
    if details.started_on < ECF_ROLLOUT_DATE:
        errors["started_on"] = "The start date must be on or after 1 September 2021"
    elif details.started_on > today + timedelta(days=MAX_DAYS_AHEAD):
        errors["started_on"] = "The start date cannot be more than a year from today"
    if details.working_pattern == WorkingPattern.PART_TIME:
        if details.fte is None:
            errors["fte"] = "Enter their FTE, for example 0.6"
        elif not (0 < details.fte < 1) or details.fte.as_tuple().exponent < -2:
            errors["fte"] = "FTE must be more than 0 and less than 1, with up to 2 decimal places, for example 0.6"
    elif details.working_pattern != WorkingPattern.FULL_TIME:
        errors["working_pattern"] = "Select full time or part time"
    if details.training_programme == TrainingProgramme.PROVIDER_LED:
        if details.lead_provider_id not in set(lead_provider_ids):
            errors["lead_provider"] = "Select the lead provider"
    elif details.training_programme != TrainingProgramme.SCHOOL_LED:
        # IND-007: only provider-led or school-led for new registrations.
        errors["training_programme"] = "Select provider-led or school-led"
    return errors


def check_mentor_fields(mentor: MentorDetails, *, ect_trn: str | None = None, ect_email: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    if not mentor.first_name.strip():
        errors["first_name"] = "Enter the mentor's first name"
    if not mentor.last_name.strip():
        errors["last_name"] = "Enter the mentor's last name"
    if message := _email_error(mentor.email):
        errors["email"] = message
    if ect_trn and mentor.trn == ect_trn:
        # ROLE-006: the mentor cannot be the ECT themself.
        errors["trn"] = "A teacher cannot mentor themself. Enter a different mentor"
    elif ect_email and mentor.email.lower() == ect_email.lower():
        errors["email"] = "The mentor needs their own email address, not the ECT's"
    return errors


class KnownTeachers:
    """What the portal already holds for a batch of TRNs and emails, in a fixed number of queries."""

    def __init__(self, trns: Iterable[str], emails: Iterable[str], *, today: date):
        trns = set(trns)
        emails = {email.lower() for email in emails if email}
        self.today = today
        self.by_trn = {teacher.trn: teacher for teacher in Teacher.objects.filter(trn__in=trns)}
        self.ect_periods: dict[str, list[ECTAtSchoolPeriod]] = defaultdict(list)
        for period in ECTAtSchoolPeriod.objects.filter(teacher__trn__in=trns).select_related("teacher", "school"):
            self.ect_periods[period.teacher.trn].append(period)
        active = Exists(ECTAtSchoolPeriod.objects.filter(active_on(today), teacher=OuterRef("pk"))) | Exists(
            MentorAtSchoolPeriod.objects.filter(active_on(today), teacher=OuterRef("pk"))
        )
        self.active_email_owner: dict[str, str] = dict(
            Teacher.objects.filter(active, email__in=emails).values_list("email", "trn")
        )

    def email_clash(self, email: str, trn: str) -> bool:
        owner = self.active_email_owner.get(email.lower())
        return owner is not None and owner != trn


@dataclass
class RegistrationCheck:
    errors: dict[str, str] = field(default_factory=dict)
    # Set when the teacher is already active here: the flow links to their record.
    existing_here: ECTAtSchoolPeriod | None = None
    # Open periods at other schools that this registration finishes (a move).
    moves_from: list[ECTAtSchoolPeriod] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_against_records(school: School, details: ECTDetails, known: KnownTeachers) -> RegistrationCheck:
    check = RegistrationCheck()
    for period in known.ect_periods.get(details.trn, []):
        if period.leaving_reason == LeavingReason.COMPLETED_INDUCTION:
            # ELIG-005: only one induction.
            check.errors["trn"] = "This teacher has already completed induction, so cannot be registered as an ECT"
            return check
        if period.school_id == school.pk and period.is_active_on(known.today):
            check.existing_here = period
            check.errors["trn"] = "This teacher is already registered as an ECT at this school"
            return check
        if period.finished_on is None or period.finished_on >= details.started_on:
            if period.school_id == school.pk:
                check.errors["started_on"] = (
                    f"The start date must be after they left this school on {period.finished_on:%-d %B %Y}"
                )
            elif details.started_on <= period.started_on:
                check.errors["started_on"] = "The start date must be after they started at their previous school"
            else:
                check.moves_from.append(period)
    if known.email_clash(details.email, details.trn):
        check.errors["email"] = EMAIL_IN_USE
    return check


class RegistrationError(ValidationError):
    def __init__(self, check: RegistrationCheck):
        super().__init__(check.errors)
        self.check = check


@dataclass(frozen=True)
class Registered:
    period: ECTAtSchoolPeriod
    moved_from: list[ECTAtSchoolPeriod]


def save_teacher(teacher: Teacher | None, trn: str, first_name: str, last_name: str, email: str, corrected_name: str, actor) -> Teacher:
    teacher = teacher or Teacher(trn=trn)
    teacher.first_name, teacher.last_name = first_name.strip(), last_name.strip()
    teacher.corrected_name = corrected_name.strip()
    teacher.email = email.strip().lower()
    teacher._history_user = actor
    teacher.save()
    return teacher


def register_ect(
    school: School,
    details: ECTDetails,
    *,
    actor: User,
    today: date,
    mentor: MentorAtSchoolPeriod | None = None,
    new_mentor: MentorDetails | None = None,
) -> Registered:
    """Register one ECT at `school`, optionally with a mentor chosen or added on the way.

    Raises RegistrationError carrying every problem found; nothing is saved then.
    """
    try:
        return _register_ect(school, details, actor=actor, today=today, mentor=mentor, new_mentor=new_mentor)
    except IntegrityError:
        # Two submits of the same teacher at the same moment: the database's one-open-period rule
        # lets one through; the other learns what the checks would have told it a moment later.
        check = check_against_records(school, details, KnownTeachers([details.trn], [details.email], today=today))
        if check.ok:
            raise
        raise RegistrationError(check) from None


def _register_ect(school, details, *, actor, today, mentor, new_mentor) -> Registered:
    from appropriate_body.claims.claims import open_claims
    from hubportal.lib.dates import academic_year_of
    from programmes.cohorts.cohorts import cohort_for, ecte_stage_for, enrol
    from programmes.models import LeadProvider, Strand

    from participants.accounts.invitations import invite_teachers
    from registration.mentors import assign_mentor, check_mentor_against_records, register_mentor

    with transaction.atomic():
        known = KnownTeachers([details.trn] + ([new_mentor.trn] if new_mentor else []),
                              [details.email] + ([new_mentor.email] if new_mentor else []), today=today)
        lead_providers = LeadProvider.objects.filter(is_active=True).values_list("pk", flat=True)
        check = RegistrationCheck(errors=check_ect_fields(details, today=today, lead_provider_ids=lead_providers))
        records = check_against_records(school, details, known)
        check.errors = {**records.errors, **check.errors}
        check.existing_here, check.moves_from = records.existing_here, records.moves_from
        if new_mentor:
            mentor_errors = check_mentor_fields(new_mentor, ect_trn=details.trn, ect_email=details.email)
            mentor_errors |= check_mentor_against_records(new_mentor, known)
            check.errors |= {f"mentor_{name}": message for name, message in mentor_errors.items()}
        if not check.ok:
            raise RegistrationError(check)

        teacher = save_teacher(
            known.by_trn.get(details.trn), details.trn, details.first_name, details.last_name,
            details.email, details.corrected_name, actor,
        )
        for old in check.moves_from:
            # The new school's period begins; the old school sees the teacher as leaving, then left.
            old.finished_on = details.started_on - timedelta(days=1)
            old.leaving_reason = LeavingReason.MOVED_SCHOOL
            old._history_user = actor
            old.save(update_fields=["finished_on", "leaving_reason"])
        period = ECTAtSchoolPeriod(
            teacher=teacher,
            school=school,
            started_on=details.started_on,
            working_pattern=details.working_pattern,
            fte=details.fte if details.working_pattern == WorkingPattern.PART_TIME else None,
            training_programme=details.training_programme,
            lead_provider_id=details.lead_provider_id if details.training_programme == TrainingProgramme.PROVIDER_LED else None,
            registered_by=actor,
        )
        period._history_user = actor
        period.save()

        year = academic_year_of(details.started_on)
        enrol(teacher, cohort_for(Strand.ECTE, year, ecte_stage_for(teacher, year)),
              school=school, enrolled_on=details.started_on, actor=actor)
        open_claims([period], actor=actor)
        invite_teachers([teacher], role=Role.ECT, school=school, invited_by=actor)

        if new_mentor:
            mentor = register_mentor(school, new_mentor, actor=actor, today=today, known=known)
        if mentor:
            assign_mentor(period, mentor, actor=actor, today=today)
    return Registered(period=period, moved_from=check.moves_from)


def check_trn(school: School, trn: str, *, today: date) -> RegistrationCheck:
    """What the records say about a TRN before the rest is known: the guided flow's first step.

    The same rules as `check_against_records` (ELIG-005, the same TRN already active here), so
    the tutor learns on the first page, not the last. The start date is not asked yet, so the
    probe starts as late as possible: only a period still open at another school is a move.
    """
    known = KnownTeachers([trn], [], today=today)
    probe = ECTDetails(trn=trn, first_name="", last_name="", email="", started_on=date.max,
                       working_pattern="", training_programme="")
    return check_against_records(school, probe, known)
