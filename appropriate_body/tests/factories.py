"""Builders for the appropriate body's rows: a TRS check that passes, an ECT's claim accepted into an
induction period, induction rows written straight to the tables, and the assessment records a tutor writes.

`claimed` goes through the real registration and claim-acceptance functions, so the period it returns
has its schedule of reviews and assessments; the factories write rows directly, to test what the
database itself allows.
"""

from datetime import UTC, date, datetime

import factory

from appropriate_body.assessments import assessments as domain
from appropriate_body.claims.claims import RecordCheck, accept_claim
from appropriate_body.models import Assessment, Induction, InductionPeriod, Standard, TRSInductionStatus
from participants.models import Role, School, User
from participants.tests.factories import SchoolFactory, TeacherFactory, user_with_role
from registration.tests.factories import register

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
PDF = b"%PDF-1.4\n%test\n"
ALL_ON_TRACK = {code: (True, "") for code in Standard.values}
# The meeting date is asked only of formal and final assessments (FA-005, DL-002); a review's record clears it.
COMPLETE = {"on_track": True, "evidence_summary": "Lesson observations and planning.", "targets": "Questioning for TS6.",
            "meeting_on": date(2026, 11, 2)}


def passing_check(qts_year: int = 2026) -> RecordCheck:
    """What TRS says of an ECT the AB can take on: QTS on 20 July `qts_year`, induction required, no prohibition."""
    return RecordCheck(qts_awarded_on=date(qts_year, 7, 20), induction_status=TRSInductionStatus.REQUIRED_TO_COMPLETE,
                       has_active_prohibition=False)


GOOD = passing_check()


def claimed(school: School, tutor: User, ab_staff: User, *, year: int = 2026, **details) -> InductionPeriod:
    """An ECT registered on 20 August `year` to start on 1 September, with QTS that July, whose claim the AB
    accepted on that first day: their open induction period (full-time unless `details` say otherwise)."""
    details.setdefault("started_on", date(year, 9, 1))
    claim = register(school, tutor, today=date(year, 8, 20), **details).claims.get()
    accept_claim(claim, passing_check(year), start_date=date(year, 9, 1), actor=ab_staff, today=date(year, 9, 1))
    return InductionPeriod.objects.get(claim=claim)


def ect_account(period: InductionPeriod) -> User:
    """Link an account with the ECT role to the period's teacher, as accepting their invitation does."""
    user = user_with_role(Role.ECT, email=f"own.{period.induction.teacher.trn}@example.org")
    teacher = period.induction.teacher
    teacher.user = user
    teacher.save(update_fields=["user"])
    return user


def first(period: InductionPeriod, kind: str) -> Assessment:
    """The period's earliest review or assessment of that kind."""
    return period.assessments.filter(kind=kind).order_by("term_number").first()


def written(assessment: Assessment, tutor: User, **record) -> Assessment:
    """The tutor's draft of the record: complete and every standard on track, unless `record` says otherwise."""
    return domain.save_draft(assessment, record={**COMPLETE, **record}, judgements=ALL_ON_TRACK, actor=tutor)


class InductionFactory(factory.django.DjangoModelFactory):
    """A new teacher's induction row, written straight to the table."""

    class Meta:
        model = Induction

    teacher = factory.SubFactory(TeacherFactory)


class InductionPeriodFactory(factory.django.DjangoModelFactory):
    """An open, full-time, provider-led period at a new school from 1 September 2026, written straight to the table
    (none of the domain's checks: for testing what the database refuses)."""

    class Meta:
        model = InductionPeriod

    induction = factory.SubFactory(InductionFactory)
    school = factory.SubFactory(SchoolFactory)
    started_on = date(2026, 9, 1)
    training_programme = "provider_led"


__all__ = [
    "NOW", "PDF", "ALL_ON_TRACK", "COMPLETE", "GOOD", "passing_check", "claimed", "ect_account", "first", "written",
    "InductionFactory", "InductionPeriodFactory",
]
