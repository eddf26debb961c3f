"""The worker's side of certificates: claim a chunk, render it as one document, store each file.

Claiming is a conditional UPDATE that stamps the rows with this run's claim id, so two
workers given the same ids (a redelivered task, a double click) never both render a
certificate, and a certificate already rendered is never rendered again. If the chunk's
document fails, each certificate is rendered alone so one bad row cannot hold up the
rest; a certificate that keeps failing is marked failed with the reason, for hub staff
to see and render again.
"""

import gc
import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hubportal.lib.queue import chunks, hand_over, queue_chunks_on_commit
from programmes.certificates.pdf import render_certificate_pdfs
from programmes.models import Certificate, CertificateNotice, RenderState

logger = logging.getLogger(__name__)


def stale_render_claim() -> timedelta:
    """A claim older than this belongs to a worker that died mid-render; another may take the row over."""
    return timedelta(seconds=settings.CERTIFICATE_STALE_RENDER_SECONDS)


@dataclass
class ChunkResult:
    rendered: list[int] = field(default_factory=list)
    # "Ready" emails created for this chunk, sent together over one connection.
    notices: list[int] = field(default_factory=list)
    # Failed this time with tries left: the task tries these again later.
    retry: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def claimable() -> Q:
    stale = timezone.now() - stale_render_claim()
    return Q(render_state=RenderState.QUEUED) | Q(render_state=RenderState.RENDERING, render_claimed_at__lt=stale)


def claim(certificate_ids: list[int]) -> tuple[uuid.UUID, list[Certificate]]:
    token = uuid.uuid4()
    Certificate.objects.filter(claimable(), pk__in=certificate_ids).update(
        render_state=RenderState.RENDERING, render_claim=token, render_claimed_at=timezone.now()
    )
    claimed = list(Certificate.objects.filter(render_claim=token, render_state=RenderState.RENDERING).order_by("pk"))
    return token, claimed


def render_chunk(certificate_ids: list[int]) -> ChunkResult:
    """Render every claimable certificate of `certificate_ids`; return what became of each."""
    result = ChunkResult()
    token, certificates = claim(certificate_ids)
    if not certificates:
        return result
    try:
        files = render_certificate_pdfs(certificates)
    except Exception:
        logger.exception("Certificates %s failed as one document; rendering each alone", [c.pk for c in certificates])
        files = None
    if files is not None:
        for certificate, pdf in zip(certificates, files, strict=True):
            _store(certificate, pdf, token, result)
    else:
        for certificate in certificates:
            try:
                pdf = render_certificate_pdfs([certificate])[0]
            except Exception as exc:
                _record_failure(certificate, token, exc, result)
                continue
            _store(certificate, pdf, token, result)
    # A document of many pages is large; give its memory back before the worker takes the next chunk.
    del files
    gc.collect()
    if result.notices:
        queue_chunks_on_commit("programmes.tasks.send_certificate_notices", result.notices)
    return result


def _store(certificate: Certificate, pdf: bytes, token: uuid.UUID, result: ChunkResult) -> None:
    previous = certificate.pdf.name
    storage = certificate.pdf.storage
    try:
        name = storage.save(certificate.pdf.field.generate_filename(certificate, "certificate.pdf"), ContentFile(pdf))
    except OSError as exc:
        _record_failure(certificate, token, exc, result)
        return
    with transaction.atomic():
        stored = Certificate.objects.filter(pk=certificate.pk, render_claim=token).update(
            render_state=RenderState.RENDERED, pdf=name, rendered_at=timezone.now(), render_error="",
            render_claim=None, render_claimed_at=None,
        )
        if stored:
            notice, created = CertificateNotice.objects.get_or_create(certificate_id=certificate.pk)
            if created:
                result.notices.append(notice.pk)
    if not stored:
        # Another worker took the row over (this one was too slow): its file is the one kept.
        storage.delete(name)
        return
    if previous and previous != name:
        storage.delete(previous)
    result.rendered.append(certificate.pk)


# What hub staff read beside a certificate that did not render: words, not the exception (that goes to the log).
COULD_NOT_STORE = "The certificate's file could not be saved on the server"
COULD_NOT_DRAW = "The certificate could not be drawn from its details (check the name and title for unusual characters)"
TRYING_AGAIN = "; we will try again shortly."
GAVE_UP = "; after {attempts} tries we stopped. Render it again, and tell the portal's support team if it fails again."


def failure_in_words(exc: Exception, *, attempts: int, final: bool) -> str:
    reason = COULD_NOT_STORE if isinstance(exc, OSError) else COULD_NOT_DRAW
    return reason + (GAVE_UP.format(attempts=attempts) if final else TRYING_AGAIN)


def _record_failure(certificate: Certificate, token: uuid.UUID, exc: Exception, result: ChunkResult) -> None:
    attempts = certificate.render_attempts + 1
    final = attempts >= settings.CERTIFICATE_RENDER_ATTEMPTS
    logger.warning("Certificate %s failed to render (attempt %s): %s: %s", certificate.pk, attempts, type(exc).__name__, exc)
    Certificate.objects.filter(pk=certificate.pk, render_claim=token).update(
        render_state=RenderState.FAILED if final else RenderState.QUEUED,
        render_attempts=attempts, render_error=failure_in_words(exc, attempts=attempts, final=final),
        render_claim=None, render_claimed_at=None,
    )
    (result.failed if final else result.retry).append(certificate.pk)


def stuck_certificate_ids(queued_before: timedelta) -> list[int]:
    """Certificates waiting too long: queued (a message lost) or claimed by a worker that died."""
    now = timezone.now()
    stuck = Certificate.objects.filter(
        Q(render_state=RenderState.QUEUED, issued_at__lt=now - queued_before)
        | Q(render_state=RenderState.RENDERING, render_claimed_at__lt=now - stale_render_claim())
    )
    return list(stuck.order_by("pk").values_list("pk", flat=True))


def requeue_stuck_renderings() -> int:
    """Certificates whose rendering is stuck (a worker died, a message was lost) go to a worker again (the sweep)."""
    ids = stuck_certificate_ids(timedelta(seconds=settings.OUTBOX_QUEUED_GRACE_SECONDS))
    if ids:
        hand_over("programmes.tasks.render_certificates", [(chunk,) for chunk in chunks(ids, settings.CERTIFICATE_RENDER_CHUNK)])
    return len(ids)


# Long enough for a full disk or a busy storage service to recover; short enough to finish the batch today.
CERTIFICATE_RETRY_SECONDS = 30


@shared_task(name="programmes.tasks.render_certificates")
def render_certificates(certificate_ids: list[int]) -> dict:
    """Render a chunk of certificates as one document (render_chunk above).

    Those that failed with tries left come back later as a smaller task of their own; the
    attempts are counted on each row, so the retries end however often this is redelivered.
    """
    result = render_chunk(certificate_ids)
    if result.retry:
        hand_over("programmes.tasks.render_certificates", [(result.retry,)], countdown=CERTIFICATE_RETRY_SECONDS)
    return {"rendered": len(result.rendered), "retry": len(result.retry), "failed": len(result.failed)}
