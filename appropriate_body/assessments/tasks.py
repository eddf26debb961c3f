"""The assessments' scheduled job: the daily reminders (emails left waiting: hubportal.tasks.sweep)."""

from celery import shared_task
from django.utils import timezone

from appropriate_body.assessments.assessments import queue_reminders


@shared_task(name="appropriate_body.tasks.queue_assessment_reminders")
def queue_assessment_reminders() -> int:
    """Induction tutors hear a week before a review or assessment is due, on the day, and once when overdue."""
    return queue_reminders(today=timezone.localdate())

