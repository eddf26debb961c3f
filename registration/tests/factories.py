"""Builders for the registration journey: an ECT's or mentor's details, and a registered ECT.

`register` goes through the real domain function (registration.ects.register_ect), so what it
builds is what a tutor's registration builds: the teacher, their period at the school and the
AB claim.
"""

from datetime import date

import factory
from django.core.exceptions import ValidationError

from participants.models import ECTAtSchoolPeriod, School, TrainingProgramme, User, WorkingPattern
from participants.tests.factories import next_trn
from registration.ects import register_ect
from registration.teachers import ECTDetails, MentorDetails
from registration.transfers import confirm_transfer, withdraw_transfer


class ECTDetailsFactory(factory.Factory):
    """Answers for one ECT registration that pass every check; override what a test is about."""

    class Meta:
        model = ECTDetails

    trn = factory.LazyFunction(next_trn)
    first_name = "Ada"
    last_name = factory.LazyAttribute(lambda details: f"Teacher{details.trn}")
    email = factory.LazyAttribute(lambda details: f"ect{details.trn}@example.org")
    started_on = date(2026, 9, 1)
    working_pattern = WorkingPattern.FULL_TIME
    training_programme = TrainingProgramme.SCHOOL_LED


class MentorDetailsFactory(factory.Factory):
    class Meta:
        model = MentorDetails

    trn = factory.LazyFunction(next_trn)
    first_name = "Grace"
    last_name = factory.LazyAttribute(lambda details: f"Mentor{details.trn}")
    email = factory.LazyAttribute(lambda details: f"mentor{details.trn}@example.org")


ect_details = ECTDetailsFactory
mentor_details = MentorDetailsFactory


def register(school: School, actor: User, *, today: date | None = None, **overrides) -> ECTAtSchoolPeriod:
    """Register an ECT through the real domain function (as of 20 August 2026 unless `today`) and return their period."""
    return register_ect(school, ect_details(**overrides), actor=actor, today=today or date(2026, 8, 20)).period


__all__ = ["ECTDetailsFactory", "MentorDetailsFactory", "ect_details", "mentor_details", "register"]


def move_to(period: ECTAtSchoolPeriod, school: School, *, new_tutor: User, current_tutor: User, registered_on: date,
            today: date) -> None:
    """Another school registers the ECT to start on 1 September and their current school confirms they leave on the
    5th. A move the domain refuses is withdrawn by the new school, so no move waits on a school a later step closes
    (a move still waiting then fails on the teacher's open period at the successor)."""
    details = ect_details(trn=period.teacher.trn, started_on=date(2026, 9, 1))
    transfer = register_ect(school, details, actor=new_tutor, today=registered_on).transfer
    if transfer is None:
        return
    try:
        confirm_transfer(transfer, leaving_on=date(2026, 9, 5), actor=current_tutor, today=today)
    except ValidationError:
        withdraw_transfer(transfer, actor=new_tutor)
