"""The AB's workload forecast: its work week by week for this term and the next, from the Monday of this week.

Four kinds of work, each in the week it naturally falls (or the week AB staff planned it for,
`WorkAssignment.planned_week`):
- reviews and assessments due (an open Assessment, in the week of its due date, PR-002/FA-002);
- reports to check (submitted or signed, not yet accepted), in the week they arrived;
- statutory clocks: the headteacher's recommendation (DL-001), the signed final report (DL-002), the
  AB's decision (DL-004), its notices (DL-006) and its reply to an appeal (DL-011), in the week due.
Work whose week has passed is counted in this week: it is still to do. Reviews and reports are
counted in the database (one grouped query each, and one for the planned ones); the clocks are worked out from their rows, which
are few (inductions at their end), since working days are not the database's to count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate

from appropriate_body.inductions.todo import appeal_replies_due, signed_reports_awaited
from appropriate_body.models import Assessment, CompletionDecision, WorkAssignment, WorkKind
from appropriate_body.models.assessments import OPEN_STATUSES
from appropriate_body.reviews.reviews import reports_awaiting_review
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


def open_rows(kind: str) -> QuerySet[Assessment]:
    return Assessment.objects.filter(status__in=OPEN_STATUSES) if kind == WorkKind.REVIEW else reports_awaiting_review()


def natural_day(kind: str):
    """A review's due date (PR-002, FA-002); a report's arrival: a review when submitted (PR-003), an
    assessment when the ECT signed last (FA-005)."""
    if kind == WorkKind.REVIEW:
        return F("due_on")
    return Coalesce(TruncDate("submitted_at"), TruncDate("ect_signed_at"), "due_on")


def _assignments(kind: str, rows: QuerySet[Assessment], member=None) -> dict[int, WorkAssignment]:
    """The open items of this kind planned for a week (for one member if given), by the item's id.

    Planned work is counted apart from the rest, rather than looked up row by row: a lookup per
    review in SQL costs 170 ms at 9,000 open reviews; this is one small query."""
    planned = WorkAssignment.objects.filter(kind=kind, object_id__in=rows.values("pk"))
    if member is not None:
        planned = planned.filter(assignee=member)
    return {assignment.object_id: assignment for assignment in planned}


def _unplanned(kind: str, rows: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return rows.exclude(pk__in=WorkAssignment.objects.filter(kind=kind).values("object_id")).annotate(day=natural_day(kind))


def _week_counts(kind: str, *, today: date, member=None, by_day: Counter | None = None) -> Counter:
    """The open items of this kind in each week: unplanned ones in their natural week, planned ones in theirs.
    `by_day`, every open item's natural day counted at the last refresh (appropriate_body.qa.tallies), stands in for
    counting them now."""
    first, last = horizon(today)
    rows, counts = open_rows(kind), Counter()
    assignments = _assignments(kind, rows, member)
    if member is None and by_day is None:
        # Grouped by day (a few hundred at most), folded into weeks here.
        by_day = Counter(dict(_unplanned(kind, rows).filter(day__lte=last).values("day").annotate(n=Count("pk"))
                              .values_list("day", "n").order_by()))
    elif member is None:
        # The kept counts hold the planned items too, in their natural week: taken out here, put in their planned one below.
        by_day = Counter(by_day)
        if assignments:
            by_day.subtract(day for day in rows.filter(pk__in=list(assignments)).annotate(day=natural_day(kind))
                            .values_list("day", flat=True).order_by())
    for day, n in (by_day or {}).items():
        if day <= last:
            counts[max(monday(day), first)] += n
    for assignment in assignments.values():
        week = max(assignment.planned_week, first)
        if week <= last:
            counts[week] += 1
    # An item planned since the last count and opened after it would take one from a week that never had it.
    return Counter({week: n for week, n in counts.items() if n > 0})


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


def _clock_rows(*, people: bool = True) -> list[tuple[str, object, int, object, date]]:
    """(kind, row, induction id, teacher, statutory deadline) of every running clock the AB works to: one query per list.
    Without `people` the teacher is None and no teacher is read: the forecast only counts the clocks."""
    rows = []
    completions = CompletionDecision.objects.filter(Q(recommendation_received_on__isnull=True) | Q(decided_on__isnull=True)
                                                    | Q(notices_sent_on__isnull=True))
    completions = completions.select_related("induction__teacher") if people else completions

    def teacher(row):
        return row.induction.teacher if people else None

    for completion in completions:
        if completion.recommendation_received_on is None:
            kind, deadline = WorkKind.RECOMMENDATION, headteacher_recommendation_due(completion.completed_on)
        elif completion.decided_on is None:
            kind, deadline = WorkKind.DECISION, ab_decision_due(completion.recommendation_received_on)
        else:
            kind, deadline = WorkKind.NOTICES, decision_notices_due(completion.decided_on)
        rows.append((kind, completion, completion.induction_id, teacher(completion), deadline))
    for assessment in signed_reports_awaited() if people else signed_reports_awaited().select_related(None):
        rows.append((WorkKind.SIGNED_REPORT, assessment, assessment.induction_id, teacher(assessment), signed_report_due(assessment.meeting_on)))
    for appeal in appeal_replies_due() if people else appeal_replies_due().select_related("completion"):
        rows.append((WorkKind.APPEAL_REPLY, appeal, appeal.completion.induction_id, teacher(appeal.completion),
                     ab_appeal_response_due(appeal.copy_received_on)))
    return rows


def clock_items(*, today: date, member=None, people: bool = True) -> list[WorkItem]:
    first, last = horizon(today)
    assignments = {(a.kind, a.object_id): a for a in WorkAssignment.objects.filter(kind__in=CLOCK_KINDS)}
    items = []
    for kind, row, induction_id, teacher, deadline in _clock_rows(people=people):
        assignment = assignments.get((kind, row.pk))
        if member is not None and (assignment is None or assignment.assignee_id != member.pk):
            continue
        week = max(assignment.planned_week if assignment else monday(deadline.due_on), first)
        if week <= last:
            items.append(WorkItem(kind, row.pk, row.public_id, induction_id, teacher, week, deadline.due_on, deadline.rule_id,
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


def forecast(*, today: date, member=None, kept: dict[str, Counter] | None = None) -> list[Week]:
    """Every week of the horizon with its count of each kind of work (for one member's planned work if given). `kept`:
    the reviews and reports counted by day at the last refresh (appropriate_body.qa.tallies), else counted now."""
    by_week = {starts_on: Week(starts_on) for starts_on in weeks(today)}
    for column in (WorkKind.REVIEW, WorkKind.REPORT):
        by_day = kept.get(column.value, Counter()) if kept is not None and member is None else None
        for week, n in _week_counts(column, today=today, member=member, by_day=by_day).items():
            by_week[week].counts[column.value] = n
    for item in clock_items(today=today, member=member, people=False):
        by_week[item.week].counts["clock"] = by_week[item.week].count("clock") + 1
    return list(by_week.values())


def _work_item(kind: str, row: Assessment, assignment: WorkAssignment | None, first: date) -> WorkItem:
    """A review (due by its date) or a report to check (no statutory date), in its planned or natural week."""
    review = kind == WorkKind.REVIEW
    return WorkItem(kind, row.pk, row.public_id, row.induction_id, row.induction.teacher,
                    max(assignment.planned_week if assignment else monday(row.day), first),
                    row.due_on if review else None, row.rule_id if review else "",
                    assignment.assignee_id if assignment else None, assignment is not None)


def assessment_items(kind: str, *, today: date, week: date | None = None, member=None) -> list[WorkItem]:
    """The reviews (or reports) in one week, or all a member has planned, each with its week and who has it."""
    first, last = horizon(today)
    rows = open_rows(kind)
    assignments = _assignments(kind, rows, member)
    planned = [pk for pk, a in assignments.items() if max(a.planned_week, first) <= last and (week is None or max(a.planned_week, first) == week)]
    found = list(rows.filter(pk__in=planned).annotate(day=natural_day(kind)).select_related("induction__teacher"))
    if member is None and week is not None:
        unplanned = _unplanned(kind, rows).filter(day__lte=min(last, week + timedelta(days=6)))
        found += list((unplanned if week == first else unplanned.filter(day__gte=week)).select_related("induction__teacher"))
    items = []
    for row in found:
        items.append(_work_item(kind, row, assignments.get(row.pk), first))
    return sorted(items, key=lambda item: (item.week, item.due_on or item.week, item.object_id))


def item_of(kind: str, assessment: Assessment, *, today: date) -> WorkItem | None:
    """One review or report as open work in the forecast, with its week and who has it; None if it is not open
    work of that kind or falls after the forecast's last week."""
    first, last = horizon(today)
    row = open_rows(kind).filter(pk=assessment.pk).annotate(day=natural_day(kind)).select_related("induction__teacher").first()
    if row is None:
        return None
    item = _work_item(kind, row, WorkAssignment.objects.filter(kind=kind, object_id=row.pk).first(), first)
    return item if item.week <= last else None


def items_in_week(week: date, *, today: date, member=None) -> list[WorkItem]:
    """The work in one week, each item with its due date and who has it: a few queries and the clocks'."""
    items = assessment_items(WorkKind.REVIEW, today=today, week=week, member=member)
    items += assessment_items(WorkKind.REPORT, today=today, week=week, member=member)
    return items + [item for item in clock_items(today=today, member=member) if item.week == week]


def member_items(member, *, today: date) -> dict[date, list[WorkItem]]:
    """"My work": the member's items in the horizon, by week."""
    items = assessment_items(WorkKind.REVIEW, today=today, member=member)
    items += assessment_items(WorkKind.REPORT, today=today, member=member)
    items += clock_items(today=today, member=member)
    by_week: dict[date, list[WorkItem]] = {}
    for item in sorted(items, key=lambda item: (item.week, item.due_on or item.week, item.kind)):
        by_week.setdefault(item.week, []).append(item)
    return by_week
