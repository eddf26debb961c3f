"""The "your certificate is ready" email, one per certificate, sent once (hubportal.lib.outbox)."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from hubportal.lib.emails import build_email
from hubportal.lib.outbox import deliver
from programmes.models import CertificateNotice


@shared_task(name="programmes.tasks.send_certificate_notices", bind=True, max_retries=5, default_retry_delay=60)
def send_certificate_notices(self, notice_ids: list[int]) -> None:
    deliver(self, CertificateNotice, notice_ids, _certificate_notice_message)


def _certificate_notice_message(notice_id: int):
    notice = CertificateNotice.objects.select_related("certificate").get(pk=notice_id)
    certificate = notice.certificate
    if certificate.revoked_at or not certificate.is_ready:
        return None
    return build_email("certificate_ready", certificate.email, {
        "certificate": certificate,
        "certificates_url": settings.SITE_URL + reverse("programmes:my_certificates"),
    })
