"""Celery tasks for the AB service. Tasks take ids or nothing, and re-load what they need."""

from celery import shared_task
from django.utils import timezone


@shared_task
def start_scheduled_claims() -> int:
    """Claims accepted for a start date that has come: their induction periods open today."""
    from .claims import start_scheduled_claims as start

    return len(start(today=timezone.localdate()))


@shared_task
def queue_agreement_renewal_reminders() -> int:
    """Hub staff hear once about each school whose service agreement ends within 30 days, not yet renewed."""
    from .agreements import queue_renewal_reminders

    return queue_renewal_reminders(today=timezone.localdate())


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_renewal_reminders(self, reminder_ids: list[int]) -> None:
    from hubportal.outbox import deliver

    from .agreements import renewal_reminder_message
    from .models import RenewalReminder

    deliver(self, RenewalReminder, reminder_ids, lambda pk: renewal_reminder_message(pk, today=timezone.localdate()))
