"""Golden-thread strands, their cohorts, and who is enrolled in them.

A cohort is one intake of one programme in one academic year (for the ECTE, one
year of it: Year 1 or Year 2). Enrolments name the Teacher, not the account, so a
person is enrolled the moment their school registers them, before they sign in.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .golden_thread import CareerStage, Delivery, ITTRoute, NPQCourse, NPQIntake, NPQOutcome, OfferKind, Phase, StudyMode


class Strand(models.TextChoices):
    ITT = "itt", "Initial teacher training"
    ECTE = "ecte", "Early career teacher entitlement"
    ECTE_MENTOR = "ecte_mentor", "ECTE mentor training"
    NPQ = "npq", "National professional qualifications"
    CPD = "cpd", "Wider CPD"


class Programme(models.Model):
    strand = models.CharField(max_length=20, choices=Strand.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    summary = models.TextField(blank=True, help_text="One or two sentences for the public CPD offer.")
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.RUN_BY_HUB)
    # ITT: the SCITT or university partner; signposted programmes: who runs them.
    partner = models.ForeignKey("programmes.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="programmes")
    offer_kind = models.CharField(max_length=12, choices=OfferKind.choices, blank=True)
    # NPQ programmes are each one course of the official list (domain-rules.md §6.1).
    npq_course = models.CharField("NPQ course", max_length=40, choices=NPQCourse.choices, blank=True)
    # Lists of CareerStage and Phase values; an empty list of phases means every phase.
    career_stages = models.JSONField(default=list, blank=True)
    phases = models.JSONField(default=list, blank=True)
    website = models.URLField(blank=True)
    is_offered = models.BooleanField(default=True, help_text="Shown on the public CPD offer page.")

    CareerStage = CareerStage
    Phase = Phase

    class Meta:
        ordering = ["strand", "name"]
        constraints = [
            models.UniqueConstraint(fields=["npq_course"], condition=~Q(npq_course=""), name="one_programme_per_npq_course"),
            models.CheckConstraint(condition=Q(npq_course="") | Q(strand="npq"), name="npq_course_on_npq_programmes_only"),
        ]

    def __str__(self) -> str:
        return self.name


class CohortStage(models.TextChoices):
    NONE = "", "Whole programme"
    YEAR_1 = "year_1", "Year 1"
    YEAR_2 = "year_2", "Year 2"


class Cohort(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    # The calendar year the academic year starts in: 2026 means 2026/27.
    academic_year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=10, choices=CohortStage.choices, blank=True, default="")
    # NPQ-C-002/003: an NPQ cohort starts in the autumn or the spring of its academic year.
    intake = models.CharField(max_length=10, choices=NPQIntake.choices, blank=True, default="")
    # The lead provider the hub delivers this cohort for (NPQs, provider-led ECTE).
    lead_provider = models.ForeignKey("participants.LeadProvider", on_delete=models.PROTECT, null=True, blank=True, related_name="cohorts")

    class Meta:
        ordering = ["-academic_year", "programme__name", "stage", "intake"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "academic_year", "stage", "intake"], name="one_cohort_per_year_stage_intake"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"

    @property
    def name(self) -> str:
        stage = f" {self.get_stage_display()}" if self.stage else ""
        intake = f" ({self.get_intake_display().lower()} start)" if self.intake else ""
        return f"{self.programme.name} {self.academic_year_label}{stage}{intake}"


class Enrolment(models.Model):
    class Status(models.TextChoices):
        # A school leader or tutor put them forward; hub staff approve (enrolled) or decline.
        NOMINATED = "nominated", "Nominated"
        DECLINED = "declined", "Nomination declined"
        ACTIVE = "active", "Active"
        DEFERRED = "deferred", "Deferred"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPLETED = "completed", "Completed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    teacher = models.ForeignKey("participants.Teacher", on_delete=models.PROTECT, related_name="enrolments")
    # The school the teacher is enrolled through (it changes when an ECT moves school mid-year).
    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, null=True, blank=True, related_name="enrolments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    enrolled_on = models.DateField()
    # Why they deferred or withdrew, or why a nomination was declined: shown to whoever nominated them.
    status_reason = models.TextField(blank=True)
    # NPQ-O-001: NPQs only (not EHCO or ASO); needs the completion date, never in the future.
    outcome = models.CharField(max_length=10, choices=NPQOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    # ITT trainees (ITT-001, ITT-003).
    itt_route = models.CharField("ITT route", max_length=40, choices=ITTRoute.choices, blank=True)
    study_mode = models.CharField(max_length=10, choices=StudyMode.choices, blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # DP-007: after its retention period an enrolment keeps only its outcome (privacy.retention).
    reduced_on = models.DateField(null=True, blank=True)
    # The teacher's name, copied by the database on every write of the enrolment or of the teacher's name
    # (triggers in migration 0021): a cohort's page walks one index in name order, however large the cohort.
    # Never set from Python; a save writes whatever the instance holds and the trigger puts the name back.
    teacher_last_name = models.CharField(max_length=150, blank=True, editable=False)
    teacher_first_name = models.CharField(max_length=150, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["teacher_last_name", "teacher_first_name"])

    class Meta:
        ordering = ["-enrolled_on"]
        indexes = [
            models.Index(fields=["cohort", "teacher_last_name", "teacher_first_name", "id"], name="enrolment_cohort_by_name"),
            # Hub staff's nominations to decide, oldest first, and their count on the home page: the few waiting, read
            # without the rest of every cohort.
            models.Index(fields=["created_at", "id"], name="enrolment_nominated", condition=Q(status="nominated")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "teacher"], name="one_enrolment_per_cohort"),
            models.CheckConstraint(condition=Q(outcome="") | Q(outcome_on__isnull=False), name="npq_outcome_has_its_date"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} in {self.cohort}"
