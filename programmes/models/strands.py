"""Golden-thread strands, their cohorts, and who is enrolled in them.

A cohort is one intake of one programme in one academic year (for the ECTE, one
year of it: Year 1 or Year 2). Enrolments name the Teacher, not the account, so a
person is enrolled the moment their school registers them, before they sign in.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class LeadProvider(models.Model):
    """A DfE-funded lead provider of provider-led ECTE training (IND-007, E25-002)."""

    name = models.CharField(max_length=200, unique=True)
    is_active = models.BooleanField(default=True, help_text="Offered to schools registering new ECTs.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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

    class Meta:
        ordering = ["strand", "name"]

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

    class Meta:
        ordering = ["-academic_year", "programme__name", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "academic_year", "stage"], name="one_cohort_per_year_and_stage"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"

    @property
    def name(self) -> str:
        stage = f" {self.get_stage_display()}" if self.stage else ""
        return f"{self.programme.name} {self.academic_year_label}{stage}"


class Enrolment(models.Model):
    class Status(models.TextChoices):
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
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-enrolled_on"]
        constraints = [models.UniqueConstraint(fields=["cohort", "teacher"], name="one_enrolment_per_cohort")]

    def __str__(self) -> str:
        return f"{self.teacher} in {self.cohort}"
