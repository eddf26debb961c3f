"""Celery tasks for the AB service. Tasks take ids or nothing, and re-load what they need."""

from celery import shared_task
from django.utils import timezone


@shared_task
def start_scheduled_claims() -> int:
    """Claims accepted for a start date that has come: their induction periods open today."""
    from .claims import start_scheduled_claims as start

    return len(start(today=timezone.localdate()))
