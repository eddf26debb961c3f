"""The worker's side: claiming, rendering a chunk as one document, storing, retrying and failing.

These call render_chunk and the task directly (a real worker renders a batch in
tests/integration/test_certificates_worker.py). Rendering is real WeasyPrint except where a
test makes one certificate fail.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from programmes.attendance.attendance import close_register, mark_attendance
from programmes.certificates import rendering as certificate_rendering
from programmes.certificates.certificates import issue_event_certificates
from programmes.certificates.emails import send_certificate_notices
from programmes.certificates.rendering import (
    CERTIFICATE_RETRY_SECONDS,
    claim,
    render_certificates,
    render_chunk,
    requeue_stuck_renderings,
    stale_render_claim,
    stuck_certificate_ids,
)
from programmes.models import Certificate, CertificateNotice, RenderState
from programmes.tests.factories import EventFactory, invite


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CERTIFICATE_RENDER_ATTEMPTS = 3
    return tmp_path


@pytest.fixture
def notices_sent(monkeypatch):

    calls: list[list[int]] = []
    monkeypatch.setattr(send_certificate_notices, "delay", calls.append)
    monkeypatch.setattr(render_certificates, "delay", lambda ids: None)
    return calls


def issued(hub_staff, names) -> list[int]:
    event = EventFactory(title="Mentor Conference", cpd_hours=Decimal("3"))
    for name in names:
        first, last = name.split(" ", 1)
        mark_attendance(invite(event, first, last), present=True, actor=hub_staff, now=timezone.now())
    close_register(event, actor=hub_staff, now=timezone.now())
    batch = issue_event_certificates(event, actor=hub_staff, now=timezone.now())
    return list(batch.certificates.order_by("pk").values_list("pk", flat=True))


def fail_for(monkeypatch, bad_name: str):
    """Make the renderer fail whenever a document holds `bad_name` (as a broken row would)."""
    real = certificate_rendering.render_certificate_pdfs

    def render(certificates):
        if any(c.recipient_name == bad_name for c in certificates):
            raise RuntimeError(f"cannot lay out {bad_name}")
        return real(certificates)

    monkeypatch.setattr(certificate_rendering, "render_certificate_pdfs", render)


@pytest.mark.django_db
def test_a_chunk_is_rendered_stored_and_announced_once(hub_staff, notices_sent, django_capture_on_commit_callbacks):
    ids = issued(hub_staff, ["Ada Lovelace", "Bo Diddley", "Cy Twombly"])

    with django_capture_on_commit_callbacks(execute=True):
        result = render_chunk(ids)

    assert sorted(result.rendered) == ids and not result.retry and not result.failed
    certificates = list(Certificate.objects.filter(pk__in=ids))
    for certificate in certificates:
        assert certificate.render_state == RenderState.RENDERED and certificate.rendered_at
        assert certificate.render_claim is None
        assert certificate.pdf.name == f"certificates/{certificate.issued_at:%Y}/{certificate.public_id}.pdf"
        assert default_storage.open(certificate.pdf.name).read().startswith(b"%PDF-")
    assert CertificateNotice.objects.filter(certificate__in=ids).count() == 3
    # The chunk's emails go to one task, which sends them over one connection.
    assert notices_sent == [sorted(CertificateNotice.objects.values_list("pk", flat=True))]

    # Redelivered: nothing is claimed, rendered, stored or announced again.
    before = {c.pk: (c.rendered_at, c.pdf.name, c.code) for c in certificates}
    with django_capture_on_commit_callbacks(execute=True):
        again = render_chunk(ids)
    assert again.rendered == [] and len(notices_sent) == 1
    assert {c.pk: (c.rendered_at, c.pdf.name, c.code) for c in Certificate.objects.filter(pk__in=ids)} == before


@pytest.mark.django_db
def test_one_bad_certificate_does_not_hold_up_the_rest(hub_staff, notices_sent, monkeypatch, django_capture_on_commit_callbacks, caplog):
    ids = issued(hub_staff, ["Ada Lovelace", "Bad Row", "Cy Twombly"])
    bad = Certificate.objects.get(recipient_name="Bad Row")
    fail_for(monkeypatch, "Bad Row")

    with django_capture_on_commit_callbacks(execute=True):
        first = render_chunk(ids)

    assert sorted(first.rendered) == sorted(set(ids) - {bad.pk}) and first.retry == [bad.pk]
    bad.refresh_from_db()
    assert (bad.render_state, bad.render_attempts) == (RenderState.QUEUED, 1)
    assert bad.render_error == "The certificate could not be drawn from its details (check the name and title for unusual characters); we will try again shortly."

    # Tried again until the attempts run out, then failed for good with the reason, for hub staff to see.
    second = render_chunk([bad.pk])
    third = render_chunk([bad.pk])
    assert second.retry == [bad.pk] and third.failed == [bad.pk]
    bad.refresh_from_db()
    assert (bad.render_state, bad.render_attempts) == (RenderState.FAILED, 3)
    # In words for hub staff; Python's own text only in the log.
    assert bad.render_error.startswith("The certificate could not be drawn from its details") and "after 3 tries we stopped" in bad.render_error
    assert "RuntimeError" not in bad.render_error and "cannot lay out" not in bad.render_error
    assert "RuntimeError: cannot lay out Bad Row" in caplog.text
    assert not bad.pdf and not CertificateNotice.objects.filter(certificate=bad).exists()
    # A failed certificate is not claimed by a stray redelivery either.
    assert render_chunk([bad.pk]).failed == []


@pytest.mark.django_db
def test_the_task_sends_what_failed_back_for_another_try(hub_staff, notices_sent, monkeypatch):

    ids = issued(hub_staff, ["Ada Lovelace", "Bad Row"])
    fail_for(monkeypatch, "Bad Row")
    later = []
    monkeypatch.setattr(render_certificates, "apply_async", lambda args, countdown: later.append((args, countdown)))

    outcome = render_certificates.run(ids)

    bad = Certificate.objects.get(recipient_name="Bad Row")
    assert outcome == {"rendered": 1, "retry": 1, "failed": 0}
    assert later == [(([bad.pk],), CERTIFICATE_RETRY_SECONDS)]


@pytest.mark.django_db
def test_a_storage_failure_is_retried(hub_staff, notices_sent, monkeypatch):
    ids = issued(hub_staff, ["Ada Lovelace"])

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(default_storage._wrapped), "save", full_disk)
    result = render_chunk(ids)
    certificate = Certificate.objects.get(pk=ids[0])
    assert result.retry == ids
    assert certificate.render_state == RenderState.QUEUED
    assert certificate.render_error == "The certificate's file could not be saved on the server; we will try again shortly."


@pytest.mark.django_db
def test_two_workers_never_render_the_same_certificate_at_once(hub_staff, notices_sent):
    ids = issued(hub_staff, ["Ada Lovelace", "Bo Diddley"])
    token, mine = claim(ids)
    other_token, theirs = claim(ids)
    assert [c.pk for c in mine] == ids and theirs == []
    assert set(Certificate.objects.values_list("render_claim", flat=True)) == {token}


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_worker_is_taken_over(hub_staff, notices_sent, django_capture_on_commit_callbacks):
    ids = issued(hub_staff, ["Ada Lovelace"])
    claim(ids)
    assert render_chunk(ids).rendered == []  # still held by the first worker
    Certificate.objects.filter(pk__in=ids).update(render_claimed_at=timezone.now() - stale_render_claim() - timedelta(seconds=1))
    assert stuck_certificate_ids(timedelta(minutes=5)) == ids
    with django_capture_on_commit_callbacks(execute=True):
        assert render_chunk(ids).rendered == ids


@pytest.mark.django_db
def test_a_worker_that_lost_its_claim_keeps_nothing(hub_staff, notices_sent, monkeypatch, media):
    """Too slow: another worker took the row over mid-render; the slow one's file is removed."""
    ids = issued(hub_staff, ["Ada Lovelace"])
    real = certificate_rendering.render_certificate_pdfs

    def slow(certificates):
        Certificate.objects.filter(pk__in=ids).update(render_claim=None, render_state=RenderState.RENDERING)
        return real(certificates)

    monkeypatch.setattr(certificate_rendering, "render_certificate_pdfs", slow)
    result = render_chunk(ids)
    assert result.rendered == []
    assert Certificate.objects.get(pk=ids[0]).render_state == RenderState.RENDERING
    assert not list(media.rglob("*.pdf"))


@pytest.mark.django_db
def test_rendering_again_replaces_the_file(hub_staff, notices_sent, media, django_capture_on_commit_callbacks):
    from programmes.certificates.certificates import reissue_with_name

    ids = issued(hub_staff, ["Ada Lovelace"])
    with django_capture_on_commit_callbacks(execute=True):
        render_chunk(ids)
    certificate = Certificate.objects.get(pk=ids[0])
    first_file = certificate.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        reissue_with_name(certificate, recipient_name="Ada King", actor=hub_staff)
        render_chunk(ids)
    certificate.refresh_from_db()
    assert certificate.render_state == RenderState.RENDERED and certificate.pdf.name != first_file
    assert [p.relative_to(media).as_posix() for p in media.rglob("*.pdf")] == [certificate.pdf.name]
    # Still one "ready" email: the corrected PDF replaces the first in My certificates.
    assert CertificateNotice.objects.filter(certificate=certificate).count() == 1


@pytest.mark.django_db
def test_stuck_certificates_are_queued_again(hub_staff, notices_sent, monkeypatch, settings):
    settings.OUTBOX_QUEUED_GRACE_SECONDS = 300
    ids = issued(hub_staff, ["Ada Lovelace", "Bo Diddley"])
    queued = []
    monkeypatch.setattr(render_certificates, "delay", queued.append)
    # The sweep runs outside any transaction: what it queues goes at once.
    assert requeue_stuck_renderings() == 0
    Certificate.objects.filter(pk=ids[0]).update(issued_at=timezone.now() - timedelta(minutes=6))
    assert requeue_stuck_renderings() == 1
    assert queued == [[ids[0]]]


@pytest.mark.django_db
def test_a_dead_workers_claim_is_taken_over_after_the_setting_not_ten_minutes(hub_staff, notices_sent, settings):
    settings.CERTIFICATE_STALE_RENDER_SECONDS = 90
    ids = issued(hub_staff, ["Ada Lovelace"])
    claim(ids)
    Certificate.objects.filter(pk__in=ids).update(render_claimed_at=timezone.now() - timedelta(seconds=100))
    assert stuck_certificate_ids(timedelta(minutes=5)) == ids
