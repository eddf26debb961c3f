"""Teachers known by their TRN, and their time at schools as ECTs and mentors.

A Teacher is the person; an ECTAtSchoolPeriod or MentorAtSchoolPeriod is one spell
at one school. A move between schools finishes one period and starts another, so
a teacher is never registered twice.
"""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubportal.lib.outbox import OutboxRow

from .schools import School

# ID-TRN-002: seven digits, stored as text because leading zeros matter.
trn_validator = RegexValidator(r"^\d{7}$", "TRN must be 7 numeric digits")


class LeadProvider(models.Model):
    """A DfE-funded lead provider of provider-led ECTE training (IND-007, E25-002)."""

    name = models.CharField(max_length=200, unique=True)
    is_active = models.BooleanField(default=True, help_text="Offered to schools registering new ECTs.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Teacher(models.Model):
    """A teacher known by their TRN.

    The date of birth is asked for only to find the teacher record and is never
    stored (ID-DOB-002).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trn = models.CharField("TRN", max_length=7, unique=True, validators=[trn_validator])
    # The name on the teacher record (with the manual lookup: as the tutor typed it).
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    # The name the school uses when it differs from the teacher record.
    corrected_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="teacher"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Erased at the person's request with no statutory record to keep (privacy.erasure): the row stays,
    # naming nobody, so that the periods and enrolments the hub's figures count keep their teacher.
    erased_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        # Every list of ECTs, mentors and inductions sorts by the teacher's name.
        indexes = [models.Index(fields=["last_name", "first_name"], name="teacher_name")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def record_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return self.corrected_name or self.record_name


class TrainingProgramme(models.TextChoices):
    # IND-007 / E25-002: from September 2025 only these two; never say FIP, CIP or DIY to users (E25-005).
    PROVIDER_LED = "provider_led", "Provider-led"
    SCHOOL_LED = "school_led", "School-led"


class WorkingPattern(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"


class LeavingReason(models.TextChoices):
    LEFT_SCHOOL = "left_school", "Left the school"
    MOVED_SCHOOL = "moved_school", "Moved to another school"
    COMPLETED_INDUCTION = "completed_induction", "Completed induction"
    REGISTERED_IN_ERROR = "registered_in_error", "Registered in error"


class AtSchoolPeriod(models.Model):
    """What ECT and mentor spells at a school share."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    started_on = models.DateField()
    # Set when leaving is reported or the teacher moves school; a date ahead means "leaving".
    finished_on = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=30, choices=LeavingReason.choices, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def is_active_on(self, day) -> bool:
        return self.finished_on is None or self.finished_on >= day


def active_on(day) -> Q:
    """is_active_on as a filter: the periods still running on `day` (a leaver counts until their last day)."""
    return Q(finished_on__isnull=True) | Q(finished_on__gte=day)


class MentorAtSchoolPeriod(AtSchoolPeriod):
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="mentor_periods")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="mentor_periods")
    history = HistoricalRecords()

    class Meta:
        ordering = ["teacher__last_name", "teacher__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "school"], condition=Q(finished_on__isnull=True), name="one_open_mentor_period_per_school"
            ),
        ]
        indexes = [models.Index(fields=["school", "finished_on"])]

    def __str__(self) -> str:
        return f"{self.teacher} mentoring at {self.school.name}"


class ECTAtSchoolPeriod(AtSchoolPeriod):
    """One ECT's spell at one school, as the school's induction tutor registered it."""

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="ect_periods")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="ect_periods")
    working_pattern = models.CharField(max_length=10, choices=WorkingPattern.choices)
    # Part-time only: the fraction of a full-time post, strictly between 0 and 1.
    fte = models.DecimalField("FTE", max_digits=3, decimal_places=2, null=True, blank=True)
    training_programme = models.CharField(max_length=20, choices=TrainingProgramme.choices)
    lead_provider = models.ForeignKey(
        LeadProvider, on_delete=models.PROTECT, null=True, blank=True, related_name="ect_periods"
    )
    mentor = models.ForeignKey(
        MentorAtSchoolPeriod, on_delete=models.SET_NULL, null=True, blank=True, related_name="ect_periods"
    )
    leaving_note = models.TextField(blank=True)
    # What the AB's claims say of the period, stored so that lists filter and count status on the row itself:
    # a live claim (pending, scheduled or accepted) and a pending one. Derived data, written only by
    # appropriate_body.claims.state.refresh_claim_state when a claim is opened, decided, withdrawn or moved.
    has_live_claim = models.BooleanField(default=False, editable=False)
    claim_pending = models.BooleanField(default=False, editable=False)
    # Derived from the claims, whose own history says what changed.
    history = HistoricalRecords(excluded_fields=["has_live_claim", "claim_pending"])

    class Meta:
        ordering = ["teacher__last_name", "teacher__first_name"]
        constraints = [
            # A move finishes the old period before the new one starts: one open period per teacher.
            models.UniqueConstraint(fields=["teacher"], condition=Q(finished_on__isnull=True), name="one_open_ect_period"),
            models.CheckConstraint(
                condition=(Q(working_pattern="full_time") & Q(fte__isnull=True))
                | (Q(working_pattern="part_time") & Q(fte__gt=0) & Q(fte__lt=1)),
                name="fte_only_for_part_time",
            ),
            models.CheckConstraint(
                condition=(Q(training_programme="provider_led") & Q(lead_provider__isnull=False))
                | (Q(training_programme="school_led") & Q(lead_provider__isnull=True)),
                name="lead_provider_only_for_provider_led",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "finished_on"]), models.Index(fields=["started_on"]),
            # Leaving and left across every school (registration.status.status_filter compares finished_on).
            models.Index(fields=["finished_on"], name="ect_period_finished_on"),
            # The few still at school who need action or wait for the AB, found without reading the rest.
            models.Index(fields=["school"], name="ect_period_action_required",
                         condition=Q(finished_on__isnull=True) & (Q(mentor__isnull=True) | Q(has_live_claim=False))),
            models.Index(fields=["school"], name="ect_period_pending_ab",
                         condition=Q(finished_on__isnull=True, claim_pending=True)),
            # Hub staff's home counts the week's registrations across every school.
            models.Index(fields=["created_at"], name="ect_period_created_at"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} at {self.school.name}"

    def save(self, **kwargs) -> None:
        # The claim fields belong to refresh_claim_state's UPDATE: a full save of a period loaded before its
        # claim changed must not write the old values back.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [field.name for field in self._meta.concrete_fields
                                       if not field.primary_key and field.name not in CLAIM_STATE_FIELDS]
        super().save(**kwargs)


CLAIM_STATE_FIELDS = ("has_live_claim", "claim_pending")


class TeacherTransfer(OutboxRow):
    """Another school asks to register a teacher whom a school already holds: a move, waiting.

    Nothing about the teacher changes until it takes effect (the current school confirms the date
    they leave, or the start date at the new school comes with at least the notice period gone by).
    Until then the current school and the AB see it, and the current school may dispute it; the
    new school may withdraw it. The registration's own answers wait here, never the name or email
    typed (who the teacher is stays as the current school holds it). Its outbox fields track the
    one email to the current school.
    """

    send_task = "registration.tasks.send_transfer_notices"  # sends a chunk of them (the sweep queues it)


    class Kind(models.TextChoices):
        ECT = "ect", "ECT"
        MENTOR = "mentor", "Mentor"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the current school"
        DISPUTED = "disputed", "Disputed by the current school"
        DONE = "done", "Moved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="transfers_out")
    to_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="transfers_in")
    # The start date the new school gave.
    started_on = models.DateField()
    # An ECT's registration answers at the new school, used when the move takes effect.
    working_pattern = models.CharField(max_length=10, choices=WorkingPattern.choices, blank=True)
    fte = models.DecimalField("FTE", max_digits=3, decimal_places=2, null=True, blank=True)
    training_programme = models.CharField(max_length=20, choices=TrainingProgramme.choices, blank=True)
    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    mentor = models.ForeignKey(MentorAtSchoolPeriod, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The day the current school said the teacher leaves them (when it confirmed).
    leaving_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.TextField(blank=True)
    # What the move made at the new school, once it took effect.
    ect_period = models.ForeignKey(ECTAtSchoolPeriod, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mentor_period = models.ForeignKey(MentorAtSchoolPeriod, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "to_school", "kind"], condition=Q(status__in=["pending", "disputed"]),
                name="one_open_transfer_per_teacher_school_kind",
            ),
        ]
        indexes = [models.Index(fields=["from_school", "status"]), models.Index(fields=["to_school", "status"])]

    def __str__(self) -> str:
        return f"{self.teacher} from {self.from_school.name} to {self.to_school.name}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.DISPUTED)
