"""Issuing, correcting, revoking and verifying certificates (the PDFs are made by a worker).

Issuing creates one Certificate row per person, each with its verification code, and
queues their rendering on commit in chunks (programmes.certificates.rendering.render_certificates).
Issuing again only adds the people still without one, so a double click or a second
batch issues nothing twice and every code stays as it was.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hubportal.lib.queue import queue_chunks_on_commit
from programmes.models import (
    Certificate,
    CertificateBatch,
    CertificateKind,
    Cohort,
    CohortStage,
    Enrolment,
    Event,
    EventInvitation,
    RenderState,
    Strand,
)

# No 0/O or 1/I: a code read off paper is typed back without doubt. 32 symbols, 12 of them: 60 bits.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4


def new_code() -> str:
    """An unguessable verification code, e.g. "K7QM-4XDP-9HTA". Always from `secrets`, the demo's too:
    a code is a public proof that a certificate is genuine, so none may be predictable from a seed."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def normalise_code(typed: str) -> str | None:
    """The code in its printed form from what someone typed or scanned; None when it cannot be one.

    Accepts lower case, spaces, missing hyphens, and the whole verification URL from a QR scan.
    """
    text = typed.strip().rstrip("/").rsplit("/", 1)[-1]
    letters = "".join(character for character in text.upper() if character.isalnum())
    if len(letters) != CODE_GROUPS * CODE_GROUP_LENGTH or not set(letters) <= set(CODE_ALPHABET):
        return None
    return "-".join(letters[start:start + CODE_GROUP_LENGTH] for start in range(0, len(letters), CODE_GROUP_LENGTH))


def verify(typed: str) -> Certificate | None:
    code = normalise_code(typed)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).first()


def queue_rendering(certificate_ids: list[int]) -> None:
    """Chunks of certificates for the worker to render, once the rows are committed."""
    queue_chunks_on_commit("programmes.tasks.render_certificates", certificate_ids, size=settings.CERTIFICATE_RENDER_CHUNK)


def _create(certificates: list[Certificate]) -> list[int]:
    """Save new certificates with their history; a clash of codes (about 1 in 10^18) draws again."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                bulk_create_with_history(certificates, Certificate, batch_size=500)
            break
        except IntegrityError:
            if attempt == 2:
                raise
            for certificate in certificates:
                certificate.code = new_code()
    codes = [certificate.code for certificate in certificates]
    return list(Certificate.objects.filter(code__in=codes).order_by("recipient_name", "pk").values_list("pk", flat=True))


def _signed(certificate: Certificate) -> Certificate:
    certificate.issuer = settings.HUB_NAME
    certificate.signatory_name = settings.CERTIFICATE_SIGNATORY_NAME
    certificate.signatory_role = settings.CERTIFICATE_SIGNATORY_ROLE
    certificate.code = new_code()
    return certificate


def recorded_name(invitation: EventInvitation) -> str:
    """The name as the portal records it: the teacher record (with the school's correction), else as invited."""
    if invitation.teacher_id:
        return invitation.teacher.full_name
    if invitation.name != invitation.email:
        return invitation.name
    if invitation.user_id and invitation.user.get_full_name():
        return invitation.user.get_full_name()
    return invitation.email


# --- Attendance ---------------------------------------------------------------------------------


def attendees_without_certificate(event: Event) -> QuerySet[EventInvitation]:
    return event.invitations.filter(attended_at__isnull=False, certificate__isnull=True)


def issue_event_certificates(event: Event, *, actor, now: datetime) -> CertificateBatch | None:
    """Certificates of attendance for everyone marked present who has none yet; None when nobody is left.

    Only from a closed register: the register is final then (programmes.register), so nobody
    present can be added after their colleagues' certificates went.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.cancelled_at:
            raise ValidationError("This event was cancelled, so it has no certificates")
        if not event.register_closed_at:
            raise ValidationError("Close the register first: certificates go to everyone it marks present")
        attendees = list(attendees_without_certificate(event).select_related("teacher", "user"))
        if not attendees:
            return None
        batch = CertificateBatch.objects.create(event=event, created_by=actor, created_at=now)
        awarded_on = timezone.localdate(event.starts_at)
        ids = _create([
            _signed(Certificate(
                kind=CertificateKind.ATTENDANCE, batch=batch, invitation=invitation, user=invitation.user,
                teacher=invitation.teacher, email=invitation.email, recipient_name=recorded_name(invitation),
                title=event.title, statement="attended", awarded_on=awarded_on, cpd_hours=event.cpd_hours,
                issued_by=actor, issued_at=now,
            ))
            for invitation in attendees
        ])
        queue_rendering(ids)
    return batch


# --- Programme completion ------------------------------------------------------------------------


def completion_title(cohort: Cohort) -> tuple[str, str]:
    """(statement, what it is for) on a completion certificate, by strand and stage."""
    programme = cohort.programme
    year = cohort.academic_year_label
    if programme.strand == Strand.ECTE:
        if cohort.stage == CohortStage.YEAR_1:
            return "completed Year 1 of", f"the {programme.name} ({year})"
        return "completed", f"the two-year {programme.name} ({year})"
    if programme.strand == Strand.NPQ:
        return "passed the", f"{programme.name} ({year})"
    if programme.strand == Strand.ECTE_MENTOR:
        return "completed", f"{programme.name} ({year})"
    return "completed", f"{programme.name} ({year})"


def completable_enrolments(cohort: Cohort) -> QuerySet[Enrolment]:
    return cohort.enrolments.exclude(status=Enrolment.Status.WITHDRAWN).select_related("teacher", "teacher__user", "school")


def issue_completion_certificates(
    cohort: Cohort, enrolment_ids: list[int], *, awarded_on: date, cpd_hours: Decimal, actor, now: datetime
) -> CertificateBatch | None:
    """Mark these enrolments completed and certify each once; None when all already have one.

    Every id is checked before anything is saved: one that is not in the cohort, or withdrawn,
    refuses the lot.
    """
    if awarded_on > timezone.localdate(now):
        raise ValidationError({"awarded_on": "The completion date cannot be in the future"})
    if cpd_hours < 0:
        raise ValidationError({"cpd_hours": "CPD hours cannot be negative"})
    with transaction.atomic():
        enrolments = list(completable_enrolments(cohort).select_for_update(of=("self",)).filter(pk__in=enrolment_ids))
        if not enrolment_ids:
            raise ValidationError({"enrolments": "Choose who completed the programme"})
        if len(enrolments) != len(set(enrolment_ids)):
            raise ValidationError({"enrolments": "Some of those chosen are not (or no longer) in this cohort"})
        Enrolment.objects.filter(pk__in=[e.pk for e in enrolments], status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.DEFERRED]).update(
            status=Enrolment.Status.COMPLETED
        )
        certified = set(Certificate.objects.filter(enrolment__in=enrolments).values_list("enrolment_id", flat=True))
        to_certify = [e for e in enrolments if e.pk not in certified]
        if not to_certify:
            return None
        batch = CertificateBatch.objects.create(cohort=cohort, created_by=actor, created_at=now)
        statement, title = completion_title(cohort)
        ids = _create([
            _signed(Certificate(
                kind=CertificateKind.COMPLETION, batch=batch, enrolment=enrolment, teacher=enrolment.teacher,
                user=enrolment.teacher.user, email=enrolment.teacher.email, recipient_name=enrolment.teacher.full_name,
                title=title, statement=statement, awarded_on=awarded_on, cpd_hours=cpd_hours, issued_by=actor, issued_at=now,
            ))
            for enrolment in to_certify
        ])
        queue_rendering(ids)
    return batch


# --- After issue -------------------------------------------------------------------------------


def revoke(certificate: Certificate, *, reason: str, actor, now: datetime) -> Certificate:
    """Verification says "revoked" from now on; the PDF stays for the record. Revoking again keeps the first."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the certificate is revoked"})
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at:
            return certificate
        certificate.revoked_at, certificate.revoked_by, certificate.revocation_reason = now, actor, reason
        certificate._history_user = actor
        certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    return certificate


RENDER_AGAIN_FIELDS = ["render_state", "render_attempts", "render_error", "render_claim", "render_claimed_at"]


def _render_again(certificate: Certificate, update_fields: list[str]) -> Certificate:
    certificate.render_state, certificate.render_attempts, certificate.render_error = RenderState.QUEUED, 0, ""
    certificate.render_claim = certificate.render_claimed_at = None
    certificate.save(update_fields=[*update_fields, *RENDER_AGAIN_FIELDS])
    pk = certificate.pk
    queue_rendering([pk])
    return certificate


def reissue_with_name(certificate: Certificate, *, recipient_name: str, actor) -> Certificate:
    """A corrected name on a new PDF with the same code, so a printed copy's code still verifies."""
    name = " ".join(recipient_name.split())
    if not name:
        raise ValidationError({"recipient_name": "Enter the name as it should appear on the certificate"})
    if len(name) > Certificate._meta.get_field("recipient_name").max_length:
        raise ValidationError({"recipient_name": "The name can be at most 300 characters"})
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at:
            raise ValidationError("This certificate was revoked, so it cannot be re-issued")
        certificate.recipient_name = name
        certificate._history_user = actor
        return _render_again(certificate, ["recipient_name"])


def render_again(certificate: Certificate, *, actor) -> Certificate:
    """Queue a certificate's PDF again (after a failure, or a change of template); its code stays."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.render_state in (RenderState.QUEUED, RenderState.RENDERING):
            return certificate
        certificate._history_user = actor
        return _render_again(certificate, [])


def render_failed_again(certificates: QuerySet[Certificate], *, actor) -> int:
    """Every failed one queued again in one update (with its history) and sent to workers in chunks."""
    with transaction.atomic():
        failed = list(certificates.filter(render_state=RenderState.FAILED).select_for_update())
        for certificate in failed:
            certificate.render_state, certificate.render_attempts, certificate.render_error = RenderState.QUEUED, 0, ""
            certificate.render_claim = certificate.render_claimed_at = None
        bulk_update_with_history(failed, Certificate, RENDER_AGAIN_FIELDS, default_user=actor)
        ids = [certificate.pk for certificate in failed]
        queue_rendering(ids)
    return len(ids)


@dataclass(frozen=True)
class Progress:
    total: int
    rendered: int
    failed: int

    @property
    def pending(self) -> int:
        return self.total - self.rendered - self.failed

    @property
    def done(self) -> bool:
        return self.pending == 0

    @property
    def percent(self) -> int:
        return round(100 * (self.rendered + self.failed) / self.total) if self.total else 100

    @property
    def seen(self) -> str:
        """The figures in short, for a poll to say what it shows: the same again means nothing new to show."""
        return f"{self.rendered}-{self.failed}-{self.total}"


def progress_of(certificates: QuerySet[Certificate]) -> Progress:
    """Counts by state in one query, for the progress bar."""
    counts = certificates.aggregate(
        total=Count("pk"),
        rendered=Count("pk", filter=Q(render_state=RenderState.RENDERED)),
        failed=Count("pk", filter=Q(render_state=RenderState.FAILED)),
    )
    return Progress(**counts)


def changed_since(certificates: QuerySet[Certificate], since: datetime | None) -> QuerySet[Certificate]:
    """The certificates a page that showed `certificates` at `since` must redraw: those being made now,
    those made since, and every failed one (a failure records no time; failures are few).

    Queued ones are left out: a page shows them queued already, and at most a worker's chunks are
    rendering at once, so a batch of hundreds costs a poll only the rows that moved.
    """
    changed = Q(render_state__in=[RenderState.RENDERING, RenderState.FAILED])
    if since is not None:
        changed |= Q(render_state=RenderState.RENDERED, rendered_at__gte=since)
    return certificates.filter(changed)
