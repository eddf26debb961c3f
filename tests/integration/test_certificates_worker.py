"""Certificates through Redis to a real worker: a conference's batch rendered in chunks, stored,
and announced to a real SMTP server once each; queuing the batch again changes nothing.
"""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from hubportal.tasks import sweep
from programmes.attendance.attendance import close_register
from programmes.certificates.certificates import issue_event_certificates, queue_rendering
from programmes.models import Certificate, CertificateNotice, Event, EventInvitation, EventKind, Place, RenderState
from tests.conftest import wait_until as shared_wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PEOPLE = 12
CHUNK = 5  # three tasks: 5, 5 and 2
TIMEOUT = 120


def wait_until(condition, what: str, worker) -> None:
    shared_wait_until(condition, what, worker, timeout=TIMEOUT)


@pytest.fixture
def conference(hub_staff):
    starts = timezone.now() - timedelta(days=2)
    event = Event.objects.create(
        title="ECT Welcome Conference 2026", kind=EventKind.ECT_WELCOME_Y1, venue="Kingsholm", starts_at=starts,
        ends_at=starts + timedelta(hours=6), cpd_hours=Decimal("5.5"), created_by=hub_staff,
    )
    EventInvitation.objects.bulk_create([
        EventInvitation(event=event, email=f"ect{n:02d}@example.org", first_name=f"Zoë{n:02d}", last_name="O'Brien",
                        response="accepted", place=Place.CONFIRMED, attended_at=starts + timedelta(minutes=5), email_state="sent")
        for n in range(PEOPLE)
    ])
    close_register(event, actor=hub_staff, now=timezone.now())
    return event


def test_a_batch_is_rendered_in_chunks_and_each_person_is_emailed_once(conference, hub_staff, worker_env, smtp_server, settings, tmp_path):
    from tests.conftest import Worker  # the worker fixture's class, started here with the chunk size set

    settings.CERTIFICATE_RENDER_CHUNK = CHUNK
    settings.MEDIA_ROOT = tmp_path / "media"
    worker = Worker({**worker_env, "CERTIFICATE_RENDER_CHUNK": str(CHUNK)}, name="certificates@%h")
    try:
        worker.wait_for(r"\bready\.", timeout=60)
        batch = issue_event_certificates(conference, actor=hub_staff, now=timezone.now())
        ids = list(batch.certificates.values_list("pk", flat=True))
        wait_until(lambda: not Certificate.objects.exclude(render_state=RenderState.RENDERED).exists(), "every certificate rendered", worker)
        wait_until(lambda: len(smtp_server.handler.envelopes) >= PEOPLE, "every email", worker)
        # Three render tasks, one per chunk, each one document.
        worker.wait_for(r"render_certificates\[.*\] succeeded", count=3, timeout=10)

        first = {c.pk: (c.code, c.pdf.name, c.rendered_at) for c in Certificate.objects.all()}
        # A double click, a redelivery and the beat sweep: nothing is rendered or sent again.
        queue_rendering(ids)
        settings.OUTBOX_QUEUED_GRACE_SECONDS = 0
        sweep()
        worker.wait_for(r"render_certificates\[.*\] succeeded", count=6, timeout=30)
        time.sleep(1)
    finally:
        worker.stop()

    assert {c.pk: (c.code, c.pdf.name, c.rendered_at) for c in Certificate.objects.all()} == first
    recipients = sorted(address for envelope in smtp_server.handler.envelopes for address in envelope.rcpt_tos)
    assert recipients == [f"ect{n:02d}@example.org" for n in range(PEOPLE)]
    assert set(CertificateNotice.objects.values_list("email_state", flat=True)) == {"sent"}
    message = smtp_server.handler.envelopes[0].content.decode()
    assert "Your certificate is ready: ECT Welcome Conference 2026" in message
    for certificate in Certificate.objects.all():
        with certificate.pdf.open("rb") as pdf:
            text = PdfReader(pdf).pages[0].extract_text()
        assert certificate.recipient_name in text and certificate.code in text
