"""Fidelity checks (E25-003) and concerns (ABD-004).

Fidelity checks are the AB's own: AB staff only. A concern about the walked induction (an ECT at
school A, not the cast's ECT) is read and monitored by AB staff and school A's tutor; only AB staff
close it; everyone else, the ECT included, gets 404.
"""

from . import LOGIN, answers

AB_STAFF_ONLY = answers(404, anonymous=LOGIN, ab_staff=200)
MONITORS = answers(404, anonymous=LOGIN, ab_staff=200, tutor_a=200)

ROWS = {
    "appropriate_body:fidelity_checks": AB_STAFF_ONLY,
    "appropriate_body:fidelity_plan": AB_STAFF_ONLY,
    "appropriate_body:fidelity_check": AB_STAFF_ONLY,
    "appropriate_body:fidelity_record": AB_STAFF_ONLY,
    "appropriate_body:fidelity_follow_up": AB_STAFF_ONLY,
    "appropriate_body:fidelity_follow_up_done": answers(405),  # POST only; see appropriate_body/tests/quality
    "appropriate_body:concern_list": AB_STAFF_ONLY,
    "appropriate_body:concern_raise": MONITORS,
    "appropriate_body:concern_detail": MONITORS,
    "appropriate_body:concern_action_add": MONITORS,
    "appropriate_body:concern_action_done": answers(405),  # POST only
    "appropriate_body:concern_visit": MONITORS,
    "appropriate_body:concern_close": AB_STAFF_ONLY,
}


def samples(context) -> dict:
    """A planned fidelity check of school A with a follow-up, and a concern with an action about school A's claimed ECT."""
    from datetime import timedelta

    from django.utils import timezone

    from appropriate_body.concerns import concerns
    from appropriate_body.fidelity import checks as fidelity
    from appropriate_body.models import Induction
    from hubportal.lib.dates import academic_year_of

    ab_staff, today = context["cast"]["ab_staff"], timezone.localdate()
    check = fidelity.plan_check(context["school_a"], academic_year=academic_year_of(today), visit_on=today, visitor=ab_staff, actor=ab_staff)
    follow_up = fidelity.add_follow_up(check, what="Share the mentor timetable", due_on=today + timedelta(days=14), actor=ab_staff)
    induction = Induction.objects.filter(periods__school=context["school_a"], periods__claim__isnull=False).first()
    concern = concerns.raise_concern(induction, description="Planning is not yet secure.", monitoring_from=today, review_on=None,
                                     raised_as="ab", actor=ab_staff, now=timezone.now())
    action = concerns.add_action(concern, what="Weekly planning check", who="Mentor", due_on=today + timedelta(days=7), actor=ab_staff)
    return {"check": check.public_id, "follow_up": follow_up.public_id, "concern": concern.public_id, "action": action.public_id}
