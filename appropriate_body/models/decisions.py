"""The end of an induction: the headteacher's recommendation, the ECT's representations, the AB's decision
and its notices (domain-rules.md §2.11, DL-001..DL-011). One per induction; the dates drive the deadlines."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Recommendation(models.TextChoices):
    """FA-004: the headteacher's recommendation on the final assessment."""

    SATISFACTORY = "satisfactory", "Satisfactory: the ECT has met the Teachers' Standards"
    UNSATISFACTORY = "unsatisfactory", "Unsatisfactory: the ECT has not met the Teachers' Standards"
    EXTENSION = "extension", "An extension should be considered"


class Decision(models.TextChoices):
    PASS = "pass", "Pass"
    EXTEND = "extend", "Extend"
    FAIL = "fail", "Fail"


class CompletionDecision(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    induction = models.OneToOneField("appropriate_body.Induction", on_delete=models.PROTECT, related_name="completion")
    # LEN-007: the day the ECT completed the induction (6 FTE terms, reduced, or as extended): DL-001's clock.
    completed_on = models.DateField()
    recommendation = models.CharField(max_length=15, choices=Recommendation.choices, blank=True)
    # DL-003/DL-004: both clocks start the day the recommendation arrives.
    recommendation_received_on = models.DateField(null=True, blank=True)
    representations_received_on = models.DateField(null=True, blank=True)
    representations = models.TextField(blank=True)
    decision = models.CharField(max_length=6, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    # DL-006/DL-008: the written notices (with the right of appeal for extend or fail) and how they went.
    notices_sent_on = models.DateField(null=True, blank=True)
    notices_sent_by = models.CharField(max_length=10, choices=[("email", "Email"), ("by hand", "By hand")], blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    Recommendation = Recommendation
    Decision = Decision

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(decision="") | Q(decided_on__isnull=False), name="decision_has_its_date"),
            models.CheckConstraint(condition=Q(recommendation="") | Q(recommendation_received_on__isnull=False),
                                   name="recommendation_has_its_date"),
        ]
        # The to-do list's three clocks at the end of induction (DL-001, DL-004, DL-006), each in its order.
        indexes = [
            models.Index(fields=["completed_on", "id"], name="completion_recommendation_due",
                         condition=Q(recommendation_received_on__isnull=True)),
            models.Index(fields=["completed_on", "id"], name="completion_decision_due",
                         condition=Q(recommendation_received_on__isnull=False, decided_on__isnull=True)),
            models.Index(fields=["completed_on", "id"], name="completion_notices_due",
                         condition=Q(decided_on__isnull=False, notices_sent_on__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"Completion of {self.induction}"
