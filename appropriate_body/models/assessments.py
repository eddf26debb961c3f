"""Progress reviews and assessments of an ECT, judged against the Teachers' Standards (§2.10, §5).

One `Assessment` row per scheduled item (schedule.py), made by appropriate_body.assessments.sync_schedule.
A row is never deleted (REC-003, DP-001): one the schedule no longer needs is marked `not_needed`.
Judgements are against TS1–TS8 and Part Two only, never ITTECF statements (FA-003, §5).
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from appropriate_body.rules.schedule import ItemKind
from hubportal.lib.outbox import OutboxRow

from .decisions import Recommendation


class AssessmentKind(models.TextChoices):
    PROGRESS_REVIEW = ItemKind.PROGRESS_REVIEW.value, "Progress review"
    FORMAL_ASSESSMENT = ItemKind.FORMAL_ASSESSMENT.value, "Formal assessment (end of year 1)"
    FINAL_ASSESSMENT = ItemKind.FINAL_ASSESSMENT.value, "Final assessment"
    INTERIM_ASSESSMENT = ItemKind.INTERIM_ASSESSMENT.value, "Interim assessment"


# FA-001: the two formal assessments, each held at a meeting whose report the tutor, headteacher and ECT sign (FA-005).
MEETING_KINDS = (AssessmentKind.FORMAL_ASSESSMENT.value, AssessmentKind.FINAL_ASSESSMENT.value)


class AssessmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    # Assessments only (FA-005): the ECT comments, then the tutor, headteacher and ECT sign.
    AWAITING_ECT_COMMENTS = "awaiting_ect_comments", "Waiting for the ECT's comments"
    AWAITING_SIGNATURES = "awaiting_signatures", "Waiting for signatures"
    SIGNED = "signed", "Signed"
    # Progress reviews end here: a written record sent to the AB and the ECT (PR-003).
    SUBMITTED = "submitted", "Submitted"
    # The schedule moved (an extension, a release) before it was started; kept, never deleted.
    NOT_NEEDED = "not_needed", "No longer needed"
    # The AB checked it and sent it back with comments (SG24 5.11); the school edits and resubmits it.
    RETURNED = "returned", "Returned by the appropriate body"


DONE_STATUSES = (AssessmentStatus.SIGNED, AssessmentStatus.SUBMITTED)
OPEN_STATUSES = (AssessmentStatus.NOT_STARTED, AssessmentStatus.IN_PROGRESS,
                 AssessmentStatus.AWAITING_ECT_COMMENTS, AssessmentStatus.AWAITING_SIGNATURES, AssessmentStatus.RETURNED)


class Standard(models.TextChoices):
    """§5: the titles are exact. Part Two is judged as a whole (P2.1–P2.3)."""

    TS1 = "TS1", "TS1 Set high expectations which inspire, motivate and challenge pupils"
    TS2 = "TS2", "TS2 Promote good progress and outcomes by pupils"
    TS3 = "TS3", "TS3 Demonstrate good subject and curriculum knowledge"
    TS4 = "TS4", "TS4 Plan and teach well structured lessons"
    TS5 = "TS5", "TS5 Adapt teaching to respond to the strengths and needs of all pupils"
    TS6 = "TS6", "TS6 Make accurate and productive use of assessment"
    TS7 = "TS7", "TS7 Manage behaviour effectively to ensure a good and safe learning environment"
    TS8 = "TS8", "TS8 Fulfil wider professional responsibilities"
    P2 = "P2", "Part Two: Personal and professional conduct"


class Assessment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    induction = models.ForeignKey("appropriate_body.Induction", on_delete=models.PROTECT, related_name="assessments")
    induction_period = models.ForeignKey("appropriate_body.InductionPeriod", on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=20, choices=AssessmentKind.choices)
    # The term of employment from the period's start (schedule.ScheduledItem.term_number).
    term_number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    # PR-002/FA-002: when it waits for the ECT's return from an absence, the date it was due before.
    due_before_absence = models.DateField(null=True, blank=True)
    rule_id = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=25, choices=AssessmentStatus.choices, default=AssessmentStatus.NOT_STARTED)
    on_track = models.BooleanField(null=True, blank=True)
    evidence_summary = models.TextField(blank=True)
    targets = models.TextField(blank=True)
    # PR-004/FA-006: required when the ECT is not on track.
    support_plan = models.TextField(blank=True)
    # FA-004: the same recommendation the AB records at completion (CompletionDecision).
    headteacher_recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    # FA-001/FA-005: the day of the formal assessment meeting (the year-1 and final assessments only);
    # on the final one it starts DL-002's 10 working days for the signed report to reach the AB.
    meeting_on = models.DateField(null=True, blank=True)
    # INT-001: the interim assessment records the days absent since the last assessment.
    days_absent_since_last = models.PositiveSmallIntegerField(null=True, blank=True)
    ect_comments = models.TextField(blank=True)
    ect_commented_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    tutor_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    tutor_signed_at = models.DateTimeField(null=True, blank=True)
    headteacher_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    headteacher_signed_at = models.DateTimeField(null=True, blank=True)
    ect_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ect_signed_at = models.DateTimeField(null=True, blank=True)
    # A fingerprint of what the signers signed (assessments.content_hash): a report the AB returned is
    # signed again only when the school's edits changed it.
    signed_content_hash = models.CharField(max_length=64, blank=True)
    # How many times the AB has returned it: each round asks the signers again (AssessmentNotice.round).
    review_round = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # While the report waits for the AB (finished and not accepted): when it last reached them, kept by
    # appropriate_body.assessments.awaiting; NULL otherwise. "Reports to check" reads it through its index.
    awaiting_review_since = models.DateTimeField(null=True, blank=True, editable=False)
    # Whether it is the latest recorded report of an ECT still in induction and says not on track, kept by
    # appropriate_body.assessments.not_on_track. "ECTs not on track" reads it through its index.
    latest_not_on_track = models.BooleanField(default=False, editable=False)
    # Worked out from the report, its reviews and its induction, not anyone's decision: no history row when they change.
    history = HistoricalRecords(excluded_fields=["awaiting_review_since", "latest_not_on_track"])

    Kind = AssessmentKind
    Status = AssessmentStatus

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            # sync_schedule's key: a re-run finds the row it made.
            models.UniqueConstraint(fields=["induction_period", "kind", "term_number"], name="one_assessment_per_period_kind_term"),
            models.CheckConstraint(condition=Q(headteacher_recommendation="") | Q(kind=ItemKind.FINAL_ASSESSMENT.value),
                                   name="recommendation_on_final_assessment_only"),
            # Progress reviews and interim assessments have no formal assessment meeting (FA-001, FA-005).
            models.CheckConstraint(condition=Q(meeting_on__isnull=True) | Q(kind__in=MEETING_KINDS), name="meeting_on_formal_assessments_only"),
            # FA-005: the induction tutor, the headteacher and the ECT sign, three people. sign() refuses a second
            # signature by one person with a message; this holds whatever writes the row. (An empty signature is NULL,
            # and a CHECK on NULL passes.)
            models.CheckConstraint(condition=~Q(tutor_signed_by=F("headteacher_signed_by")), name="tutor_and_headteacher_are_different_people"),
            models.CheckConstraint(condition=~Q(tutor_signed_by=F("ect_signed_by")), name="tutor_and_ect_are_different_people"),
            models.CheckConstraint(condition=~Q(headteacher_signed_by=F("ect_signed_by")), name="headteacher_and_ect_are_different_people"),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            # The few not on track (PR-004, FA-006): the to-do list and the QA queue start from them.
            models.Index(fields=["induction", "due_on"], condition=Q(on_track=False), name="assessment_not_on_track"),
            # "Reports to check" (appropriate_body.reviews.reviews.reports_awaiting_review), in its order.
            models.Index(fields=["awaiting_review_since", "id"], name="assessment_awaiting_review",
                         condition=Q(awaiting_review_since__isnull=False)),
            # "ECTs not on track" (appropriate_body.inductions.todo.not_on_track), in its order.
            models.Index(fields=["due_on", "id"], name="assessment_latest_not_on_track", condition=Q(latest_not_on_track=True)),
            # DL-002's "signed reports awaited" (appropriate_body.inductions.todo.signed_reports_awaited), in its order.
            models.Index(fields=["meeting_on", "id"], name="assessment_signed_report_due",
                         condition=Q(kind=ItemKind.FINAL_ASSESSMENT.value, meeting_on__isnull=False)
                         & ~Q(status__in=["signed", "not_needed"])),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (term {self.term_number}) of {self.induction.teacher}"

    def save(self, **kwargs) -> None:
        # The stored state belongs to its refreshes' UPDATEs: a full save of a report loaded before its status,
        # reviews or induction changed must not write the old values back.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [field.name for field in self._meta.concrete_fields
                                       if not field.primary_key and field.name not in STORED_STATE_FIELDS]
        super().save(**kwargs)

    @property
    def moved_from(self):
        """As schedule.ScheduledItem.moved_from, so a template shows either the same way."""
        return self.due_before_absence

    @property
    def is_progress_review(self) -> bool:
        return self.kind == AssessmentKind.PROGRESS_REVIEW

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.due_on < timezone.localdate()

    @property
    def done_on(self):
        """The day the AB had it: a review when submitted (PR-003), an assessment when the ECT signed last (FA-005)."""
        moment = self.submitted_at if self.is_progress_review else self.ect_signed_at
        return timezone.localdate(moment) if moment and self.is_done else None


STORED_STATE_FIELDS = ("awaiting_review_since", "latest_not_on_track")


class StandardJudgement(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="judgements")
    standard = models.CharField(max_length=3, choices=Standard.choices)
    on_track = models.BooleanField()
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "standard"], name="one_judgement_per_standard")]

    def __str__(self) -> str:
        return f"{self.standard}: {'on track' if self.on_track else 'not on track'}"


def evidence_path(instance, filename: str) -> str:
    """A random name under a random folder: the stored path reveals nothing and cannot be guessed.

    The name the school gave the file is kept in `original_name`, and only the download view serves it.
    """
    suffix = PurePosixPath(filename).suffix.lower()
    return f"assessment-evidence/{uuid.uuid4().hex}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="evidence_files")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class AssessmentReminder(OutboxRow):
    """One email to the school's induction tutors about one assessment; each kind once (unique)."""
    send_task = "appropriate_body.tasks.send_assessment_reminders"  # sends a chunk of them (the sweep queues it)

    class Kind(models.TextChoices):
        WEEK_BEFORE = "week_before", "A week before"
        DUE_TODAY = "due_today", "Due today"
        OVERDUE = "overdue", "Overdue"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "kind"], name="one_assessment_reminder_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.assessment}"


class AssessmentNotice(OutboxRow):
    """One email telling whoever acts next that it is their turn; each kind once per assessment (unique).

    Made in the same transaction as the step that calls for it (appropriate_body.assessment_notices).
    """
    send_task = "appropriate_body.tasks.send_assessment_notices"  # sends a chunk of them (the sweep queues it)

    class Kind(models.TextChoices):
        # PR-003: a copy of the submitted review goes to the ECT.
        REVIEW_SUBMITTED = "review_submitted", "Review ready for the ECT"
        # FA-005: the ECT comments first, then the tutor, the headteacher and the ECT sign.
        COMMENTS_NEEDED = "comments_needed", "ECT to comment"
        TUTOR_TO_SIGN = "tutor_to_sign", "Induction tutor to sign"
        HEADTEACHER_TO_SIGN = "headteacher_to_sign", "Headteacher to sign"
        ECT_TO_SIGN = "ect_to_sign", "ECT to sign"
        # To the tutors: the ECT keeps the original and the AB has the copy (FA-005).
        SIGNED = "signed", "Signed by all"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Assessment.review_round when made: a report returned and changed is commented on and signed again.
    round = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "kind", "round"], name="one_assessment_notice_per_kind_and_round")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.assessment}"
