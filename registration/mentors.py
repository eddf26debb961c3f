"""Mentors at a school: registering them and pairing them with ECTs."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from hubportal.lib.dates import academic_year_of
from participants.accounts.invitations import invite_teachers
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Role, School, TeacherTransfer, User, active_on
from programmes.cohorts.cohorts import cohort_for, enrol
from programmes.models import Enrolment, Strand
from registration.teachers import EMAIL_IN_USE, KnownTeachers, MentorDetails, check_mentor_fields, save_teacher
from registration.transfers import current_school_elsewhere, may_change_identity, request_transfer


def check_mentor_against_records(mentor: MentorDetails, known: KnownTeachers) -> dict[str, str]:
    if known.email_clash(mentor.email, mentor.trn):
        return {"email": EMAIL_IN_USE}
    return {}


def register_mentor(
    school: School, details: MentorDetails, *, actor: User, today: date, known: KnownTeachers | None = None
) -> MentorAtSchoolPeriod | TeacherTransfer:
    """Make `details` a mentor at `school`, or return their open mentor period if they already are one.

    A teacher another school holds is not registered here: the move that school is asked to
    confirm (registration.transfers) is returned instead.

    A mentor new to the ECTE is enrolled in this year's mentor training and invited to
    set up an account. Raises ValidationError by field; nothing is saved then.
    """

    with transaction.atomic():
        known = known or KnownTeachers([details.trn], [details.email], today=today)
        errors = check_mentor_fields(details) | check_mentor_against_records(details, known)
        if errors:
            raise ValidationError(errors)
        existing = known.by_trn.get(details.trn)
        if existing:
            current = MentorAtSchoolPeriod.objects.filter(teacher=existing, school=school, finished_on__isnull=True).first()
            if current:
                return current
            # Held by another school: that school is asked first, and nothing about the teacher changes.
            if from_school := current_school_elsewhere(existing, school, today=today, kind=TeacherTransfer.Kind.MENTOR):
                return request_transfer(existing, from_school, school, kind=TeacherTransfer.Kind.MENTOR,
                                        started_on=today, actor=actor)
        if may_change_identity(existing, school, actor=actor, today=today):
            teacher = save_teacher(existing, details.trn, details.first_name, details.last_name, details.email,
                                   existing.corrected_name if existing else "", actor)
        else:
            # Nobody holds them now; who they are stays as recorded, and any invitation goes to that email.
            teacher = existing
        period = MentorAtSchoolPeriod(teacher=teacher, school=school, started_on=today, registered_by=actor)
        period._history_user = actor
        period.save()
        # E25-006 / ROLE-007: mentor training is for mentors who have not had it before.
        if not Enrolment.objects.filter(teacher=teacher, cohort__programme__strand=Strand.ECTE_MENTOR).exists():
            enrol(teacher, cohort_for(Strand.ECTE_MENTOR, academic_year_of(today)),
                  school=school, enrolled_on=today, actor=actor)
        invite_teachers([teacher], role=Role.MENTOR, school=school, invited_by=actor)
    return period


def eligible_mentors(ect_period: ECTAtSchoolPeriod, *, today: date):
    """Mentors active at the ECT's school, never the ECT themself (ROLE-006)."""
    return (
        # The same "active" as assign_mentor checks: no end date, or one still ahead.
        MentorAtSchoolPeriod.objects.filter(active_on(today), school=ect_period.school_id)
        .exclude(teacher=ect_period.teacher_id)
        .select_related("teacher")
    )


def assign_mentor(ect_period: ECTAtSchoolPeriod, mentor: MentorAtSchoolPeriod, *, actor: User, today: date) -> None:
    if mentor.teacher_id == ect_period.teacher_id:
        # ROLE-006
        raise ValidationError({"mentor": "A teacher cannot mentor themself. Choose a different mentor"})
    if mentor.school_id != ect_period.school_id or not mentor.is_active_on(today):
        raise ValidationError({"mentor": "Choose a mentor who is at this school"})
    if ect_period.mentor_id == mentor.pk:
        return
    ect_period.mentor = mentor
    ect_period._history_user = actor
    ect_period.save(update_fields=["mentor"])


