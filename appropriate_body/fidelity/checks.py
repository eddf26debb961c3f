"""Fidelity checks of school-led programmes (E25-003, ABD-011): which schools owe one this academic year,
planning the visit, recording what it found, and the follow-ups agreed.

A school owes a check in an academic year when it has an ECT in an open induction period with the hub
that is school-led and started by the year's end, and no completed check that year. Provider-led
programmes owe none: the AB is not responsible for their training's quality (E25-003).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from appropriate_body.models import FIDELITY_AREAS, FidelityCheck, FidelityFollowUp, InductionPeriod, ServiceAgreement
from appropriate_body.models.agreements import academic_year_label, default_fidelity_check_fee
from hubportal.lib.dates import academic_year_dates
from participants.access import is_ab_staff
from participants.models import School, TrainingProgramme, User

Status = FidelityCheck.Status
NOT_AB_STAFF = "Choose a member of the appropriate body's staff to visit"
ALREADY_COMPLETED = "This school's fidelity check for the year is already recorded"


def school_led_periods(year: int) -> QuerySet[InductionPeriod]:
    """Open school-led periods with the hub that had started by the end of academic year `year`."""
    return InductionPeriod.objects.filter(finished_on__isnull=True, other_appropriate_body="",
                                          training_programme=TrainingProgramme.SCHOOL_LED,
                                          started_on__lte=academic_year_dates(year)[1])


def _completed_check(year: int) -> QuerySet[FidelityCheck]:
    return FidelityCheck.objects.filter(school=OuterRef("pk"), academic_year=year, status=Status.COMPLETED)


def completed_check_school_ids(year: int) -> QuerySet:
    """The ids of the schools whose check for academic year `year` is recorded as completed, as a subquery read from
    the checks alone."""
    return FidelityCheck.objects.filter(academic_year=year, status=Status.COMPLETED).order_by().values("school_id")


def schools_with_fidelity_check(year: int) -> QuerySet[School]:
    """Schools whose check for academic year `year` is recorded as completed."""
    return School.objects.filter(Exists(_completed_check(year)))


def schools_owing_fidelity_check(year: int) -> QuerySet[School]:
    """Schools with school-led ECTs in academic year `year` and no completed check that year (E25-003)."""
    return School.objects.filter(Exists(school_led_periods(year).filter(school=OuterRef("pk")))).exclude(Exists(_completed_check(year)))


def owed_not_planned(year: int) -> QuerySet[School]:
    """Owing, with no visit planned yet: each with its number of school-led ECTs, in one query."""
    planned = FidelityCheck.objects.filter(school=OuterRef("pk"), academic_year=year)
    led = Q(induction_periods__in=school_led_periods(year))
    return (schools_owing_fidelity_check(year).exclude(Exists(planned))
            .annotate(school_led_ects=Count("induction_periods", filter=led, distinct=True)).order_by("name", "pk"))


def checks_of_year(year: int, status: str) -> QuerySet[FidelityCheck]:
    return (FidelityCheck.objects.filter(academic_year=year, status=status).select_related("school", "visitor")
            .annotate(follow_ups_open=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True)))
            .order_by("visit_on", "school__name", "pk"))


@dataclass(frozen=True)
class FidelityState:
    """What a school's page says about this year's check."""
    year: int
    owes: bool
    check: FidelityCheck | None

    @property
    def label(self) -> str:
        return academic_year_label(self.year)


def fidelity_state(school: School, *, year: int) -> FidelityState:
    check = FidelityCheck.objects.filter(school=school, academic_year=year).select_related("visitor").first()
    owes = (check is None or check.status != Status.COMPLETED) and school_led_periods(year).filter(school=school).exists()
    return FidelityState(year, owes, check)


def _check_visitor(visitor: User) -> None:
    if not visitor.is_active or not is_ab_staff(visitor):
        raise ValidationError({"visitor": NOT_AB_STAFF})


def plan_check(school: School, *, academic_year: int, visit_on: date, visitor: User, actor: User) -> FidelityCheck:
    """Plan (or move) the year's visit to `school`: one check per school a year, so planning again changes it."""
    _check_visitor(visitor)
    first_day, last_day = academic_year_dates(academic_year)
    if not first_day <= visit_on <= last_day:
        raise ValidationError({"visit_on": f"The visit must be in the academic year, {first_day:%-d %B %Y} to {last_day:%-d %B %Y}"})
    with transaction.atomic():
        check = FidelityCheck.objects.select_for_update().filter(school=school, academic_year=academic_year).first()
        if check is not None and check.status == Status.COMPLETED:
            raise ValidationError(ALREADY_COMPLETED)
        if check is None:
            check = FidelityCheck(school=school, academic_year=academic_year, created_by=actor)
        check.visit_on, check.visitor = visit_on, visitor
        check._history_user = actor
        try:
            with transaction.atomic():
                check.save()
        except IntegrityError:
            # Someone else planned this year's visit a moment ago (one check per school a year): theirs stands.
            raise ValidationError("A visit to this school was planned a moment ago: open it to change it") from None
    return check


def fee_for(school: School, academic_year: int) -> tuple[Decimal, ServiceAgreement | None]:
    """ABD-013: the fidelity check fee the school accepted for the year, and the agreement; with no accepted
    agreement, the hub's standard fee (settings.FIDELITY_CHECK_FEE_PENCE)."""
    agreement = ServiceAgreement.objects.filter(school=school, terms__academic_year=academic_year).select_related("terms").first()
    if agreement is None:
        return default_fidelity_check_fee(), None
    return agreement.terms.fidelity_check_fee, agreement


def record_check(check: FidelityCheck, *, findings: dict[str, tuple[str, str]], actions: str, outcome: str,
                 completed_on: date, actor: User, today: date) -> FidelityCheck:
    """Record the visit's findings and outcome, completing the check and fixing its fee (E25-003, ABD-013).

    `findings` is {area: (finding, note)} for every area of FIDELITY_AREAS.
    """
    errors = {}
    for key, _ in FIDELITY_AREAS:
        if not findings.get(key, ("", ""))[0]:
            errors[key] = "Select met, partly met or not met"
    if completed_on > today:
        errors["completed_on"] = "The date of the visit cannot be in the future"
    if not outcome:
        errors["outcome"] = "Select the outcome"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        check = FidelityCheck.objects.select_for_update().get(pk=check.pk)
        if check.status == Status.COMPLETED:
            raise ValidationError(ALREADY_COMPLETED)
        for key, _ in FIDELITY_AREAS:
            finding, note = findings[key]
            setattr(check, key, finding)
            setattr(check, f"{key}_note", note)
        check.fee, check.fee_agreement = fee_for(check.school, check.academic_year)
        check.actions, check.outcome = actions, outcome
        check.status, check.completed_on, check.completed_by = Status.COMPLETED, completed_on, actor
        check._history_user = actor
        check.save()
    return check


def add_follow_up(check: FidelityCheck, *, what: str, due_on: date, actor: User) -> FidelityFollowUp:
    follow_up = FidelityFollowUp(fidelity_check=check, what=what, due_on=due_on, created_by=actor)
    follow_up._history_user = actor
    with transaction.atomic():
        follow_up.save()
    return follow_up


def complete_follow_up(follow_up: FidelityFollowUp, *, done_on: date, actor: User) -> FidelityFollowUp:
    with transaction.atomic():
        follow_up = FidelityFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.done_on is None:
            follow_up.done_on = done_on
            follow_up._history_user = actor
            follow_up.save(update_fields=["done_on"])
    return follow_up
