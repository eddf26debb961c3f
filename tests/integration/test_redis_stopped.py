"""Redis stopped while hub staff send invitations: everything is saved, the page says the emails will
go out shortly (no server error), and once Redis is back the sweep and a worker send each one once.

The broker here is a throwaway redis-server of this test's own, on a free port: stopping the
machine's Redis would stop everyone else's work.
"""

import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from hubportal.middleware import QueueHandoverMiddleware
from programmes.models import Event, EventInvitation, EventKind
from tests.brokers import broker_at, free_port
from tests.conftest import WORKER_READY_TIMEOUT, Worker, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PEOPLE = 60  # two chunks
# Rows never handed over are swept after 2 s, by a sweep every second (a minute and 30 s in production).
FAST_SWEEP = {"OUTBOX_QUEUED_GRACE_SECONDS": "2", "OUTBOX_SWEEP_SECONDS": "1"}


class RedisServer:
    """A redis-server process on a port of its own, keeping nothing on disk; stopped and started at will."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """As a crash would: the process goes, and with it every message it held (nothing was saved)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def throwaway_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def test_invitations_sent_while_redis_is_stopped_are_saved_and_sent_once_when_it_is_back(
        client, hub_staff, worker_env, smtp_server, throwaway_redis):
    starts = timezone.now() + timedelta(days=30)
    event = Event.objects.create(title="Mentor conference", kind=EventKind.MENTOR_CONFERENCE, venue="Hub",
                                 starts_at=starts, ends_at=starts + timedelta(hours=3), created_by=hub_staff)
    addresses = [f"mentor{n:02d}@example.org" for n in range(PEOPLE)]
    client.force_login(hub_staff)

    with broker_at(throwaway_redis.url):
        throwaway_redis.stop()
        began = time.monotonic()
        response = client.post(reverse("programmes:event_invite", args=[event.public_id]), {"extras": "\n".join(addresses)},
                               follow=True)
        answered_in = time.monotonic() - began

        assert response.status_code == 200
        page = response.content.decode()
        assert f"{PEOPLE} invitations queued to send." in page and QueueHandoverMiddleware.MESSAGE in page
        assert answered_in < 10
        assert EventInvitation.objects.filter(event=event, email_state="queued").count() == PEOPLE
        # Pressing again: everyone is invited already, nobody twice.
        again = client.post(reverse("programmes:event_invite", args=[event.public_id]), {"extras": "\n".join(addresses)},
                            follow=True)
        assert again.status_code == 200 and event.invitations.count() == PEOPLE

        throwaway_redis.start()
        worker = Worker({**worker_env, "CELERY_BROKER_URL": throwaway_redis.url, **FAST_SWEEP},
                        name=f"test-{uuid.uuid4().hex[:8]}@%h", beat=True)
        try:
            worker.wait_for(r"\bready\.", timeout=WORKER_READY_TIMEOUT)
            wait_until(lambda: not event.invitations.exclude(email_state="sent").exists(), "every invitation sent", worker,
                       timeout=30)
            time.sleep(2)  # two more sweeps: they find nothing left to send
        finally:
            worker.stop()

    recipients = [address for envelope in smtp_server.handler.envelopes for address in envelope.rcpt_tos]
    assert sorted(recipients) == addresses
