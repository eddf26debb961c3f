"""Giving an item of the AB's forecast work to a member of staff, for a week, and moving it to a quieter one.

A week is named by its Monday. Work is never planned for a week after its statutory due date
(the Monday of the week must be on or before it): moving work out of a peak week must not make the
AB, or the school it chases, late (domain-rules.md §2.10, §2.11).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from appropriate_body.models import Appeal, Assessment, CompletionDecision, Induction, WorkAssignment, WorkKind
from appropriate_body.qa.workload import CLOCK_KINDS, WorkItem, clock_items, horizon, item_of, monday
from hubportal.lib.dates import long_date
from participants.access import is_ab_staff
from participants.models import User

MODELS = {WorkKind.REVIEW: Assessment, WorkKind.REPORT: Assessment, WorkKind.SIGNED_REPORT: Assessment,
          WorkKind.RECOMMENDATION: CompletionDecision, WorkKind.DECISION: CompletionDecision, WorkKind.NOTICES: CompletionDecision,
          WorkKind.APPEAL_REPLY: Appeal}


def find_item(kind: str, public_id, *, today: date) -> WorkItem | None:
    """The open item of work of that kind for that row, as the forecast sees it; None if it is not open work."""
    if kind not in MODELS:
        return None
    row = MODELS[kind].objects.filter(public_id=public_id).first()
    if row is None:
        return None
    if kind in CLOCK_KINDS:
        return next((item for item in clock_items(today=today) if item.kind == kind and item.object_id == row.pk), None)
    return item_of(kind, row, today=today)


def plan_work(item: WorkItem, *, assignee: User | None, planned_week: date | None, actor: User, today: date) -> WorkAssignment:
    """Give `item` to `assignee` (or nobody) for `planned_week` (its natural week if None).

    Refuses a week before this one, after the forecast's horizon, or after the item's statutory due date.
    """
    first, last = horizon(today)
    week = monday(planned_week) if planned_week else item.week
    errors = {}
    if assignee is not None and not is_ab_staff(assignee):
        errors["assignee"] = ["Choose a member of the appropriate body's staff"]
    if week < first:
        errors["planned_week"] = ["Choose this week or a later one"]
    elif item.due_on is not None and item.due_on < first and week > first:
        # Already overdue: it can be planned for this week only, never put off further.
        rule = f" ({item.rule_id})" if item.rule_id else ""
        errors["planned_week"] = [f"This was due by {long_date(item.due_on)}{rule}. Choose this week, the week beginning {long_date(first)}"]
    elif item.due_on is not None and first <= item.due_on < week:
        rule = f" ({item.rule_id})" if item.rule_id else ""
        errors["planned_week"] = [f"This is due by {long_date(item.due_on)}{rule}. Choose the week beginning "
                                  f"{long_date(monday(item.due_on))} or an earlier one"]
    elif week > last:
        errors["planned_week"] = [f"Choose a week up to the one beginning {long_date(monday(last))}"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Two people planning the same item at once: the second waits, then updates the first's row.
        Induction.objects.select_for_update().get(pk=item.induction_id)
        assignment = WorkAssignment.objects.select_for_update().filter(kind=item.kind, object_id=item.object_id).first()
        assignment = assignment or WorkAssignment(kind=item.kind, object_id=item.object_id, induction_id=item.induction_id)
        assignment.assignee, assignment.planned_week = assignee, week
        assignment.updated_by, assignment.updated_at = actor, timezone.now()
        assignment._history_user = actor
        assignment.save()
    return assignment
