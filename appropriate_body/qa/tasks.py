"""The workload forecast's scheduled job: its reviews and reports counted by day every few minutes."""

import logging

from celery import shared_task
from django.utils import timezone

from appropriate_body.qa.tallies import refresh_workload_tallies

logger = logging.getLogger(__name__)


@shared_task(name="appropriate_body.tasks.refresh_workload_tallies")
def refresh_workload() -> int:
    """Every open review and report counted by day again (appropriate_body.qa.tallies). Takes nothing and replaces the
    last counts whole, so a late or repeated run is harmless."""
    written = refresh_workload_tallies(now=timezone.now())
    logger.info("Workload counted: %d day(s)", written)
    return written
