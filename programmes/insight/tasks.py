"""The insight dashboard's scheduled job: the kept engagement figures refreshed every few minutes."""

import logging

from celery import shared_task
from django.utils import timezone

from programmes.insight.engagement import refresh_due_years

logger = logging.getLogger(__name__)


@shared_task(name="programmes.tasks.refresh_engagement_figures")
def refresh_engagement_figures() -> dict[str, int]:
    """Last, this and next year's engagement figures, and older years looked at once a day (programmes.insight.engagement).

    Takes nothing and is idempotent: a run that finds nothing new writes nothing, so a late or
    repeated run is harmless.
    """
    changed = refresh_due_years(now=timezone.now(), today=timezone.localdate())
    logger.info("Engagement figures refreshed: %s", changed)
    return changed
