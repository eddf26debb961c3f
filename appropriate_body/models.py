"""The hub's Appropriate Body records.

A school's registration of an ECT arrives here as a pending claim (REGN-001,
REGN-003); AB staff accept or reject it, and the tutor sees the reason.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from participants.models import TrainingProgramme


class Claim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    LIVE = (Status.PENDING, Status.ACCEPTED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ect_period = models.ForeignKey("participants.ECTAtSchoolPeriod", on_delete=models.PROTECT, related_name="claims")
    # REGN-002: the AB sets the induction start date; the school's start date is the proposal.
    proposed_start_date = models.DateField()
    training_programme = models.CharField(max_length=20, choices=TrainingProgramme.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Why it was rejected or withdrawn, in words the induction tutor will read.
    status_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ect_period"], condition=Q(status__in=["pending", "accepted"]), name="one_live_claim_per_period"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Claim for {self.ect_period} ({self.get_status_display()})"
