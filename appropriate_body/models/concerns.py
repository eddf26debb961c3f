"""Cause for concern (ABD-004): the AB acts where an ECT is struggling, with the school.

AB staff, or an induction tutor at the ECT's school, raise a concern about an ECT's induction. It is
monitored with actions (what, who, by when, done) and, if needed, a visit; AB staff close it with a
note. The concern belongs to the induction record and goes when the record is reduced (DP-001).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubportal.lib.outbox import OutboxRow


class Concern(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class RaisedAs(models.TextChoices):
        AB = "ab", "The appropriate body"
        SCHOOL = "school", "The school"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    induction = models.ForeignKey("appropriate_body.Induction", on_delete=models.PROTECT, related_name="concerns")
    # The ECT's school when it was raised: its tutors monitor it with the AB, and only they see it.
    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, related_name="concerns")
    description = models.TextField("what the concern is")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_as = models.CharField(max_length=10, choices=RaisedAs.choices)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    # Monitoring: from when, the next review, and a visit if one is needed.
    monitoring_from = models.DateField("monitoring from")
    review_on = models.DateField("next review", null=True, blank=True)
    visit_on = models.DateField("visit date", null=True, blank=True)
    visit_note = models.TextField("note of the visit", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    closing_note = models.TextField(blank=True)
    history = HistoricalRecords()

    Status = Status
    RaisedAs = RaisedAs

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status="open", closed_at__isnull=True)
                                   | Q(status="closed", closed_at__isnull=False) & ~Q(closing_note=""),
                                   name="concern_closed_with_a_note"),
        ]

    def __str__(self) -> str:
        return f"Concern about {self.induction.teacher} raised {self.raised_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ConcernAction(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=500)
    # Who does it, in words: the mentor, the induction tutor, the named contact...
    who = models.CharField(max_length=150)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what


class ConcernNotice(OutboxRow):
    """One email about a concern's step to the other side (the school's tutors, or AB staff); each step once."""

    send_task = "appropriate_body.tasks.send_concern_notices"  # sends a chunk of them (the sweep queues it)

    class Kind(models.TextChoices):
        RAISED = "raised", "Concern raised"
        CLOSED = "closed", "Concern closed"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concern", "kind"], name="one_concern_notice_per_step")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.concern}"
