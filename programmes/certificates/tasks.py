"""The certificates' scheduled job: renderings and emails a dead worker (or a lost message) left behind."""

from datetime import timedelta

from celery import shared_task

from hubportal.lib.outbox import requeue_stuck
from programmes.certificates.certificates import queue_rendering
from programmes.certificates.rendering import stuck_certificate_ids
from programmes.models import CertificateNotice


@shared_task(name="programmes.tasks.requeue_stuck_certificates")
def requeue_stuck_certificates(queued_before_seconds: int = 300) -> int:
    """Certificates whose rendering or email is stuck (a worker died, a message was lost) go to a worker again."""
    before = timedelta(seconds=queued_before_seconds)
    ids = stuck_certificate_ids(before)
    queue_rendering(ids)
    return len(ids) + requeue_stuck(CertificateNotice, "programmes.tasks.send_certificate_notices", queued_before=before)
