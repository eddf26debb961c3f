"""The sweep that queues again what a dead worker left: nobody skipped, nobody sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from programmes.events.tasks import requeue_stuck_emails
from programmes.models import Event, EventInvitation, EventKind


@pytest.mark.django_db
def test_stuck_rows_are_sent_once_and_fresh_or_sent_ones_left_alone(settings):
    settings.OUTBOX_STALE_CLAIM_SECONDS = 60
    starts = timezone.now() + timedelta(days=9)
    event = Event.objects.create(title="Clinic", kind=EventKind.AB_CLINIC, online_url="https://meet.example.org/c",
                                 starts_at=starts, ends_at=starts + timedelta(hours=1))
    long_ago = timezone.now() - timedelta(minutes=30)
    S = EventInvitation.EmailState

    def row(email, **fields):
        return EventInvitation.objects.create(event=event, email=email, **fields)

    row("queued-long@example.org", created_at=long_ago)
    row("dead-worker@example.org", created_at=long_ago, email_state=S.SENDING, email_claimed_at=long_ago)
    row("fresh@example.org")  # its own task is on the way
    row("busy@example.org", created_at=long_ago, email_state=S.SENDING, email_claimed_at=timezone.now())
    row("done@example.org", created_at=long_ago, email_state=S.SENT)

    assert requeue_stuck_emails() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["dead-worker@example.org", "queued-long@example.org"]
    assert requeue_stuck_emails() == 0
    assert len(mail.outbox) == 2
