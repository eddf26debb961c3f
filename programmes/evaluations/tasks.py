"""The evaluations' scheduled job: the daily announcement of evaluations that open."""

from celery import shared_task
from django.utils import timezone

from programmes.evaluations.notices import announce_opening


@shared_task(name="programmes.tasks.announce_open_surveys")
def announce_open_evaluations() -> int:
    """Daily: evaluations that open today (or opened while nobody announced them) email the people they are for."""
    return announce_opening(today=timezone.localdate())
