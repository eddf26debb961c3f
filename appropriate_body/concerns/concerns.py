"""Cause for concern (ABD-004): raise a concern about an ECT's induction, monitor it with actions and a
visit, and close it with a note.

AB staff or an induction tutor at the ECT's current school raise it; the other side hears by email,
once per step (ConcernNotice rows, sent on commit). Each change is in the concern's history (DP-006).
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from appropriate_body.models import Concern, ConcernAction, ConcernNotice, Induction
from hubportal.lib.queue import queue_on_commit
from participants.models import User

CLOSED = "This concern is closed"
NO_OPEN_PERIOD = "This ECT has no open induction period, so there is no school to monitor the concern with"


def _notify(concern: Concern, kind: str) -> None:
    """Inside the step's transaction: the row for this step, sent once on commit (a retried step finds it made)."""
    notice, created = ConcernNotice.objects.get_or_create(concern=concern, kind=kind)
    if created:
        queue_on_commit(ConcernNotice.send_task, [notice.pk])


def raise_concern(induction: Induction, *, description: str, monitoring_from: date, review_on: date | None,
                  raised_as: str, actor: User, now: datetime) -> Concern:
    """Open a concern at the ECT's current school. `raised_as` says whose it is (AB or school), which decides
    who is told: the school's tutors when the AB raises it, AB staff when a tutor does."""
    period = induction.periods.filter(finished_on__isnull=True).first()
    if period is None:
        raise ValidationError(NO_OPEN_PERIOD)
    if not description.strip():
        raise ValidationError({"description": "Enter what the concern is"})
    if review_on is not None and review_on < monitoring_from:
        raise ValidationError({"review_on": "The next review must be on or after the day monitoring starts"})
    concern = Concern(induction=induction, school_id=period.school_id, description=description.strip(), raised_as=raised_as,
                      raised_by=actor, raised_at=now, monitoring_from=monitoring_from, review_on=review_on)
    concern._history_user = actor
    with transaction.atomic():
        concern.save()
        _notify(concern, ConcernNotice.Kind.RAISED)
    return concern


def _open(concern: Concern) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if not concern.is_open:
        raise ValidationError(CLOSED)
    return concern


def add_action(concern: Concern, *, what: str, who: str, due_on: date, actor: User) -> ConcernAction:
    with transaction.atomic():
        concern = _open(concern)
        action = ConcernAction(concern=concern, what=what.strip(), who=who.strip(), due_on=due_on, created_by=actor)
        action._history_user = actor
        action.save()
    return action


def complete_action(action: ConcernAction, *, done_on: date, actor: User) -> ConcernAction:
    with transaction.atomic():
        _open(action.concern)
        action = ConcernAction.objects.select_for_update().get(pk=action.pk)
        if action.done_on is None:
            action.done_on = done_on
            action._history_user = actor
            action.save(update_fields=["done_on"])
    return action


def record_visit(concern: Concern, *, visit_on: date, visit_note: str, review_on: date | None, actor: User) -> Concern:
    """A visit to the school about the concern (planned or made), with what it found, and the next review."""
    with transaction.atomic():
        concern = _open(concern)
        concern.visit_on, concern.visit_note = visit_on, visit_note.strip()
        if review_on is not None:
            concern.review_on = review_on
        concern._history_user = actor
        concern.save(update_fields=["visit_on", "visit_note", "review_on"])
    return concern


def close_concern(concern: Concern, *, closing_note: str, actor: User, now: datetime) -> Concern:
    """AB staff close it, saying why; the school's tutors are told."""
    if not closing_note.strip():
        raise ValidationError({"closing_note": "Enter why the concern is closed"})
    with transaction.atomic():
        concern = _open(concern)
        concern.status, concern.closing_note, concern.closed_by, concern.closed_at = Concern.Status.CLOSED, closing_note.strip(), actor, now
        concern._history_user = actor
        concern.save(update_fields=["status", "closing_note", "closed_by", "closed_at"])
        _notify(concern, ConcernNotice.Kind.CLOSED)
    return concern


def overdue_actions(today: date) -> QuerySet[ConcernAction]:
    return ConcernAction.objects.filter(done_on__isnull=True, due_on__lt=today)


def concerns_to_follow_up(*, today: date) -> QuerySet[Concern]:
    """ABD-004: open concerns with an action overdue, or no action yet: the AB's to-do list counts them."""
    overdue = overdue_actions(today).filter(concern=OuterRef("pk"))
    any_action = ConcernAction.objects.filter(concern=OuterRef("pk"))
    return (Concern.objects.filter(status=Concern.Status.OPEN).filter(Q(Exists(overdue)) | ~Q(Exists(any_action)))
            .annotate(has_actions=Exists(any_action))
            .select_related("induction__teacher", "school").order_by("raised_at", "pk"))


def action_counts(today: date) -> dict:
    """Annotations for a list of concerns: actions not done, and of those, overdue (counted in the same query)."""
    return {"actions_open": Count("actions", filter=Q(actions__done_on__isnull=True)),
            "actions_overdue": Count("actions", filter=Q(actions__done_on__isnull=True, actions__due_on__lt=today))}


def open_concerns_at(school_id: int, *, today: date) -> QuerySet[Concern]:
    return (Concern.objects.filter(school_id=school_id, status=Concern.Status.OPEN).annotate(**action_counts(today))
            .select_related("induction__teacher").order_by("raised_at", "pk"))


def has_open_concern(induction: Induction) -> bool:
    return induction.concerns.filter(status=Concern.Status.OPEN).exists()
