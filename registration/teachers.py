"""Teachers as registration finds, checks and saves them: the details a school gives for an ECT or a
mentor, the rules those details must meet (one at a time in the guided flow, a whole file at once in
the CSV upload, with the same words), and the teachers already known by TRN or email.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef

from participants.models import (
    ECTAtSchoolPeriod,
    LeavingReason,
    MentorAtSchoolPeriod,
    School,
    Teacher,
    TrainingProgramme,
    WorkingPattern,
    active_on,
)

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
    # Kept (sealed) on the claim only for RIAB's bulk upload (appropriate_body RULES.md); None when unknown.
    date_of_birth: date | None = None

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
# Another teacher's address: say it cannot be used, not whose it is (another school's fact).
EMAIL_IN_USE = "This email address cannot be used for this teacher. Enter their own email address"


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
            elif details.started_on <= period.started_on and not period.is_active_on(known.today):
                # (A teacher still at another school is a move that school confirms: its dates are its own.)
                check.errors["started_on"] = "The start date must be after they started at their previous school"
            else:
                check.moves_from.append(period)
    if known.email_clash(details.email, details.trn):
        check.errors["email"] = EMAIL_IN_USE
    return check


def save_teacher(teacher: Teacher | None, trn: str, first_name: str, last_name: str, email: str, corrected_name: str, actor) -> Teacher:
    teacher = teacher or Teacher(trn=trn)
    teacher.first_name, teacher.last_name = first_name.strip(), last_name.strip()
    teacher.corrected_name = corrected_name.strip()
    teacher.email = email.strip().lower()
    teacher._history_user = actor
    teacher.save()
    return teacher
