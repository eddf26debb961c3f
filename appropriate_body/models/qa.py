"""The AB's quality assurance of schools' induction (SG24 5.11, ABD-004): the checks its staff make, and
the planning of its own work week by week.

`QACheck`: one look a member of AB staff took at an ECT's induction (or at a school as a whole) and what
they found. `WorkAssignment`: one item of the AB's forecast work (a review or assessment due, a report
to check, a statutory clock) given to a member of staff for a week.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class QAFinding(models.TextChoices):
    OK = "ok", "No concerns"
    CONCERN = "concern", "Concern raised"
    RETURNED = "returned", "Report returned to the school"


class QACheck(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # An ECT's induction; empty for a check of the school as a whole (kept six years on its own clock).
    induction = models.ForeignKey("appropriate_body.Induction", on_delete=models.PROTECT, null=True, blank=True, related_name="qa_checks")
    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, related_name="qa_checks")
    # Why the queue put it in front of them (qa_queue.Signal keys), as it stood when they checked.
    reasons = models.JSONField(default=list, blank=True)
    looked_at = models.TextField("what was looked at")
    finding = models.CharField(max_length=10, choices=QAFinding.choices)
    note = models.TextField(blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    Finding = QAFinding

    class Meta:
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["school", "checked_at"]), models.Index(fields=["induction", "checked_at"])]

    def __str__(self) -> str:
        return f"QA check of {self.induction or self.school} ({self.get_finding_display()})"


class WorkKind(models.TextChoices):
    """The kinds of work in the AB's forecast; the clocks carry their rule (domain-rules.md §2.11)."""

    REVIEW = "review", "Review or assessment due"
    REPORT = "report", "Report to check"
    RECOMMENDATION = "recommendation", "Headteacher's recommendation to chase (DL-001)"
    SIGNED_REPORT = "signed_report", "Signed final report to chase (DL-002)"
    DECISION = "decision", "Decision to make (DL-004)"
    NOTICES = "notices", "Decision notices to send (DL-006)"
    APPEAL_REPLY = "appeal_reply", "Appeal to reply to (DL-011)"


class WorkAssignment(models.Model):
    """One item of forecast work given to a member of AB staff for a week (the Monday it starts)."""

    kind = models.CharField(max_length=20, choices=WorkKind.choices)
    # The item's row: an Assessment (review, report, signed report), a CompletionDecision (recommendation,
    # decision, notices) or an Appeal (appeal reply). Its induction is kept too, so reducing it removes these.
    object_id = models.PositiveBigIntegerField()
    induction = models.ForeignKey("appropriate_body.Induction", on_delete=models.PROTECT, related_name="work_assignments")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="work_assignments")
    planned_week = models.DateField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    Kind = WorkKind

    class Meta:
        ordering = ["planned_week", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_assignment_per_work_item"),
            # A week is named by its Monday (ISO weekday 1; PostgreSQL and SQLite agree on week_day 2).
            models.CheckConstraint(condition=Q(planned_week__week_day=2), name="planned_week_is_a_monday"),
        ]
        indexes = [models.Index(fields=["assignee", "planned_week"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} in the week of {self.planned_week}"


class WorkloadTally(models.Model):
    """How many open reviews (or reports to check) fall on a day, its due date (or the day it arrived), planned or not:
    counted at the last refresh (appropriate_body.qa.tallies) so that the workload forecast reads a few hundred rows
    rather than every open review of every hub."""

    kind = models.CharField(max_length=20, choices=WorkKind.choices)
    day = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "day"], name="one_workload_tally_per_kind_and_day")]

    def __str__(self) -> str:
        return f"{self.count} {self.kind} on {self.day}"


class WorkloadRefresh(models.Model):
    """When the workload tallies were last counted: one row, written by each refresh; none until the first."""

    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Workload counted at {self.refreshed_at}"
