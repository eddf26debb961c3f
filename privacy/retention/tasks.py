from celery import shared_task
from django.utils import timezone

from privacy.retention.job import RetentionAlreadyRunning
from privacy.retention.job import apply_retention as apply_schedule


@shared_task(acks_late=True)
def apply_retention() -> dict[str, int]:
    """Nightly (settings.CELERY_BEAT_SCHEDULE): idempotent, so a redelivered task finds nothing left to do."""
    try:
        return apply_schedule(timezone.localdate())
    except RetentionAlreadyRunning:
        return {}
