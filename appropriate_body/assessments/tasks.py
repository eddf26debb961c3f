"""The assessments' scheduled jobs: the daily reminders, and the AB's emails a dead worker left behind."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from appropriate_body.assessments.assessments import queue_reminders
from appropriate_body.models import AssessmentNotice
from appropriate_body.models.claims import ReleaseRequest
from hubportal.lib.outbox import requeue_stuck


@shared_task(name="appropriate_body.tasks.queue_assessment_reminders")
def queue_assessment_reminders() -> int:
    """Induction tutors hear a week before a review or assessment is due, on the day, and once when overdue."""
    return queue_reminders(today=timezone.localdate())


@shared_task(name="appropriate_body.tasks.requeue_stuck_ab_emails")
def requeue_stuck_ab_emails(queued_before_seconds: int = 120) -> int:
    """Every AB email still waiting (a worker died, a message was lost) goes to a worker again; claims stop doubles.

    Release requests (claims) and turn notices (assessments) alike; reminders are queued again by their daily job.
    """
    queued_before = timedelta(seconds=queued_before_seconds)
    return (requeue_stuck(ReleaseRequest, "appropriate_body.tasks.send_release_requests", queued_before=queued_before)
            + requeue_stuck(AssessmentNotice, "appropriate_body.tasks.send_assessment_notices", queued_before=queued_before))
