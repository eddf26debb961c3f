"""The claims' scheduled jobs: claims accepted for a start date that has come open their induction periods,
open claims are asked about again, and bulk CSVs are forgotten after a day (DP-002)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from appropriate_body.claims.bulk import purge_old_uploads
from appropriate_body.claims.claims import start_scheduled_claims as start
from appropriate_body.claims.record_refresh import Refreshed, refresh_inductions
from appropriate_body.claims.record_refresh import refresh_open_claims as refresh
from participants.people.records import teacher_record_lookup


@shared_task(name="appropriate_body.tasks.start_scheduled_claims")
def start_scheduled_claims() -> int:
    """Claims accepted for a start date that has come: their induction periods open today."""
    return len(start(today=timezone.localdate()))


@shared_task(name="appropriate_body.tasks.purge_bulk_uploads")
def purge_bulk_uploads() -> int:
    """DP-002: the contents of a bulk CSV and the names in its results go within 24 hours."""
    return purge_old_uploads()


@shared_task(name="appropriate_body.tasks.refresh_open_claims")
def refresh_open_claims() -> dict[str, dict[str, int]]:
    """Every few minutes: open claims asked about again, oldest read first, then inductions under way with what the
    batch has left (nothing when no record service is set)."""
    lookup, now, limit = teacher_record_lookup(), timezone.now(), settings.TRS_REFRESH_BATCH
    claims = refresh(lookup=lookup, now=now, limit=limit)
    left = limit - sum(claims.values())
    down = Refreshed.UNAVAILABLE in claims
    inductions = refresh_inductions(lookup=lookup, now=now, limit=left) if left > 0 and not down else {}
    return {"claims": claims, "inductions": inductions}

