"""A batch of event invitations through Redis to a real worker and a real SMTP server; the worker
is killed half-way (SIGKILL, mid-message) and a new one started: everyone ends with exactly one email.
"""

import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import Role
from participants.tests.factories import SchoolFactory, user_with_role
from programmes.events.audiences import AudienceKind, AudienceRule
from programmes.events.invitations import invite_audience
from programmes.events.tasks import requeue_stuck_emails
from programmes.models import Event, EventInvitation, EventKind
from tests.conftest import WORKER_READY_TIMEOUT, Worker
from tests.conftest import wait_until as shared_wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PEOPLE = 120  # three chunks of 50, 50 and 20
TIMEOUT = 90


def start_worker(env) -> Worker:
    started = Worker(env, name=f"test-{uuid.uuid4().hex[:8]}@%h")
    started.wait_for(r"\bready\.", timeout=WORKER_READY_TIMEOUT)
    return started


def wait_until(condition, what: str, worker) -> None:
    shared_wait_until(condition, what, worker, timeout=TIMEOUT)


def test_a_worker_killed_mid_batch_leaves_nobody_without_or_with_two_emails(worker_env, smtp_server, hub_staff, settings):
    from hubportal.celery import app

    app.control.purge()
    # The sweep and the new worker may take over the dead one's claim after 2 seconds, not 10 minutes.
    settings.OUTBOX_STALE_CLAIM_SECONDS = 2
    env = {**worker_env, "OUTBOX_STALE_CLAIM_SECONDS": "2"}
    school = SchoolFactory()
    for n in range(PEOPLE):
        user_with_role(Role.INDUCTION_TUTOR, school=school, email=f"tutor{n:03d}@example.org")
    starts = timezone.now() + timedelta(days=21)
    event = Event.objects.create(title="Induction tutor training", kind=EventKind.TUTOR_TRAINING, venue="Hub",
                                 starts_at=starts, ends_at=starts + timedelta(hours=2), created_by=hub_staff)

    handler = smtp_server.handler
    handler.rcpt_delay = 0.05
    first = start_worker(env)
    try:
        invite_audience(event, [AudienceRule(AudienceKind.ROLE, role=Role.INDUCTION_TUTOR)], [], actor=hub_staff,
                        today=timezone.localdate())
        # Kill while message 31 is between RCPT and DATA: 30 sent and marked, one claimed and unsent.
        wait_until(lambda: handler.rcpt_started >= 31, "the 31st message to begin", first)
        first.kill()
    finally:
        first.stop()
    sent_before = len(handler.envelopes)
    assert 0 < sent_before < PEOPLE

    handler.rcpt_delay = 0
    second = start_worker(env)
    try:
        time.sleep(2.5)  # past the dead worker's claim
        # The beat job's sweep (here without its two-minute grace): everything still waiting goes to the new worker.
        requeue_stuck_emails(queued_before_seconds=0)
        wait_until(
            lambda: not EventInvitation.objects.filter(event=event).exclude(email_state="sent").exists(),
            "every invitation to be sent", second,
        )
    finally:
        second.stop()

    recipients = [address for envelope in handler.envelopes for address in envelope.rcpt_tos]
    assert sorted(recipients) == [f"tutor{n:03d}@example.org" for n in range(PEOPLE)]
