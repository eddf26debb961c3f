"""The ZIP of an event's certificates: which PDFs go in, their names, and that it is built on disk."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from programmes.certificates import archive as certificate_zip
from programmes.certificates.archive import build_certificate_zip, member_name
from programmes.models import Certificate, RenderState
from programmes.tests.factories import CertificateFactory, EventFactory, invite

pytestmark = pytest.mark.usefixtures("files_in_memory")


def make_certificate(event, name, *, state=RenderState.RENDERED, pdf=None, **fields) -> Certificate:
    invitation = invite(event, "Guest", f"{event.invitations.count()}", attended_at=event.starts_at)
    return CertificateFactory(invitation=invitation, recipient_name=name, render_state=state,
                              pdf_bytes=pdf or f"%PDF-1.4 {name}".encode(), **fields)


@pytest.mark.parametrize("name, expected", [
    ("Ada Lovelace", "Lovelace-Ada-K7QM-4XDP-9HTA.pdf"),
    ("Mary Ann Evans", "Evans-Mary-Ann-K7QM-4XDP-9HTA.pdf"),
    ("Siobhán O'Brien", "OBrien-Siobhan-K7QM-4XDP-9HTA.pdf"),
    ("Jürgen Strauß", "Strauss-Jurgen-K7QM-4XDP-9HTA.pdf"),
    ("Zoë Ørsted-Æbelø", "Orsted-AEbelo-Zoe-K7QM-4XDP-9HTA.pdf"),
    ("Cher", "Cher-K7QM-4XDP-9HTA.pdf"),
    ("李 小龙", "K7QM-4XDP-9HTA.pdf"),
    ("../../etc/passwd x", "x-etc-passwd-K7QM-4XDP-9HTA.pdf"),
])
def test_names_inside_are_safe_ascii_surname_first(name, expected):
    assert member_name(Certificate(recipient_name=name, code="K7QM-4XDP-9HTA")) == expected


def test_a_very_long_name_is_cut_short():
    name = member_name(Certificate(recipient_name=f"{'A' * 200} {'B' * 200}", code="K7QM-4XDP-9HTA"))
    assert name == f"{'B' * 40}-{'A' * 40}-K7QM-4XDP-9HTA.pdf"


@pytest.mark.django_db
def test_the_zip_holds_only_rendered_valid_certificates_with_unique_names():
    event = EventFactory()
    twins = [make_certificate(event, "Sam Smith") for _ in range(2)]
    make_certificate(event, "Rex Revoked", revoked_at=timezone.now(), revocation_reason="Not there")
    make_certificate(event, "Fay Failed", state=RenderState.FAILED)
    make_certificate(event, "Quin Queued", state=RenderState.QUEUED)
    make_certificate(event, "Pat Rendering", state=RenderState.RENDERING)

    archive_file = build_certificate_zip(Certificate.objects.filter(invitation__event=event))
    with zipfile.ZipFile(archive_file) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(f"Smith-Sam-{c.code}.pdf" for c in twins)
        assert archive.read(names[0]) == b"%PDF-1.4 Sam Smith"
        assert archive.testzip() is None


@pytest.mark.django_db
def test_an_empty_selection_is_an_empty_zip():
    with zipfile.ZipFile(build_certificate_zip(Certificate.objects.none())) as archive:
        assert archive.namelist() == []


@pytest.mark.django_db
def test_a_big_zip_goes_to_disk_not_memory(monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(certificate_zip, "SPOOL_MAX_BYTES", 10_000)
    event = EventFactory()
    for number in range(30):
        make_certificate(event, f"Person Number{number}", pdf=b"%PDF-1.4 " + bytes(range(256)) * 8)
    with django_assert_max_num_queries(2):
        archive_file = build_certificate_zip(Certificate.objects.filter(invitation__event=event))
    assert archive_file._rolled  # SpooledTemporaryFile moved it to a temporary file
    with zipfile.ZipFile(archive_file) as archive:
        assert len(archive.namelist()) == 30 == len(set(archive.namelist()))


@pytest.mark.django_db
def test_a_real_rendered_certificate_survives_the_zip(hub_staff):
    """The one test that renders a real PDF: what comes out of the ZIP is that PDF, byte for byte."""
    import pikepdf

    from programmes.certificates.pdf import render_certificate_pdfs

    event = EventFactory(title="ECT Welcome Conference")
    certificate = make_certificate(event, "Ada Lovelace", state=RenderState.QUEUED, signatory_name="Dr Sig", issued_by=hub_staff)
    [pdf] = render_certificate_pdfs([certificate])
    certificate.pdf.save("c.pdf", ContentFile(pdf), save=False)
    certificate.render_state = RenderState.RENDERED
    certificate.save()

    with zipfile.ZipFile(build_certificate_zip(Certificate.objects.filter(pk=certificate.pk))) as archive:
        content = archive.read(f"Lovelace-Ada-{certificate.code}.pdf")
    assert content == pdf
    with pikepdf.open(io.BytesIO(content)) as document:
        assert len(document.pages) == 1
