"""Fidelity checks of school-led training (E25-003, ABD-011): one a school a year, with its follow-ups.

For a school-led programme the AB checks that the school's programme covers the ITTECF "learn that"
and "learn how to" statements; for provider-led ones it is not responsible for the training's quality.
The fee (ABD-013: school-led fidelity checking usually costs more) is copied onto the check when it is
completed, from the school's accepted service agreement for that year, so later edits to the terms
do not change what was charged.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Finding(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"


class FidelityOutcome(models.TextChoices):
    MEETS = "meets", "Meets the framework"
    MEETS_WITH_ACTIONS = "meets_with_actions", "Meets the framework, with actions"
    DOES_NOT_MEET = "does_not_meet", "Does not meet the framework"


# The areas a visit looks at: (field prefix, heading). Each has a finding and a note.
FIDELITY_AREAS = (
    ("coverage", "Coverage of the ITTECF \"learn that\" and \"learn how to\" statements"),
    ("mentoring", "Mentor training and time with the ECT"),
    ("timetable", "The ECTs' reduced timetable"),
    ("oversight", "Induction tutor's oversight of the programme"),
)


def _finding(label: str) -> models.CharField:
    return models.CharField(label, max_length=10, choices=Finding.choices, blank=True)


class FidelityCheck(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        COMPLETED = "completed", "Completed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, related_name="fidelity_checks")
    academic_year = models.PositiveSmallIntegerField(help_text="The year the academic year starts in: 2026 for 2026/27.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    visit_on = models.DateField("visit date")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                verbose_name="visited by")
    coverage = _finding("coverage of the ITTECF statements")
    coverage_note = models.TextField("note on coverage", blank=True)
    mentoring = _finding("mentor training and time")
    mentoring_note = models.TextField("note on mentoring", blank=True)
    timetable = _finding("reduced timetable")
    timetable_note = models.TextField("note on the timetable", blank=True)
    oversight = _finding("induction tutor oversight")
    oversight_note = models.TextField("note on oversight", blank=True)
    actions = models.TextField("actions agreed", blank=True)
    outcome = models.CharField(max_length=20, choices=FidelityOutcome.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # ABD-013: what the school's accepted agreement set for a fidelity check, copied when completed.
    fee = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    fee_agreement = models.ForeignKey("appropriate_body.ServiceAgreement", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name="agreement the fee came from")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    Status = Status

    class Meta:
        ordering = ["-academic_year", "visit_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year"], name="one_fidelity_check_per_school_and_year"),
            # A completed check has its outcome, its day and its fee; a planned one none of them.
            models.CheckConstraint(condition=Q(status="planned", outcome="", completed_on__isnull=True)
                                   | Q(status="completed", completed_on__isnull=False, fee__isnull=False) & ~Q(outcome=""),
                                   name="fidelity_check_completed_has_outcome"),
        ]

    def __str__(self) -> str:
        return f"Fidelity check of {self.school} in {self.academic_year}"

    def findings(self) -> list[tuple[str, str, str]]:
        """(area, finding in words, note) for each area, in order."""
        return [(label, getattr(self, f"get_{key}_display")(), getattr(self, f"{key}_note")) for key, label in FIDELITY_AREAS]


class FidelityFollowUp(models.Model):
    """Something the school (or the AB) agreed to do after the visit, by when, and when it was done."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fidelity_check = models.ForeignKey(FidelityCheck, on_delete=models.CASCADE, related_name="follow_ups")
    what = models.CharField(max_length=500)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what
