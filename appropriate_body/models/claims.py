"""Claims: a school's registration of an ECT arriving at the hub's Appropriate Body.

A registration arrives as a pending claim (REGN-001, REGN-003). AB staff check the
teacher's record (ELIG-*, REGN-006/007, AB-004/005), record what they found, then accept
it (an induction period opens on the start date the AB sets, REGN-002) or reject it with
a reason the tutor reads. A claim accepted for a future start date is scheduled, and
opens on the day (appropriate_body.claims).
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubportal.lib.outbox import OutboxRow
from hubportal.lib.sealed import InvalidToken, unseal
from participants.models import TrainingProgramme


class TRSInductionStatus(models.TextChoices):
    """Induction status on the teacher's record in TRS (RIAB-009); ELIG-007 says which can be claimed."""

    NONE = "None", "None"
    REQUIRED_TO_COMPLETE = "RequiredToComplete", "Required to complete"
    IN_PROGRESS = "InProgress", "In progress"
    PASSED = "Passed", "Passed"
    FAILED = "Failed", "Failed"
    FAILED_IN_WALES = "FailedInWales", "Failed in Wales"
    EXEMPT = "Exempt", "Exempt"


# ELIG-007
CLAIMABLE_INDUCTION_STATUSES = frozenset({TRSInductionStatus.NONE, TRSInductionStatus.REQUIRED_TO_COMPLETE, TRSInductionStatus.IN_PROGRESS})


class Claim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        # Accepted for a start date still ahead: the induction period opens on that day.
        SCHEDULED = "scheduled", "Accepted from a future date"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    LIVE = (Status.PENDING, Status.SCHEDULED, Status.ACCEPTED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ect_period = models.ForeignKey("participants.ECTAtSchoolPeriod", on_delete=models.PROTECT, related_name="claims")
    # REGN-002: the AB sets the induction start date; the school's start date is the proposal.
    proposed_start_date = models.DateField()
    training_programme = models.CharField(max_length=20, choices=TrainingProgramme.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Why it was rejected or withdrawn, in words the induction tutor will read.
    status_reason = models.TextField(blank=True)
    # REGN-002: the start date the AB set when accepting.
    induction_start_date = models.DateField(null=True, blank=True)
    # What the AB found in the teacher's record when checking (ELIG-003/004/007/008, REGN-006, ITT-007).
    qts_awarded_on = models.DateField("QTS awarded on", null=True, blank=True)
    trs_induction_status = models.CharField("induction status on the teacher record", max_length=20, choices=TRSInductionStatus.choices, blank=True)
    has_active_prohibition = models.BooleanField(null=True, blank=True)
    other_appropriate_body = models.CharField("held by another AB", max_length=200, blank=True)
    itt_provider_ukprn = models.CharField("ITT provider UKPRN", max_length=8, blank=True)
    # INST-005 and MIN-001, told by the school's tutor before the start (appropriate_body.claims.readiness):
    # the day they recorded the headteacher's confirmation that the post is suitable, and the contract.
    suitable_post_confirmed_on = models.DateField("suitable post confirmed on", null=True, blank=True)
    suitable_post_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                                   related_name="+")
    # None until the tutor says; False with the end date of a fixed-term contract.
    contract_permanent = models.BooleanField("permanent contract", null=True, blank=True)
    contract_ends_on = models.DateField("contract ends on", null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # RIAB's bulk claim upload needs the date of birth (RULES.md: the exception to ID-DOB-002), so it is
    # kept sealed (hubportal.lib.sealed) until the claim is marked recorded in RIAB or
    # RIAB_DATE_OF_BIRTH_DAYS pass; then it is blanked (privacy.retention rule riab_dates_of_birth).
    date_of_birth_sealed = models.TextField(blank=True)
    riab_recorded_at = models.DateTimeField("recorded in RIAB", null=True, blank=True)
    riab_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # What RIAB said when it refused the claim (its error file's "Error message"); blank once recorded.
    riab_error = models.TextField(blank=True)
    # Not in history: no copy of the sealed date of birth may outlive its erasure.
    history = HistoricalRecords(excluded_fields=["date_of_birth_sealed"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ect_period"], condition=Q(status__in=["pending", "scheduled", "accepted"]), name="one_live_claim_per_period"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # Accepted claims not yet recorded in RIAB (appropriate_body.riab.handover): the few among every claim.
            models.Index(fields=["ect_period"], name="claim_riab_outstanding",
                         condition=Q(status__in=["accepted", "scheduled"], riab_recorded_at__isnull=True)),
            # "Claims to check" (appropriate_body.inductions.todo.claims_to_check), in its order: the oldest first.
            models.Index(fields=["created_at", "id"], name="claim_to_check", condition=Q(status="pending")),
            # Starts coming up (appropriate_body.claims.readiness.starts_not_ready): by the day the claim starts.
            models.Index(Coalesce("induction_start_date", "proposed_start_date"), "id", name="claim_starts_on",
                         condition=Q(status__in=["pending", "scheduled"])),
        ]

    def __str__(self) -> str:
        return f"Claim for {self.ect_period} ({self.get_status_display()})"

    @property
    def date_of_birth(self) -> date | None:
        """The sealed date of birth, or None once erased, or if it was sealed under a key since changed (as good as gone)."""
        if not self.date_of_birth_sealed:
            return None
        try:
            return date.fromisoformat(unseal(self.date_of_birth_sealed))
        except InvalidToken:
            return None


class ReleaseRequest(OutboxRow):
    """An email asking another AB to release an ECT the hub wants to claim (REGN-006: they must release first).

    DfE's service leaves this to phone calls; here it is a row, sent once per claim and address.
    """
    send_task = "appropriate_body.tasks.send_release_requests"  # sends a chunk of them (the sweep queues it)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="release_requests")
    appropriate_body_name = models.CharField(max_length=200)
    email = models.EmailField()
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["claim", "email"], name="one_release_request_per_claim_and_address")]

    def __str__(self) -> str:
        return f"Release request to {self.appropriate_body_name} for {self.claim}"
