"""Celery tasks for the AB service. Tasks take ids or nothing, and re-load what they need."""

from celery import shared_task
from django.utils import timezone

# Bulk CSV (appropriate_body.bulk): large files are applied here.


@shared_task(name="appropriate_body.tasks.process_bulk_upload")
def process_bulk_upload(upload_id: int) -> None:
    import logging

    from appropriate_body.claims.bulk import fail_upload, process_upload

    try:
        # Idempotent: each chunk commits with its results, so a redelivery carries on where it stopped.
        process_upload(upload_id, today=timezone.localdate())
    except Exception:
        # Not retried: the same row would fail the same way. Staff see it stopped, not a stuck bar.
        logging.getLogger(__name__).exception("Bulk upload %s failed", upload_id)
        fail_upload(upload_id)


@shared_task(name="appropriate_body.tasks.purge_bulk_uploads")
def purge_bulk_uploads() -> int:
    """DP-002: the contents of a bulk CSV and the names in its results go within 24 hours."""
    from appropriate_body.claims.bulk import purge_old_uploads

    return purge_old_uploads()
