"""A school's request to change the length of an ECT's induction, and the emails each step sends.

A reduction (LEN-005 part-time, LEN-006 prior experience) needs the ECT's consent before the AB may
decide (ABD-007); an extension the school recommends at completion (EXT-002) goes straight to the AB.
The AB's agreement applies the change through the induction's own functions (inductions.periods).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubportal.lib.outbox import OutboxRow


class LengthRequest(models.Model):
    class Kind(models.TextChoices):
        REDUCTION = "reduction", "Reduction"
        EXTENSION = "extension", "Extension"

    class Basis(models.TextChoices):
        # LEN-005 and LEN-006: the grounds a reduction may be asked for on.
        PART_TIME = "part_time", "Part-time ECT who has served a period covering two school years (LEN-005)"
        PRIOR_EXPERIENCE = "prior_experience", "Extensive whole-class teaching experience, or part-induction in Wales (LEN-006)"
        # EXT-002: the reasons the AB may extend for at completion.
        INSUFFICIENT_EVIDENCE = "insufficient_evidence", "Insufficient evidence"
        PERSONAL_CRISIS = "personal_crisis", "Personal crisis"
        ILLNESS = "illness", "Illness"
        DISABILITY = "disability", "Disability"
        SUPPORT_PROBLEMS = "support_problems", "Problems with the support given"

    REDUCTION_BASES = (Basis.PART_TIME, Basis.PRIOR_EXPERIENCE)
    EXTENSION_BASES = (Basis.INSUFFICIENT_EVIDENCE, Basis.PERSONAL_CRISIS, Basis.ILLNESS, Basis.DISABILITY, Basis.SUPPORT_PROBLEMS)

    class Status(models.TextChoices):
        AWAITING_ECT = "awaiting_ect", "Waiting for the ECT's consent"
        AWAITING_DECISION = "awaiting_decision", "Waiting for the appropriate body's decision"
        DECLINED = "declined", "The ECT did not consent"
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"

    OPEN = (Status.AWAITING_ECT, Status.AWAITING_DECISION)

    class EctAnswer(models.TextChoices):
        CONSENTED = "consented", "I consent to the reduction"
        DECLINED = "declined", "I do not consent"
        # LEN-006: the ECT may insist on serving the full period.
        FULL_PERIOD = "full_period", "I want to serve the full induction period"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    induction = models.ForeignKey("appropriate_body.Induction", on_delete=models.PROTECT, related_name="length_requests")
    # The ECT's school when the request was made; its tutors follow the request.
    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    basis = models.CharField(max_length=25, choices=Basis.choices)
    terms = models.DecimalField("terms asked for", max_digits=3, decimal_places=1)
    # DP-004: for illness or disability, what the AB needs to decide, not medical detail.
    evidence = models.TextField()
    headteacher_consulted = models.BooleanField(default=False)
    headteacher_name = models.CharField("headteacher consulted", max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    requested_on = models.DateField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    ect_answer = models.CharField("ECT's answer", max_length=15, choices=EctAnswer.choices, blank=True)
    ect_answered_on = models.DateField("ECT answered on", null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_terms = models.DecimalField("terms agreed", max_digits=3, decimal_places=1, null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    extension = models.OneToOneField("appropriate_body.Extension", on_delete=models.PROTECT, null=True, blank=True, related_name="request")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        constraints = [
            # One open request of each kind per induction: a second would race the first's decision.
            models.UniqueConstraint(fields=["induction", "kind"], condition=Q(status__in=["awaiting_ect", "awaiting_decision"]),
                                    name="one_open_length_request_per_kind"),
            models.CheckConstraint(condition=Q(terms__gte=0.1, terms__lte=16), name="length_request_terms_0_1_to_16"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request for {self.induction.teacher}"


class LengthRequestNotice(OutboxRow):
    """One email per step and audience (unique), made in the step's transaction and sent on commit."""

    send_task = "appropriate_body.tasks.send_length_request_notices"

    class Kind(models.TextChoices):
        ECT_ASKED = "ect_asked", "ECT asked to consent"
        AB_TOLD = "ab_told", "Appropriate body told it is ready to decide"
        SCHOOL_DECISION = "school_decision", "School told the decision"
        ECT_DECISION = "ect_decision", "ECT told the decision"

    request = models.ForeignKey(LengthRequest, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "kind"], name="one_length_request_notice_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.request}"
