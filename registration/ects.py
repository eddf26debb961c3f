"""Registering a school's ECTs: one registration feeds everything downstream.

`register_ect` creates (or finds) the Teacher, starts their period at the school,
finishes any open period at another school (a move, not a second person), enrols
them in the right ECTE cohort, opens a pending claim for the hub's AB and queues
the email inviting them to set up an account. The checks are separate functions
so that the one-at-a-time flow and the CSV import apply exactly the same rules,
the import without a query per row.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from appropriate_body.claims.claims import open_claims
from appropriate_body.inductions.state import refresh_for_ect_periods
from hubportal.lib.dates import academic_year_of
from participants.accounts.invitations import invite_teachers
from participants.models import (
    ECTAtSchoolPeriod,
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
from programmes.cohorts.cohorts import cohort_for, ecte_stage_for, enrol
from programmes.models import Strand
from registration.mentors import assign_mentor, check_mentor_against_records, register_mentor
from registration.teachers import (
    ECTDetails,
    KnownTeachers,
    MentorDetails,
    RegistrationCheck,
    check_against_records,
    check_ect_fields,
    check_mentor_fields,
    save_teacher,
)
from registration.transfers import current_school_elsewhere, may_change_identity, request_transfer


class RegistrationError(ValidationError):
    def __init__(self, check: RegistrationCheck):
        super().__init__(check.errors)
        self.check = check


@dataclass(frozen=True)
class Registered:
    # None when another school holds the teacher: then `transfer` is the move it was asked to confirm.
    period: ECTAtSchoolPeriod | None
    moved_from: list[ECTAtSchoolPeriod]
    transfer: TeacherTransfer | None = None
    # A new mentor whom another school holds: the move that school was asked to confirm.
    mentor_transfer: TeacherTransfer | None = None


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

        existing = known.by_trn.get(details.trn)
        from_school = existing and current_school_elsewhere(existing, school, today=today, kind=TeacherTransfer.Kind.ECT)
        if from_school:
            # Another school holds this teacher: ask it, and change nothing about them until the move takes effect.
            if new_mentor:
                mentor = register_mentor(school, new_mentor, actor=actor, today=today, known=known)
            transfer = request_transfer(
                existing, from_school, school, kind=TeacherTransfer.Kind.ECT, started_on=details.started_on, actor=actor,
                working_pattern=details.working_pattern, fte=details.fte, training_programme=details.training_programme,
                lead_provider_id=details.lead_provider_id,
                mentor=mentor if isinstance(mentor, MentorAtSchoolPeriod) else None,
            )
            return Registered(period=None, moved_from=[], transfer=transfer,
                              mentor_transfer=mentor if isinstance(mentor, TeacherTransfer) else None)
        if may_change_identity(existing, school, actor=actor, today=today):
            teacher = save_teacher(existing, details.trn, details.first_name, details.last_name,
                                   details.email, details.corrected_name, actor)
        else:
            # Nobody holds them now: who they are stays as recorded, so the invitation goes to that email.
            teacher = existing
        for old in check.moves_from:
            # The new school's period begins; the old school sees the teacher as leaving, then left.
            old.finished_on = details.started_on - timedelta(days=1)
            old.leaving_reason = LeavingReason.MOVED_SCHOOL
            old._history_user = actor
            old.save(update_fields=["finished_on", "leaving_reason"])
        refresh_for_ect_periods(old.pk for old in check.moves_from)
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
        open_claims([period], actor=actor, dates_of_birth=[details.date_of_birth])
        invite_teachers([teacher], role=Role.ECT, school=school, invited_by=actor)

        if new_mentor:
            mentor = register_mentor(school, new_mentor, actor=actor, today=today, known=known)
        if isinstance(mentor, MentorAtSchoolPeriod):
            # (A mentor another school holds is a move of their own, paired once it takes effect.)
            assign_mentor(period, mentor, actor=actor, today=today)
    return Registered(period=period, moved_from=check.moves_from,
                      mentor_transfer=mentor if isinstance(mentor, TeacherTransfer) else None)


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


def held_elsewhere(school: School, trn: str, *, today: date) -> bool:
    """Whether registering `trn` here would ask another school to confirm a move (what the tutor may be told)."""
    teacher = Teacher.objects.filter(trn=trn).first()
    return bool(teacher and current_school_elsewhere(teacher, school, today=today, kind=TeacherTransfer.Kind.ECT))
