"""The "your certificate is ready" email: sent once when the worker first stores the PDF."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from programmes.certificates.certificates import new_code
from programmes.certificates.rendering import render_chunk
from programmes.models import Certificate, CertificateNotice, Event, EventInvitation, EventKind


@pytest.fixture
def certificate(db, settings, files_in_memory):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    starts = timezone.now() - timedelta(days=1)
    event = Event.objects.create(title="Year 1 teachers' phonics day", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts,
                                 ends_at=starts + timedelta(hours=3))
    invitation = EventInvitation.objects.create(event=event, email="zoe.obrien@example.org", attended_at=starts)
    return Certificate.objects.create(
        kind=Certificate.Kind.ATTENDANCE, invitation=invitation, email="zoe.obrien@example.org", recipient_name="Zoë O'Brien",
        title="Year 1 teachers' phonics day", statement="attended", awarded_on=date(2026, 9, 14), cpd_hours=Decimal("3"),
        issuer="Hub", code=new_code(),
    )


def test_the_first_render_sends_one_email_and_a_second_run_nothing(certificate, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = render_chunk([certificate.pk])
    assert result.rendered == [certificate.pk]
    certificate.refresh_from_db()
    assert certificate.render_state == Certificate.State.RENDERED and certificate.is_ready
    # A real PDF of one page, with the name, what for and the code on it.
    with certificate.pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "Zoë O" in text and "Brien" in text and "Year 1 teachers" in text and "phonics day" in text and certificate.code in text

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zoe.obrien@example.org"]
    # Plain text: an apostrophe stays an apostrophe, not an HTML entity.
    assert message.subject == "Your certificate is ready: Year 1 teachers' phonics day"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "Dear Zoë O'Brien," in message.body and certificate.code in message.body
    assert "14 September 2026, 3 CPD hours" in message.body
    # Zoë has no account, so nothing asks her to sign in: the certificate comes with the email, and anyone can check its code.
    verify_url = f"http://testserver/certificates/verify/{certificate.code}/"
    assert "sign in" not in message.body.lower() and "/my/certificates/" not in message.body
    assert "attached" in message.body and verify_url in message.body
    assert [(name, mimetype) for name, _, mimetype in message.attachments] == [(f"certificate-{certificate.code}.pdf", "application/pdf")]
    assert message.attachments[0][1].startswith(b"%PDF")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "sign in" not in html.lower() and f'href="{verify_url}"' in html and "Zoë O&#x27;Brien" in html and certificate.code in html
    assert CertificateNotice.objects.get(certificate=certificate).email_state == CertificateNotice.EmailState.SENT

    # A redelivered task, or a double click: nothing rendered again, nothing sent again.
    stored_as, code, rendered_at = certificate.pdf.name, certificate.code, certificate.rendered_at
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = render_chunk([certificate.pk])
    assert again.rendered == [] and callbacks == []
    certificate.refresh_from_db()
    assert (certificate.pdf.name, certificate.code, certificate.rendered_at) == (stored_as, code, rendered_at)
    assert len(mail.outbox) == 1
    assert CertificateNotice.objects.filter(certificate=certificate).count() == 1


def test_someone_with_an_account_is_sent_to_my_certificates(certificate, django_capture_on_commit_callbacks):
    from participants.tests.factories import UserFactory

    UserFactory(email="Zoe.OBrien@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        render_chunk([certificate.pk])
    [message] = mail.outbox
    assert "Download it from My certificates (sign in with this email address):\nhttp://testserver/my/certificates/" in message.body
    assert 'href="http://testserver/my/certificates/"' in message.alternatives[0][0]
    assert message.attachments == []


def test_no_email_for_a_certificate_revoked_before_its_email_went(certificate, hub_staff, django_capture_on_commit_callbacks):
    from programmes.certificates.emails import send_certificate_notices
    from programmes.certificates.rendering import claim

    mail.outbox.clear()
    # Rendered, but the email's task had not run yet (callbacks not executed) when it was revoked.
    with django_capture_on_commit_callbacks(execute=False):
        render_chunk([certificate.pk])
    certificate.refresh_from_db()
    certificate.revoked_at, certificate.revoked_by, certificate.revocation_reason = timezone.now(), hub_staff, "In error"
    certificate.save()
    notice = CertificateNotice.objects.get(certificate=certificate)
    send_certificate_notices.delay([notice.pk])
    assert mail.outbox == []
    notice.refresh_from_db()
    assert notice.email_state == CertificateNotice.EmailState.FAILED
    assert claim([certificate.pk])[1] == []
