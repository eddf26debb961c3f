"""The AB's quality work in the demo: this year's fidelity checks (one recorded, one planned, the rest owed)
and an open concern whose action is overdue, so the to-do list, the lists and the school pages show them."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from appropriate_body.fidelity.checks import add_follow_up, plan_check, record_check, schools_owing_fidelity_check
from appropriate_body.models import FIDELITY_AREAS, Concern, ConcernAction, FidelityCheck, InductionPeriod
from hubportal.lib.dates import academic_year_of
from participants.models import User


def seed_demo_quality(*, today: date, ab_staff: User | None) -> int:
    """Fidelity checks and a concern, once (a second run finds them); the number of rows made."""
    year = academic_year_of(today)
    if ab_staff is None or FidelityCheck.objects.filter(academic_year=year).exists() or Concern.objects.exists():
        return 0
    made = 0
    owing = list(schools_owing_fidelity_check(year).order_by("urn")[:2])
    if owing:
        done = plan_check(owing[0], academic_year=year, visit_on=today, visitor=ab_staff, actor=ab_staff)
        findings = {key: ("met", "") for key, _ in FIDELITY_AREAS} | {"mentoring": ("partly", "Mentor time is not yet protected.")}
        record_check(done, findings=findings, actions="Protect an hour a week of mentor time.", outcome="meets_with_actions",
                     completed_on=today, actor=ab_staff, today=today)
        add_follow_up(done, what="Mentor time on the school's timetable", due_on=today + timedelta(days=28), actor=ab_staff)
        made += 2
    if len(owing) > 1:
        plan_check(owing[1], academic_year=year, visit_on=today + timedelta(days=21), visitor=ab_staff, actor=ab_staff)
        made += 1
    period = (InductionPeriod.objects.filter(finished_on__isnull=True, other_appropriate_body="").select_related("induction")
              .order_by("pk").first())
    if period is not None:
        # Written as rows (no emails from the demo), with their history, as the domain would write them.
        concern = Concern(induction=period.induction, school_id=period.school_id, raised_as=Concern.RaisedAs.AB, raised_by=ab_staff,
                          raised_at=timezone.now(), monitoring_from=today - timedelta(days=14), review_on=today + timedelta(days=14),
                          description="Behaviour management in Year 9 classes is not improving despite the mentor's support.")
        concern._history_user = ab_staff
        concern.save()
        action = ConcernAction(concern=concern, what="Observe a Year 9 lesson with the mentor", who="Induction tutor",
                               due_on=today - timedelta(days=3), created_by=ab_staff)
        action._history_user = ab_staff
        action.save()
        made += 2
    return made
