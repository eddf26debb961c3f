"""Demo certificates for `seed_demo`: last academic year's conferences (and this term's) have issued theirs.

Everyone marked present at a held event with CPD hours has a certificate of attendance,
and its "ready" email counts as sent, except at the most recent one: hub staff issue
those in the demo. The demo logins' own
certificates are rendered here, so they can be downloaded as soon as the portal starts;
the rest stay queued for the worker (the beat sweep, hubportal.tasks.sweep, takes them within a
minute of `make run`), which is also what a real hub sees after issuing.

Everything here is the same on every run but the verification codes: they come from `secrets`, as every
hub's do (programmes.certificates.new_code), because a code is a public proof that a certificate is genuine.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from demo.events import DEMO_PEOPLE
from hubportal.lib.outbox import EmailState
from participants.models import User
from programmes.certificates.certificates import new_code, recorded_name
from programmes.certificates.rendering import render_chunk
from programmes.models import Certificate, CertificateBatch, CertificateKind, CertificateNotice, Event, EventInvitation


def certified_events(today: date) -> list[Event]:
    """Held events with a closed register and CPD hours, but the most recent (left for hub staff to issue)."""
    held = Event.objects.filter(
        starts_at__lt=timezone.make_aware(datetime.combine(today, time.min)), register_closed_at__isnull=False,
        cancelled_at__isnull=True, cpd_hours__gt=0,
    ).order_by("starts_at")
    return list(held)[:-1]


def seed_demo_certificates(*, today: date, hub_staff: User | None) -> int:
    """Issue last year's certificates the database lacks; returns how many. The caller holds the transaction."""
    created: list[Certificate] = []
    for event in certified_events(today):
        attendees = list(
            EventInvitation.objects.filter(event=event, attended_at__isnull=False, certificate__isnull=True)
            .select_related("teacher", "user").order_by("email")
        )
        if not attendees:
            continue
        issued_at = event.register_closed_at + timedelta(days=1)
        batch = CertificateBatch.objects.create(event=event, created_by=hub_staff, created_at=issued_at)
        created += Certificate.objects.bulk_create([
            Certificate(
                kind=CertificateKind.ATTENDANCE, batch=batch, invitation=invitation, user=invitation.user,
                teacher=invitation.teacher, email=invitation.email, recipient_name=recorded_name(invitation),
                title=event.title, statement="attended", awarded_on=timezone.localdate(event.starts_at),
                cpd_hours=event.cpd_hours, issuer=settings.HUB_NAME, signatory_name=settings.CERTIFICATE_SIGNATORY_NAME,
                signatory_role=settings.CERTIFICATE_SIGNATORY_ROLE, issued_by=hub_staff, issued_at=issued_at,
                code=new_code(),
            )
            for invitation in attendees
        ])
    if not created:
        return 0
    CertificateNotice.objects.bulk_create(
        CertificateNotice(certificate=certificate, created_at=certificate.issued_at, email_state=EmailState.SENT,
                          email_sent_at=certificate.issued_at)
        for certificate in created
    )
    # The demo logins' own certificates are ready to download at once.
    render_chunk([certificate.pk for certificate in created if certificate.email in DEMO_PEOPLE])
    return len(created)


__all__ = ["certified_events", "seed_demo_certificates"]
