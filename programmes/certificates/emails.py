"""The "your certificate is ready" email, one per certificate, sent once (hubportal.lib.outbox)."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver
from participants.models import User
from programmes.models import CertificateNotice


@shared_task(name="programmes.tasks.send_certificate_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_certificate_notices(self, notice_ids: list[int]) -> None:
    deliver(self, CertificateNotice, notice_ids, _certificate_notice_message)


def _certificate_notice_message(notice_id: int):
    notice = CertificateNotice.objects.select_related("certificate__teacher").get(pk=notice_id)
    certificate = notice.certificate
    if certificate.revoked_at or not certificate.is_ready:
        return None
    has_account = bool(certificate.user_id or (certificate.teacher and certificate.teacher.user_id)) or User.objects.filter(email__iexact=certificate.email, is_active=True).exists()
    message = build_email("certificate_ready", certificate.email, {
        "certificate": certificate,
        "has_account": has_account,
        "certificates_url": settings.SITE_URL + reverse("programmes:my_certificates"),
        "verify_url": settings.SITE_URL + reverse("programmes:certificate_verify_code", args=[certificate.code]),
    })
    if not has_account:
        # Nobody can sign up (accounts come by invitation), so someone without one gets the file itself.
        with certificate.pdf.open("rb") as pdf:
            message.attach(f"certificate-{certificate.code}.pdf", pdf.read(), "application/pdf")
    return message
