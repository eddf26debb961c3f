"""The claims' scheduled job: claims accepted for a start date that has come open their induction periods."""

from celery import shared_task
from django.utils import timezone

from appropriate_body.claims.claims import start_scheduled_claims as start


@shared_task(name="appropriate_body.tasks.start_scheduled_claims")
def start_scheduled_claims() -> int:
    """Claims accepted for a start date that has come: their induction periods open today."""
    return len(start(today=timezone.localdate()))
