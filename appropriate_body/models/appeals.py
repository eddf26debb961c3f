"""An ECT's appeal to TRA against the AB's extend or fail decision (domain-rules.md §2.11, DL-009..DL-015, EXT-003).

TRA runs the appeal; the AB is the respondent. The portal keeps what the AB must act on or
know: when TRA's copy of the notice of appeal arrived (DL-011's clock), the AB's reply, and the
outcome TRA sent. One appeal per decision.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class AppealOutcome(models.TextChoices):
    """DL-015 (against a fail) and EXT-003 (against an extension): what TRA may decide."""

    ALLOWED = "allowed", "Allowed: TRA overturned the decision"
    DISMISSED = "dismissed", "Dismissed: the decision stands"
    # DL-015: TRA extends the induction of an ECT who failed; EXT-003: TRA substitutes another length.
    EXTENDED = "extended", "Extended: TRA set or substituted an extension"


class Appeal(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    completion = models.OneToOneField("appropriate_body.CompletionDecision", on_delete=models.PROTECT, related_name="appeal")
    # DL-009: the ECT lodges it with TRA; often the AB only learns the date from TRA's copy.
    lodged_on = models.DateField(null=True, blank=True)
    # DL-011: the AB's 20 working days begin the day TRA's copy of the notice of appeal arrives.
    copy_received_on = models.DateField()
    response_sent_on = models.DateField(null=True, blank=True)
    defends = models.BooleanField(null=True, blank=True)
    oral_hearing_requested = models.BooleanField(default=False)
    # The response to the grounds and the documents relied on, or where they are kept.
    response_summary = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=AppealOutcome.choices, blank=True)
    outcome_received_on = models.DateField(null=True, blank=True)
    # EXT-006's format (FTE terms, 0.1 to 16, one decimal place), for an extension TRA set or substituted.
    outcome_terms = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    outcome_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    Outcome = AppealOutcome

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(outcome="") | Q(outcome_received_on__isnull=False), name="appeal_outcome_has_its_date"),
            # A reply says whether the AB defends (DL-011), so its date and that answer come together.
            models.CheckConstraint(
                condition=Q(response_sent_on__isnull=True, defends__isnull=True) | Q(response_sent_on__isnull=False, defends__isnull=False),
                name="appeal_response_has_its_date",
            ),
            models.CheckConstraint(
                # isnull spelt out: a NULL comparison would let the check pass.
                condition=Q(outcome="extended", outcome_terms__isnull=False, outcome_terms__gte=0.1, outcome_terms__lte=16)
                | (~Q(outcome="extended") & Q(outcome_terms__isnull=True)),
                name="appeal_terms_only_when_extended",
            ),
        ]

    def __str__(self) -> str:
        return f"Appeal against the decision on {self.completion.induction}"
