"""Each claimed ECT's statutory induction: the whole requirement and the spells it is made of.

domain-rules.md §9.8: "induction period" means two things. Here `Induction` is the whole
requirement (one per teacher, ELIG-005) and `InductionPeriod` one continuous spell at one
school with one AB (RIAB-005). The AB's records are never hard-deleted (PROTECT, history).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from appropriate_body.rules.absences import AbsenceKind
from participants.models import TrainingProgramme


class Induction(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # ELIG-005: only one induction per person, whatever happens to it.
    teacher = models.OneToOneField("participants.Teacher", on_delete=models.PROTECT, related_name="induction")
    # LEN-005/006: a reduction the AB agreed (with the ECT's consent), in FTE terms.
    reduction_terms = models.DecimalField(max_digits=3, decimal_places=1, default=0,
                                          validators=[MinValueValidator(0), MaxValueValidator(5)])
    # REGN-004: the person at the AB the ECT raises concerns with, kept apart from those who assess
    # them (DP-003; appropriate_body.contacts checks both). PROTECT, not SET_NULL: deleting a staff
    # account must not silently leave ECTs without the contact the rule requires. Staff who leave are
    # deactivated and their ECTs given another contact first. Null only until the AB names one.
    named_contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="named contact")
    created_at = models.DateTimeField(default=timezone.now)
    # DP-001: six years after the outcome or release the record is reduced to its basic status
    # (privacy.retention); the day it was, so the nightly job never reduces it twice.
    reduced_on = models.DateField(null=True, blank=True)
    # What the Teaching Record System said when last read during the induction (appropriate_body.claims
    # .record_refresh): a prohibition added, or an outcome another AB recorded, is something to act on.
    record_read_at = models.DateTimeField(null=True, blank=True)
    record_induction_status = models.CharField(max_length=25, blank=True)
    record_prohibited = models.BooleanField(null=True, blank=True)
    # Whether a claim, release or pass is still to hand over to RIAB, kept by appropriate_body.riab.state.
    riab_outstanding = models.BooleanField(default=False, editable=False)
    # Readings every few minutes are not the AB's decisions, nor is what is worked out from other rows: no history row.
    history = HistoricalRecords(excluded_fields=["record_read_at", "record_induction_status", "record_prohibited", "riab_outstanding"])

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(reduction_terms__gte=0, reduction_terms__lte=5), name="induction_reduction_0_to_5")]
        indexes = [
            # "Not yet handed over to RIAB" (appropriate_body.inductions.todo): counted from the index alone.
            models.Index(fields=["teacher"], name="induction_riab_outstanding", condition=Q(riab_outstanding=True)),
            # ELIG-008's prohibitions found on the record (appropriate_body.inductions.todo.prohibited_on_record), in its order.
            models.Index(fields=["record_read_at", "id"], name="induction_record_prohibited", condition=Q(record_prohibited=True)),
        ]

    def __str__(self) -> str:
        return f"Induction of {self.teacher}"

    def save(self, **kwargs) -> None:
        # riab_outstanding belongs to the refresh's UPDATE: a full save of an induction loaded before its claims or
        # periods changed must not write the old value back.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [field.name for field in self._meta.concrete_fields
                                       if not field.primary_key and field.name != "riab_outstanding"]
        super().save(**kwargs)


class Outcome(models.TextChoices):
    PASS = "pass", "Passed"
    FAIL = "fail", "Failed"


class InductionPeriod(models.Model):
    """One spell with one AB at one school: dates inclusive at both ends (RIAB-005)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    induction = models.ForeignKey(Induction, on_delete=models.PROTECT, related_name="periods")
    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, related_name="induction_periods")
    # The registration it came from; None for a period recorded from an earlier AB's records.
    ect_period = models.ForeignKey("participants.ECTAtSchoolPeriod", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="induction_periods")
    claim = models.OneToOneField("appropriate_body.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="induction_period")
    # Blank for this hub; another AB's name for a spell served with them (REGN-008 records).
    other_appropriate_body = models.CharField(max_length=200, blank=True)
    started_on = models.DateField()
    finished_on = models.DateField(null=True, blank=True)
    fte = models.DecimalField("FTE", max_digits=3, decimal_places=2, default=1,
                              validators=[MinValueValidator(0.01), MaxValueValidator(1)])
    training_programme = models.CharField(max_length=20, choices=TrainingProgramme.choices)
    # LEN-008/LEN-011: FTE terms served with this AB in this spell, 0–16 to 1 dp; set when it finishes.
    number_of_terms = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    outcome = models.CharField(max_length=4, choices=Outcome.choices, blank=True)
    # The date the AB wrote to the ECT about a fail and their right of appeal (RIAB fail flow).
    fail_confirmation_sent_on = models.DateField(null=True, blank=True)
    # A release or pass handed over in RIAB's bulk actions upload (appropriate_body.riab); a fail is
    # never recorded in bulk, so it stays empty for one.
    riab_recorded_at = models.DateTimeField("recorded in RIAB", null=True, blank=True)
    riab_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    riab_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # What the to-do list asks of the period, kept by appropriate_body.inductions.state: the end date the school
    # gave the registration it came from, and whether it is the latest of an induction released and waiting.
    school_left_on = models.DateField(null=True, blank=True, editable=False)
    paused = models.BooleanField(default=False, editable=False)
    # Worked out from other rows, not anyone's decision: no history row when they change.
    history = HistoricalRecords(excluded_fields=["school_left_on", "paused"])

    Outcome = Outcome

    class Meta:
        ordering = ["started_on"]
        constraints = [
            models.CheckConstraint(condition=Q(finished_on__isnull=True) | Q(finished_on__gte=F("started_on")),
                                   name="induction_period_ends_after_it_starts"),
            # LEN-008: terms are recorded when a period finishes, and only then.
            models.CheckConstraint(condition=Q(finished_on__isnull=True, number_of_terms__isnull=True)
                                   | Q(finished_on__isnull=False, number_of_terms__isnull=False),
                                   name="induction_period_terms_when_finished"),
            models.CheckConstraint(condition=Q(number_of_terms__isnull=True) | Q(number_of_terms__gte=0, number_of_terms__lte=16),
                                   name="induction_period_terms_0_to_16"),
            models.CheckConstraint(condition=Q(fte__gt=0, fte__lte=1), name="induction_period_fte_above_0_up_to_1"),
            # An outcome only on a finished period; a fail only with the date the ECT was written to.
            models.CheckConstraint(condition=Q(outcome="") | Q(finished_on__isnull=False), name="induction_period_outcome_when_finished"),
            models.CheckConstraint(condition=~Q(outcome="fail") | Q(fail_confirmation_sent_on__isnull=False),
                                   name="induction_period_fail_has_notice_date"),
            # One open period at a time, and one outcome per teacher (RIAB index one_outcome_per_teacher).
            models.UniqueConstraint(fields=["induction"], condition=Q(finished_on__isnull=True), name="one_open_induction_period"),
            models.UniqueConstraint(fields=["induction"], condition=~Q(outcome=""), name="one_outcome_per_induction"),
        ]
        indexes = [
            # "Leavers to release" and "Inductions paused" (appropriate_body.inductions.todo), in their order.
            models.Index(fields=["school_left_on", "id"], name="induction_period_leaver",
                         condition=Q(finished_on__isnull=True, other_appropriate_body="", school_left_on__isnull=False)),
            models.Index(fields=["finished_on", "id"], name="induction_period_paused", condition=Q(paused=True)),
            # The periods the hub's AB holds now, by school: the QA queue reads its ECTs, those at schools that had
            # reports returned, and those on a school-led programme from these alone (appropriate_body.qa.queue).
            models.Index(fields=["school", "induction"], name="induction_period_held",
                         condition=Q(finished_on__isnull=True, other_appropriate_body="")),
            models.Index(fields=["school", "induction"], name="induction_period_school_led",
                         condition=Q(finished_on__isnull=True, other_appropriate_body="", training_programme="school_led")),
            # Releases and passes not yet recorded in RIAB (appropriate_body.riab.handover.actions_outstanding).
            models.Index(fields=["finished_on", "id"], name="induction_period_riab_due",
                         condition=Q(finished_on__isnull=False, other_appropriate_body="", riab_recorded_at__isnull=True) & ~Q(outcome="fail")),
        ]

    def __str__(self) -> str:
        return f"{self.induction.teacher} at {self.school} from {self.started_on}"

    def save(self, **kwargs) -> None:
        # The to-do state belongs to refresh_induction_state's UPDATE: a full save of a period loaded before
        # its registration or its induction changed must not write the old values back.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [field.name for field in self._meta.concrete_fields
                                       if not field.primary_key and field.name not in TODO_STATE_FIELDS]
        super().save(**kwargs)


TODO_STATE_FIELDS = ("school_left_on", "paused")


class Extension(models.Model):
    """An AB-decided extension (EXT-002), kept at teacher level as DfE does (EXT-006)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    induction = models.ForeignKey(Induction, on_delete=models.PROTECT, related_name="extensions")
    terms = models.DecimalField(max_digits=3, decimal_places=1)
    reason = models.TextField()
    decided_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(terms__gte=0.1, terms__lte=16), name="extension_terms_0_1_to_16")]

    def __str__(self) -> str:
        return f"{self.terms} term extension for {self.induction.teacher}"


class Absence(models.Model):
    """Days an ECT was absent during induction (ABS-001..006). DP-004: the kind and the days only, never a reason."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    induction = models.ForeignKey(Induction, on_delete=models.PROTECT, related_name="absences")
    kind = models.CharField(max_length=25, choices=[(kind.value, kind.label) for kind in AbsenceKind])
    started_on = models.DateField()
    finished_on = models.DateField()
    # ABS-006: the days in the range the ECT was contracted to work.
    days = models.PositiveSmallIntegerField()
    # ABS-001: the part of induction it falls in (1: the first 3 FTE terms, 2: the rest), set when recorded.
    part = models.PositiveSmallIntegerField(choices=[(1, "Year 1"), (2, "Year 2")])
    # ABS-003: for statutory leave only, whether the ECT chose to extend their induction by it.
    ect_opted_to_extend = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(finished_on__gte=F("started_on")), name="absence_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(days__gte=1), name="absence_at_least_one_day"),
            models.CheckConstraint(condition=Q(part__in=[1, 2]), name="absence_part_1_or_2"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.induction.teacher}, {self.days} days"

    @property
    def is_statutory_leave(self) -> bool:
        return AbsenceKind(self.kind).is_statutory_leave
