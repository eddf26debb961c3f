"""Builders for the registration journey: an ECT's or mentor's details, and a registered ECT.

`register` goes through the real domain function (registration.ects.register_ect), so what it
builds is what a tutor's registration builds: the teacher, their period at the school and the
AB claim.
"""

from datetime import date

import factory

from participants.models import ECTAtSchoolPeriod, School, TrainingProgramme, User, WorkingPattern
from participants.tests.factories import next_trn
from registration.ects import register_ect
from registration.teachers import ECTDetails, MentorDetails


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
