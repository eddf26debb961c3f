"""School leaders and induction tutors put their staff forward for NPQs and CPD; hub staff decide.

A nomination is an Enrolment in the state "nominated": approving makes it active, declining keeps
it (with the reason, shown to the school) so the school sees what happened to it.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hubportal.lib.dates import academic_year_of
from participants.access import headed_schools, is_hub_staff, tutored_schools
from participants.models import School, User
from programmes.cohorts.enrolments import PersonDetails, enrol_person
from programmes.models import NPQ_NOT_OFFERED, Cohort, Enrolment, Strand

Status = Enrolment.Status
NOMINABLE_STRANDS = (Strand.NPQ, Strand.CPD)


def nominating_schools(user) -> QuerySet[School]:
    """Schools whose nominations the user may see and make: their headteachers and tutors, and hub staff."""
    if not user.is_authenticated:
        return School.objects.none()
    if is_hub_staff(user):
        return School.objects.all()
    return School.objects.filter(Q(pk__in=headed_schools(user)) | Q(pk__in=tutored_schools(user)))


def get_nominating_school(user, urn: int) -> School:
    school = nominating_schools(user).filter(urn=urn).first()
    if school is None:
        raise Http404("No such school")
    return school


def nominable_cohorts(*, today: date) -> QuerySet[Cohort]:
    """NPQ and CPD cohorts of this academic year or the next that the hub runs (not ASO: §6.1, replaced by EHCO)."""
    year = academic_year_of(today)
    return (
        Cohort.objects.select_related("programme")
        .filter(programme__strand__in=NOMINABLE_STRANDS, academic_year__in=[year, year + 1])
        .exclude(programme__npq_course__in=NPQ_NOT_OFFERED)
        .order_by("academic_year", "programme__strand", "programme__name", "intake")
    )


def nominate(school: School, cohort: Cohort, details: PersonDetails, *, actor: User, today: date) -> Enrolment:
    """Put one member of staff forward; ValidationError by field when a rule refuses it.

    The person's own TRN rules are enrolment's (same TRN under another name, already nominated or
    enrolled in this cohort); the school is the nominating school, whatever was typed.
    """
    if not nominable_cohorts(today=today).filter(pk=cohort.pk).exists():
        raise ValidationError({"cohort": "Select an NPQ or CPD cohort of this academic year or the next"})
    details = PersonDetails(
        trn=details.trn, first_name=details.first_name, last_name=details.last_name, email=details.email, school_urn=school.urn,
    )
    return enrol_person(cohort, details, actor=actor, today=today, status=Status.NOMINATED)


def nominations_of(school: School) -> QuerySet[Enrolment]:
    """Everyone the school put forward, and what became of it."""
    return (
        Enrolment.objects.filter(school=school, nominated_by__isnull=False)
        .select_related("teacher", "cohort__programme")
        .order_by("-created_at", "pk")
    )


def pending_nominations() -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(status=Status.NOMINATED)
        .select_related("teacher", "school", "cohort__programme", "nominated_by")
        .order_by("created_at", "pk")
    )


def get_pending_nomination(user, public_id) -> Enrolment:
    if not is_hub_staff(user):
        raise Http404("No such nomination")
    nomination = pending_nominations().filter(public_id=public_id).first()
    if nomination is None:
        raise Http404("No such nomination")
    return nomination


def _decide(nomination: Enrolment, *, actor: User, now: datetime, **values) -> Enrolment:
    with transaction.atomic():
        # The conditional update is the claim: of two staff deciding at once, only one decides.
        updated = Enrolment.objects.filter(pk=nomination.pk, status=Status.NOMINATED).select_for_update().first()
        if updated is None:
            raise ValidationError("This nomination has already been decided")
        for name, value in {**values, "decided_by": actor, "decided_at": now}.items():
            setattr(updated, name, value)
        updated._history_user = actor
        updated.save()
    return updated


def approve(nomination: Enrolment, *, actor: User, now: datetime) -> Enrolment:
    """Enrolled from the day it is approved."""
    return _decide(nomination, actor=actor, now=now, status=Status.ACTIVE, enrolled_on=timezone.localdate(now))


def decline(nomination: Enrolment, reason: str, *, actor: User, now: datetime) -> Enrolment:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the nomination is declined: the school sees it"})
    return _decide(nomination, actor=actor, now=now, status=Status.DECLINED, status_reason=reason)
