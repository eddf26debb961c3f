"""More of the AB's quality work in the demo: reports returned to their schools with comments, a reduction a school
asked for that waits for the ECT's consent, and the busiest week of the forecast planned out between AB staff, so
"Reports to check", the tutor's task list, the ECT's induction page, the workload and "My work" all show something."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from appropriate_body.assessments.awaiting import refresh_awaiting_review
from appropriate_body.assessments.not_on_track import refresh_not_on_track
from appropriate_body.models import (
    Assessment,
    AssessmentStatus,
    InductionPeriod,
    LengthRequest,
    ReportReview,
    ReturnedSection,
    ReviewOutcome,
    WorkKind,
)
from appropriate_body.qa.assignments import plan_work
from appropriate_body.qa.workload import assessment_items, forecast, monday
from participants.models import User

RETURNED = {
    "evidence_summary": "The summary describes lessons taught but not how they show progress against the standards.",
    "TS4": "No evidence is given for TS4: add a planned sequence of lessons or an observation note.",
    "targets": "Targets are missing: add two or three for next term.",
}


def seed_demo_quality_reviews(*, today: date, ab_staff: User | None, tutor: User | None) -> int:
    """Once (a second run finds a returned report and does nothing); the number of rows made."""
    if ab_staff is None or ReportReview.objects.exists():
        return 0
    with transaction.atomic():
        made = _returned_reports(ab_staff)
        made += _reduction_awaiting_consent(tutor, today=today)
        made += _busiest_week_planned(ab_staff, today=today)
    return made


def _returned_reports(ab_staff: User) -> int:
    """Two submitted progress reviews returned to their schools, as return_report writes them (no emails from the demo)."""
    made = 0
    for review in (Assessment.objects.filter(status=AssessmentStatus.SUBMITTED, kind="progress_review").select_related("induction_period")
                   .order_by("due_on", "pk")[:2]):
        returned = ReportReview(assessment=review, outcome=ReviewOutcome.RETURNED, reviewed_by=ab_staff,
                                reviewed_at=timezone.now() - timedelta(days=3), school_id=review.induction_period.school_id)
        returned._history_user = ab_staff
        returned.save()
        for key, comment in RETURNED.items():
            section = ReturnedSection(review=returned, section=key, comment=comment)
            section._history_user = ab_staff
            section.save()
        Assessment.objects.filter(pk=review.pk).update(status=AssessmentStatus.RETURNED, review_round=review.review_round + 1)
        refresh_awaiting_review([review.pk])
        refresh_not_on_track([review.induction_id])
        made += 1 + len(RETURNED)
    return made


def _reduction_awaiting_consent(tutor: User | None, *, today: date) -> int:
    """LEN-006: a school asks to reduce an ECT's induction for prior experience; the ECT has not yet answered."""
    # An ECT with an account, so signing in as them shows the question.
    period = (InductionPeriod.objects.filter(finished_on__isnull=True, other_appropriate_body="", outcome="",
                                             induction__teacher__user__isnull=False)
              .select_related("induction").order_by("-pk").first())
    if period is None:
        return 0
    request = LengthRequest(
        induction=period.induction, school_id=period.school_id, kind=LengthRequest.Kind.REDUCTION,
        basis=LengthRequest.Basis.PRIOR_EXPERIENCE, terms=Decimal(2),
        evidence="Four years teaching whole classes in an independent school before QTS by assessment only.",
        headteacher_consulted=True, headteacher_name="The headteacher", status=LengthRequest.Status.AWAITING_ECT,
        requested_on=today - timedelta(days=2), requested_by=tutor,
    )
    request._history_user = tutor
    request.save()
    return 1


def _busiest_week_planned(ab_staff: User, *, today: date) -> int:
    """The forecast's busiest week: a few of its reviews given to the demo AB staff member, one moved a week earlier."""
    weeks = [week for week in forecast(today=today) if week.total]
    if not weeks:
        return 0
    busiest = max(weeks, key=lambda week: week.total)
    items = assessment_items(WorkKind.REVIEW, today=today, week=busiest.starts_on)[:6]
    week_before = busiest.starts_on - timedelta(weeks=1)
    for n, item in enumerate(items):
        # One moved to the quieter week before, as AB staff spread a peak (never past its due date: it is earlier).
        moved = n == 0 and week_before >= monday(today)
        plan_work(item, assignee=ab_staff, planned_week=week_before if moved else None, actor=ab_staff, today=today)
    return len(items)
