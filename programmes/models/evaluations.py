"""Evaluations: a rating and comments after an event or a programme year, and the
annual survey of schools the AB service promises, on the same two tables.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hubportal.lib.outbox import OutboxRow
from programmes.models.strands import Enrolment

# A programme year's evaluation is for those who took part in it: not nominees, refusals or withdrawals.
TOOK_PART = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED, Enrolment.Status.DEFERRED)


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", "Event evaluation"
        PROGRAMME_YEAR = "programme_year", "Programme year evaluation"
        SCHOOLS = "schools", "Annual survey of schools"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    question = models.CharField(max_length=300, default="How useful was this to you?")
    # What it asks about: an event, a cohort (one programme year), or (schools) an academic year.
    event = models.ForeignKey("programmes.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations")
    cohort = models.ForeignKey("programmes.Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations")
    academic_year = models.PositiveSmallIntegerField(null=True, blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    Kind = Kind

    class Meta:
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="evaluation_closes_after_it_opens"),
            models.CheckConstraint(
                condition=(Q(kind="event", event__isnull=False, cohort__isnull=True)
                           | Q(kind="programme_year", cohort__isnull=False, event__isnull=True)
                           | Q(kind="schools", academic_year__isnull=False, event__isnull=True, cohort__isnull=True)),
                name="evaluation_names_what_it_asks_about",
            ),
            models.UniqueConstraint(fields=["event"], condition=Q(kind="event"), name="one_evaluation_per_event"),
            models.UniqueConstraint(fields=["cohort"], condition=Q(kind="programme_year"), name="one_evaluation_per_cohort"),
            models.UniqueConstraint(fields=["academic_year"], condition=Q(kind="schools"), name="one_schools_survey_per_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class EvaluationAnswer(models.Model):
    """One answer: a participant's (event, programme year) or a school's (the annual survey), once each."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="answers")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="evaluation_answers")
    # The annual survey is answered for a school (by a leader or tutor there), once per school.
    school = models.ForeignKey("participants.School", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluation_answers")
    rating = models.PositiveSmallIntegerField()  # 1 (poor) to 5 (excellent)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"),
            models.UniqueConstraint(fields=["evaluation", "respondent"], condition=Q(school__isnull=True), name="one_answer_per_person"),
            models.UniqueConstraint(fields=["evaluation", "school"], condition=Q(school__isnull=False), name="one_answer_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 to {self.evaluation}"


class EvaluationNotice(OutboxRow):
    """The email telling one person an evaluation is open for them: made on the day it opens, sent once."""
    send_task = "programmes.tasks.send_survey_notices"  # sends a chunk of them (the sweep queues it)

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluation_notices")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # One per person per evaluation, however often it is announced (a leader of two schools gets one).
        constraints = [models.UniqueConstraint(fields=["evaluation", "user"], name="one_evaluation_notice_per_person")]

    def __str__(self) -> str:
        return f"Evaluation open: {self.evaluation} to {self.user}"
