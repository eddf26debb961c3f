"""The AB's workload forecast: its work week by week for this term and the next, from the Monday of this week.

Four kinds of work, each in the week it naturally falls (or the week AB staff planned it for,
`WorkAssignment.planned_week`):
- reviews and assessments due (an open Assessment, in the week of its due date, PR-002/FA-002);
- reports to check (submitted or signed, not yet accepted), in the week they arrived;
- statutory clocks: the headteacher's recommendation (DL-001), the signed final report (DL-002), the
  AB's decision (DL-004), its notices (DL-006) and its reply to an appeal (DL-011), in the week due.
Work whose week has passed is counted in this week: it is still to do. Reviews and reports are
counted in the database (one grouped query each); the clocks are worked out from their rows, which
are few (inductions at their end), since working days are not the database's to count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, DateField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest, TruncWeek

from appropriate_body.inductions.todo import appeal_replies_due, signed_reports_awaited
from appropriate_body.models import Assessment, AssessmentStatus, CompletionDecision, WorkAssignment, WorkKind
from appropriate_body.models.assessments import OPEN_STATUSES
from appropriate_body.rules.deadlines import (
    ab_appeal_response_due,
    ab_decision_due,
    decision_notices_due,
    headteacher_recommendation_due,
    signed_report_due,
)
from appropriate_body.rules.term_calendar import DEFAULT_CALENDAR

CLOCK_KINDS = (WorkKind.RECOMMENDATION, WorkKind.SIGNED_REPORT, WorkKind.DECISION, WorkKind.NOTICES, WorkKind.APPEAL_REPLY)
# The columns of the Workload page, in order.
COLUMNS = (("review", "Reviews and assessments due"), ("report", "Reports to check"), ("clock", "Decisions and deadlines"))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def horizon(today: date) -> tuple[date, date]:
    """From the Monday of this week to the end of the term after this one (two terms, the rest of this one included)."""
    this_term = DEFAULT_CALENDAR.term_containing(today)
    return monday(today), DEFAULT_CALENDAR.next_term(this_term).end


def weeks(today: date) -> list[date]:
    first, last = horizon(today)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def reports_awaiting_review() -> QuerySet[Assessment]:
    """Reports the AB has still to check: from report reviews once they exist, else every submitted or signed one."""
    try:  # wired at merge: report reviews are another module's (imported late: it may not be there)
        from appropriate_body.quality.report_reviews import reports_awaiting_review as awaiting
    except ImportError:
        return Assessment.objects.filter(status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.SIGNED])
    return awaiting()


def _assignment(kind: str) -> QuerySet[WorkAssignment]:
    return WorkAssignment.objects.filter(kind=kind, object_id=OuterRef("pk"))


def _planned(rows: QuerySet[Assessment], kind: str, natural, *, today: date, member=None) -> QuerySet[Assessment]:
    """Each row's week: the one planned for it, else its natural one, and never before this week."""
    first, last = horizon(today)
    rows = rows.annotate(natural_week=natural, assigned_week=Subquery(_assignment(kind).values("planned_week")[:1]))
    rows = rows.annotate(week=Greatest(Coalesce("assigned_week", "natural_week", Value(first)), Value(first), output_field=DateField()))
    if member is not None:
        rows = rows.filter(Exists(_assignment(kind).filter(assignee=member)))
    return rows.filter(week__lte=last)


def reviews_due(*, today: date, member=None) -> QuerySet[Assessment]:
    """Open reviews and assessments in the horizon, each with its `week` (PR-002, FA-002)."""
    rows = Assessment.objects.filter(status__in=OPEN_STATUSES)
    return _planned(rows, WorkKind.REVIEW, Cast(TruncWeek("due_on"), DateField()), today=today, member=member)


def reports_to_check(*, today: date, member=None) -> QuerySet[Assessment]:
    """Reports to check, each with its `week`: the week it arrived (a review when submitted, PR-003; an
    assessment when the ECT signed last, FA-005)."""
    arrived = Cast(TruncWeek(Coalesce("submitted_at", "ect_signed_at")), DateField())
    return _planned(reports_awaiting_review(), WorkKind.REPORT, arrived, today=today, member=member)


@dataclass
class WorkItem:
    kind: str
    object_id: int
    public_id: object
    induction_id: int
    teacher: object
    week: date
    # The statutory date it must be done by (None for a report to check: it has none).
    due_on: date | None
    rule_id: str = ""
    assignee_id: int | None = None
    planned: bool = False

    @property
    def kind_label(self) -> str:
        return WorkKind(self.kind).label


def _clock_rows() -> list[tuple[str, object, object, date]]:
    """(kind, row, induction, statutory deadline) of every running clock the AB works to: one query per list."""
    rows = []
    completions = (CompletionDecision.objects.filter(Q(recommendation_received_on__isnull=True) | Q(decided_on__isnull=True)
                                                     | Q(notices_sent_on__isnull=True)).select_related("induction__teacher"))
    for completion in completions:
        if completion.recommendation_received_on is None:
            rows.append((WorkKind.RECOMMENDATION, completion, completion.induction, headteacher_recommendation_due(completion.completed_on)))
        elif completion.decided_on is None:
            rows.append((WorkKind.DECISION, completion, completion.induction, ab_decision_due(completion.recommendation_received_on)))
        else:
            rows.append((WorkKind.NOTICES, completion, completion.induction, decision_notices_due(completion.decided_on)))
    for assessment in signed_reports_awaited():
        rows.append((WorkKind.SIGNED_REPORT, assessment, assessment.induction, signed_report_due(assessment.meeting_on)))
    for appeal in appeal_replies_due():
        rows.append((WorkKind.APPEAL_REPLY, appeal, appeal.completion.induction, ab_appeal_response_due(appeal.copy_received_on)))
    return rows


def clock_items(*, today: date, member=None) -> list[WorkItem]:
    first, last = horizon(today)
    assignments = {(a.kind, a.object_id): a for a in WorkAssignment.objects.filter(kind__in=CLOCK_KINDS)}
    items = []
    for kind, row, induction, deadline in _clock_rows():
        assignment = assignments.get((kind, row.pk))
        if member is not None and (assignment is None or assignment.assignee_id != member.pk):
            continue
        week = max(assignment.planned_week if assignment else monday(deadline.due_on), first)
        if week <= last:
            items.append(WorkItem(kind, row.pk, row.public_id, induction.pk, induction.teacher, week, deadline.due_on, deadline.rule_id,
                                  assignment.assignee_id if assignment else None, assignment is not None))
    return items


@dataclass
class Week:
    starts_on: date
    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def is_peak(self) -> bool:
        return self.total > settings.AB_WEEKLY_CAPACITY

    def count(self, column: str) -> int:
        return self.counts.get(column, 0)

    @property
    def cells(self) -> list[int]:
        return [self.count(key) for key, _ in COLUMNS]


def forecast(*, today: date, member=None) -> list[Week]:
    """Every week of the horizon with its count of each kind of work (for one member's planned work if given)."""
    by_week = {starts_on: Week(starts_on) for starts_on in weeks(today)}
    for column, rows in (("review", reviews_due(today=today, member=member)), ("report", reports_to_check(today=today, member=member))):
        for week, n in rows.values("week").annotate(n=Count("pk")).values_list("week", "n").order_by():
            by_week[week].counts[column] = n
    for item in clock_items(today=today, member=member):
        by_week[item.week].counts["clock"] = by_week[item.week].count("clock") + 1
    return list(by_week.values())


def _assessment_items(kind: str, rows: QuerySet[Assessment]) -> list[WorkItem]:
    rows = rows.select_related("induction__teacher").annotate(
        assignee_id=Subquery(_assignment(kind).values("assignee_id")[:1])).order_by("week", "due_on", "pk")
    return [WorkItem(kind, row.pk, row.public_id, row.induction_id, row.induction.teacher, row.week,
                     row.due_on if kind == WorkKind.REVIEW else None, row.rule_id if kind == WorkKind.REVIEW else "",
                     row.assignee_id, row.assigned_week is not None) for row in rows]


def items_in_week(week: date, *, today: date, member=None) -> list[WorkItem]:
    """The work in one week, each item with its due date and who has it: three queries and the clocks'."""
    items = _assessment_items(WorkKind.REVIEW, reviews_due(today=today, member=member).filter(week=week))
    items += _assessment_items(WorkKind.REPORT, reports_to_check(today=today, member=member).filter(week=week))
    return items + [item for item in clock_items(today=today, member=member) if item.week == week]


def member_items(member, *, today: date) -> dict[date, list[WorkItem]]:
    """"My work": the member's items in the horizon, by week."""
    items = _assessment_items(WorkKind.REVIEW, reviews_due(today=today, member=member))
    items += _assessment_items(WorkKind.REPORT, reports_to_check(today=today, member=member))
    items += clock_items(today=today, member=member)
    by_week: dict[date, list[WorkItem]] = {}
    for item in sorted(items, key=lambda item: (item.week, item.due_on or item.week, item.kind)):
        by_week.setdefault(item.week, []).append(item)
    return by_week
