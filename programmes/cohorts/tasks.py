"""The cohorts' scheduled jobs."""

from celery import shared_task

from programmes.cohorts.enrolment_csv import purge_old_uploads


@shared_task(name="programmes.cohorts.tasks.purge_enrolment_uploads")
def purge_enrolment_uploads() -> int:
    """DP-002: the contents of an enrolment CSV and the names in its problems go within 24 hours."""
    return purge_old_uploads()
