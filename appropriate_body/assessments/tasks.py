"""The assessments' scheduled jobs: the daily reminders (emails left waiting: hubportal.tasks.sweep), and the nightly
check of when each report waiting for the AB reached them (appropriate_body.assessments.awaiting)."""

from celery import shared_task
from django.utils import timezone

from appropriate_body.assessments.assessments import queue_reminders
from appropriate_body.assessments.awaiting import check_awaiting_review as check


@shared_task(name="appropriate_body.tasks.queue_assessment_reminders")
def queue_assessment_reminders() -> int:
    """Induction tutors hear a week before a review or assessment is due, on the day, and once when overdue."""
    return queue_reminders(today=timezone.localdate())


@shared_task(name="appropriate_body.tasks.check_awaiting_review")
def check_awaiting_review() -> int:
    """Nightly: the stored time every report has waited for the AB worked out afresh; any drift is logged and corrected."""
    return len(check())
