"""Certificates: of attendance at an event, or of completing a programme.

A Certificate is issued once per attendance (its invitation) or per completed enrolment,
and keeps its verification code for life: a re-issue after a name correction renders a new
PDF with the same code. The PDF is rendered by a worker (programmes.certificate_rendering):
`render_state` goes queued → rendering → rendered | failed, claimed with a conditional
UPDATE so that a repeated task never renders a certificate twice at once.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubportal.lib.outbox import OutboxRow


class CertificateKind(models.TextChoices):
    ATTENDANCE = "attendance", "Certificate of attendance"
    COMPLETION = "completion", "Certificate of completion"


class RenderState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    RENDERED = "rendered", "Ready"
    FAILED = "failed", "Failed"


def certificate_upload_to(certificate: "Certificate", filename: str) -> str:
    # Named by the public id, never by the person: a storage listing reveals nobody.
    return f"certificates/{certificate.issued_at:%Y}/{certificate.public_id}.pdf"


class CertificateBatch(models.Model):
    """One click of "issue certificates": what its progress bar counts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey("programmes.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="certificate_batches")
    cohort = models.ForeignKey("programmes.Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="certificate_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Certificates for {self.event or self.cohort} ({self.created_at:%d %b %Y %H:%M})"


class Certificate(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Printed on the PDF and in its QR code; anyone may look it up (programmes.certificates.verify).
    code = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField(max_length=12, choices=CertificateKind.choices)
    batch = models.ForeignKey(CertificateBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="certificates")
    # What the certificate is for: one attendance, or one completed enrolment.
    invitation = models.OneToOneField(
        "programmes.EventInvitation", on_delete=models.PROTECT, null=True, blank=True, related_name="certificate"
    )
    enrolment = models.OneToOneField(
        "programmes.Enrolment", on_delete=models.PROTECT, null=True, blank=True, related_name="certificate"
    )
    # Who it belongs to: the account, the teacher record, or both; the email the "ready" message goes to.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates")
    teacher = models.ForeignKey("participants.Teacher", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates")
    email = models.EmailField()
    # Exactly as recorded when issued (or corrected since): never re-derived from the account.
    recipient_name = models.CharField(max_length=300)
    title = models.CharField("what it is for", max_length=300)
    # The line under the title, e.g. "attended the conference" or "completed the programme".
    statement = models.CharField(max_length=300)
    awarded_on = models.DateField()
    cpd_hours = models.DecimalField("CPD hours", max_digits=5, decimal_places=1, default=0)
    issuer = models.CharField(max_length=200)
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_role = models.CharField(max_length=200, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)

    render_state = models.CharField(max_length=10, choices=RenderState.choices, default=RenderState.QUEUED)
    render_claim = models.UUIDField(null=True, blank=True, editable=False)
    render_claimed_at = models.DateTimeField(null=True, blank=True)
    render_attempts = models.PositiveSmallIntegerField(default=0)
    render_error = models.TextField(blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=certificate_upload_to, blank=True, max_length=200)

    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revocation_reason = models.TextField(blank=True)

    history = HistoricalRecords(excluded_fields=["render_claim", "render_claimed_at"])

    Kind = CertificateKind
    State = RenderState

    class Meta:
        ordering = ["recipient_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=CertificateKind.ATTENDANCE, invitation__isnull=False, enrolment__isnull=True)
                | Q(kind=CertificateKind.COMPLETION, enrolment__isnull=False, invitation__isnull=True),
                name="certificate_is_for_one_thing",
            ),
            models.CheckConstraint(condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""), name="revocation_has_a_reason"),
        ]
        indexes = [
            models.Index(fields=["batch", "render_state"]), models.Index(fields=["render_state", "render_claimed_at"]),
            # A person's own certificates match their address case-insensitively (programmes.access.certificates_of).
            models.Index(Upper("email"), name="certificate_upper_email"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.recipient_name}, {self.title}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def is_ready(self) -> bool:
        return self.render_state == RenderState.RENDERED and bool(self.pdf)


class CertificateNotice(OutboxRow):
    """The email telling someone their certificate is ready: created when it is first rendered, sent once."""
    send_task = "programmes.tasks.send_certificate_notices"  # sends a chunk of them (the sweep queues it)

    certificate = models.OneToOneField(Certificate, on_delete=models.CASCADE, related_name="notice")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Certificate ready: {self.certificate.email}"
