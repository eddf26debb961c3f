"""A batch of event invitations through Redis to a real worker and a real SMTP server; the worker
is killed half-way (SIGKILL, mid-message) and another started, with the beat sweep inside it: it
finishes the dead one's work by itself, and everyone ends with exactly one email.

The thresholds are seconds here (a minute and a half in production: test_beat_schedule checks
that those defaults add up to under two minutes).
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
from programmes.models import Event, EventInvitation, EventKind
from tests.conftest import WORKER_READY_TIMEOUT, Worker
from tests.conftest import wait_until as shared_wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PEOPLE = 120  # three chunks of 50, 50 and 20
TIMEOUT = 45
# A dead worker's claim is stale after 2 s, a row never tried is swept after 2 s, the sweep runs every second.
FAST_RECOVERY = {"OUTBOX_STALE_CLAIM_SECONDS": "2", "OUTBOX_QUEUED_GRACE_SECONDS": "2", "OUTBOX_SWEEP_SECONDS": "1"}


def start_worker(env, *, beat: bool = False) -> Worker:
    started = Worker(env, name=f"test-{uuid.uuid4().hex[:8]}@%h", beat=beat)
    started.wait_for(r"\bready\.", timeout=WORKER_READY_TIMEOUT)
    return started


def wait_until(condition, what: str, worker) -> None:
    shared_wait_until(condition, what, worker, timeout=TIMEOUT)


def test_a_worker_killed_mid_batch_leaves_its_work_to_another_and_nobody_without_or_with_two_emails(
        worker_env, smtp_server, hub_staff):
    from hubportal.celery import app

    app.control.purge()
    env = {**worker_env, **FAST_RECOVERY}
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
        killed_at = time.monotonic()
    finally:
        first.stop()
    sent_before = len(handler.envelopes)
    assert 0 < sent_before < PEOPLE
    assert EventInvitation.objects.filter(event=event, email_state="sending").count() == 1

    handler.rcpt_delay = 0
    # Nobody calls anything: the new worker's own beat sweep finds what the dead one left.
    second = start_worker(env, beat=True)
    try:
        wait_until(
            lambda: not EventInvitation.objects.filter(event=event).exclude(email_state="sent").exists(),
            "every invitation to be sent", second,
        )
        finished_in = time.monotonic() - killed_at
        second.wait_for(r"hubportal\.tasks\.sweep", timeout=5)
    finally:
        second.stop()

    assert finished_in < 120
    recipients = [address for envelope in handler.envelopes for address in envelope.rcpt_tos]
    assert sorted(recipients) == [f"tutor{n:03d}@example.org" for n in range(PEOPLE)]
