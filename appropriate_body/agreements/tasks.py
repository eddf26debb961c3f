"""The agreements' scheduled job: the daily renewal reminder to hub staff."""

from celery import shared_task
from django.utils import timezone

from appropriate_body.agreements.agreements import queue_renewal_reminders


@shared_task(name="appropriate_body.tasks.queue_agreement_renewal_reminders")
def queue_agreement_renewal_reminders() -> int:
    """Hub staff hear once about each school whose service agreement ends within 30 days, not yet renewed."""
    return queue_renewal_reminders(today=timezone.localdate())
