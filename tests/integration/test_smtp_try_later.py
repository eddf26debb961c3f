"""A mail server that greylists: it answers 451 ("try later") to the first delivery of each message and
250 to the next. Through Redis, a real worker and its beat sweep, each invitation is delivered once,
and both tries carry the same Message-ID, the one the row keeps.
"""

import email
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from programmes.events.invitations import invite_audience
from programmes.models import Event, EventInvitation, EventKind
from tests.conftest import WORKER_READY_TIMEOUT, CollectingHandler, Worker, serving_smtp, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PEOPLE = 3
# The next try after a "try later" is due in a second, and the sweep that queues it runs every second.
FAST_RETRY = {"OUTBOX_RETRY_SECONDS": "1", "OUTBOX_SWEEP_SECONDS": "1"}


class GreylistingHandler(CollectingHandler):
    """Refuses each message the first time it sees it, after reading it (so its Message-ID is known)."""

    def __init__(self):
        super().__init__()
        self.refused: list[tuple[str, str]] = []  # (recipient, Message-ID)

    async def handle_DATA(self, server, session, envelope):
        recipient = envelope.rcpt_tos[0]
        message_id = email.message_from_bytes(envelope.content)["Message-ID"]
        if recipient not in {address for address, _ in self.refused}:
            self.refused.append((recipient, message_id))
            return "451 4.7.1 Greylisted: please try again later"
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def greylisting_server():
    with serving_smtp(GreylistingHandler()) as controller:
        yield controller


def test_try_later_then_accepted_delivers_once_with_one_message_id(worker_env, greylisting_server, hub_staff):
    from hubportal.celery import app

    app.control.purge()
    starts = timezone.now() + timedelta(days=14)
    event = Event.objects.create(title="AB clinic", kind=EventKind.AB_CLINIC, online_url="https://meet.example.org/c",
                                 starts_at=starts, ends_at=starts + timedelta(hours=1), created_by=hub_staff)
    addresses = [f"tutor{n}@greylisting.example.org" for n in range(PEOPLE)]
    env = {**worker_env, **FAST_RETRY, "EMAIL_HOST": greylisting_server.hostname, "EMAIL_PORT": str(greylisting_server.port)}
    worker = Worker(env, name=f"test-{uuid.uuid4().hex[:8]}@%h", beat=True)
    try:
        worker.wait_for(r"\bready\.", timeout=WORKER_READY_TIMEOUT)
        invite_audience(event, [], addresses, actor=hub_staff, today=timezone.localdate())
        wait_until(lambda: not event.invitations.exclude(email_state="sent").exists(), "every invitation delivered", worker,
                   timeout=30)
    finally:
        worker.stop()

    handler = greylisting_server.handler
    delivered = {envelope.rcpt_tos[0]: email.message_from_bytes(envelope.content)["Message-ID"] for envelope in handler.envelopes}
    assert len(handler.envelopes) == PEOPLE and sorted(delivered) == addresses
    kept = dict(EventInvitation.objects.filter(event=event).values_list("email", "email_message_id"))
    # The refused try and the accepted one are the same message to the recipient's server.
    assert dict(handler.refused) == delivered == kept
    assert len(set(kept.values())) == PEOPLE
    assert set(EventInvitation.objects.filter(event=event).values_list("email_attempts", "email_error")) == {(1, "")}
