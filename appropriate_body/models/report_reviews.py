"""The AB's check of a submitted review or signed assessment (SG24 5.11: the AB quality-assures them).

AB staff accept a report or return it to the school with a comment on each section that needs work.
Every check is kept (a report may be returned twice); the report itself carries the state
(Assessment.status RETURNED while the school works on it).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubportal.lib.outbox import OutboxRow

from .assessments import Assessment, Standard


class ReviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned to the school"


# The parts of the report the tutor fills, in the order the form shows them; each may carry a comment.
SECTIONS = {
    "evidence_summary": "Summary of the evidence",
    "evidence_files": "Evidence files",
    **{standard.value: standard.label for standard in Standard},
    "on_track": "On track to complete induction",
    "targets": "Development targets",
    "support_plan": "Support plan",
}


class ReportReview(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="reviews")
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    # A returned report: when the school sent it back (signed again first, if its content changed).
    resubmitted_at = models.DateTimeField(null=True, blank=True)
    resubmitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The school of the report's period, copied when it is checked (a period never changes school), so the QA queue's
    # "reports returned before" reads the returns alone rather than joining each to its report and period; kept by
    # appropriate_body.reviews.schools.
    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, null=True, editable=False, related_name="+")
    history = HistoricalRecords(excluded_fields=["school"])

    Outcome = ReviewOutcome

    class Meta:
        ordering = ["reviewed_at", "pk"]
        indexes = [
            models.Index(fields=["outcome", "reviewed_at"]),
            models.Index(fields=["reviewed_at", "school"], name="report_review_returned", condition=Q(outcome="returned")),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.assessment_id}"


class ReturnedSection(models.Model):
    review = models.ForeignKey(ReportReview, on_delete=models.PROTECT, related_name="sections")
    section = models.CharField(max_length=20, choices=list(SECTIONS.items()))
    comment = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "section"], name="one_comment_per_returned_section")]

    def __str__(self) -> str:
        return f"{self.section}: {self.comment[:40]}"


class ReportReviewNotice(OutboxRow):
    """One email per step of a check: the school's tutors when returned, the reviewer when it is back; each once."""
    send_task = "appropriate_body.tasks.send_report_review_notices"

    class Kind(models.TextChoices):
        RETURNED = "returned", "Returned to the school"
        RESUBMITTED = "resubmitted", "Back with the appropriate body"

    review = models.ForeignKey(ReportReview, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="one_report_review_notice_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.review_id}"
