"""The CSV registration's scheduled job (the worker's own tasks are in `bulk`, beside what they do)."""

from celery import shared_task

from registration.uploads.bulk import purge_old_uploads


# The name it was first given, which the beat schedule names.
@shared_task(name="participants.tasks.purge_registration_uploads")
def purge_registration_uploads() -> int:
    """DP-002: CSV contents and the names in their problems go within 24 hours."""
    return purge_old_uploads()
