"""A real Celery task, through Redis, to a real worker, writing to PostgreSQL and a real SMTP server.

The test process publishes exactly as the web process does (invite_person queues
on commit); a `celery worker` subprocess pointed at pytest-django's test database
consumes it and talks SMTP to aiosmtpd. Nothing is mocked.

Runs only where DATABASE_URL names PostgreSQL and the broker is a reachable Redis
(CI); elsewhere it skips, and the root conftest fails that skip when CI=true.
"""

import email
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from email import policy
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from participants.invitations import find_invitation, invite_person
from participants.models import Invitation, Role
from participants.tasks import send_invitation_email

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKER_READY_TIMEOUT = 30
TASK_TIMEOUT = 30


def _broker_url() -> str:
    return settings.CELERY_BROKER_URL


def _services_missing() -> str | None:
    """Why the services are not there, or None when they are."""
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return "DATABASE_URL does not name PostgreSQL"
    broker = _broker_url()
    if not broker.startswith(("redis://", "rediss://")):
        return f"the Celery broker is not Redis ({broker.split(':', 1)[0]}://); set REDIS_URL or CELERY_BROKER_URL"
    import redis

    try:
        redis.Redis.from_url(broker, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis at {broker} is not reachable: {exc}"
    return None


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _celery_runs_tasks_in_process():
    """Overrides the root conftest's eager mode: here every task must go through the broker."""
    from hubportal.celery import app

    app.conf.task_always_eager = False
    yield


@pytest.fixture(autouse=True)
def _require_services():
    reason = _services_missing()
    if reason:
        pytest.skip(reason)


# --- a real SMTP server ---------------------------------------------------------------------------


class CollectingHandler:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


# --- a real Celery worker -------------------------------------------------------------------------


class Worker:
    """A `celery worker` subprocess whose output is collected line by line for waiting on."""

    def __init__(self, env: dict[str, str], name: str):
        self.name = name
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "hubportal", "worker",
                "--loglevel=INFO", "--pool=solo", "--queues=celery", f"--hostname={name}",
                # No peers to meet in a test: skip the start-up rounds that wait for them.
                "--without-mingle", "--without-gossip", "--without-heartbeat",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, pattern: str, *, count: int = 1, timeout: float) -> None:
        """Wait until `count` output lines match `pattern`; fail with the worker's output if not."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while sum(1 for line in self.lines if regex.search(line)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.process.poll() is not None:
                    pytest.fail(
                        f"worker never logged {count} × {pattern!r} (exit code {self.process.poll()}); output:\n{self.output}"
                    )
                self._changed.wait(min(remaining, 0.5))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._reader.join(timeout=5)


def _test_database_url() -> str:
    """DATABASE_URL with its database swapped for pytest-django's test database."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture
def worker(transactional_db, smtp_server, tmp_path):
    # Function-scoped on purpose: the root conftest clears the cache around every test, and with
    # the cache on the broker's Redis database that FLUSHDB also drops kombu's queue bindings.
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": _broker_url(),
        "EMAIL_HOST": smtp_server.hostname,
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_TIMEOUT": "10",
        "DEBUG": "1",
        # The link in the email is signed with SECRET_KEY and built on SITE_URL: same as ours.
        "SECRET_KEY": settings.SECRET_KEY,
        "SITE_URL": settings.SITE_URL,
        "HUBPORTAL_VAR_DIR": str(tmp_path),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CONN_MAX_AGE": "0",
    }
    from hubportal.celery import app

    # Stale messages from an earlier, aborted run must not reach this worker.
    app.control.purge()
    started = Worker(env, name=f"test-{uuid.uuid4().hex[:8]}@%h")
    try:
        started.wait_for(r"\bready\.", timeout=WORKER_READY_TIMEOUT)
        yield started
    finally:
        started.stop()


def _wait_for_email_state(invitation: Invitation, state: str, worker: Worker) -> Invitation:
    deadline = time.monotonic() + TASK_TIMEOUT
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.email_state == state:
            return invitation
        if worker.process.poll() is not None:
            break
        time.sleep(0.1)
    pytest.fail(f"invitation stayed {invitation.email_state!r}, not {state!r}; worker output:\n{worker.output}")


def _parse(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)


# --- the tests ------------------------------------------------------------------------------------


def test_invitation_email_goes_through_redis_to_a_worker_and_smtp(worker, smtp_server, hub_staff, school_a):
    invitation = invite_person(
        email="New.Tutor@Example.org",
        role=Role.INDUCTION_TUTOR,
        school=school_a,
        first_name="Nina",
        last_name="Newton",
        invited_by=hub_staff,
    )

    invitation = _wait_for_email_state(invitation, Invitation.EmailState.SENT, worker)

    assert invitation.email_sent_at is not None
    assert invitation.email_error == ""
    envelopes = smtp_server.handler.envelopes
    assert len(envelopes) == 1
    assert envelopes[0].rcpt_tos == ["new.tutor@example.org"]
    message = _parse(envelopes[0])
    assert message["To"] == "new.tutor@example.org"
    assert message["Subject"] == f"You're invited to {settings.HUB_NAME}"
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Hello Nina," in text
    assert f"has invited you to join {settings.HUB_NAME}'s portal as induction tutor at {school_a.name}." in text
    link = re.search(rf"{re.escape(settings.SITE_URL)}/join/([^/\s]+)/", text)
    assert link, text
    assert link.group(0) in html
    found = find_invitation(link.group(1))
    assert found is not None and found.pk == invitation.pk


def test_queueing_a_sent_invitation_again_sends_nothing_more(worker, smtp_server, hub_staff, school_a):
    invitation = invite_person(email="twice@example.org", role=Role.MENTOR, invited_by=hub_staff)
    _wait_for_email_state(invitation, Invitation.EmailState.SENT, worker)
    worker.wait_for(r"send_invitation_email\[[0-9a-f-]+\] succeeded", timeout=TASK_TIMEOUT)

    # A retry and a redelivery of the very same message (same task id), as acks_late allows.
    again = send_invitation_email.delay(invitation.pk)
    send_invitation_email.apply_async(args=[invitation.pk], task_id=again.id)
    worker.wait_for(rf"send_invitation_email\[{again.id}\] succeeded", count=2, timeout=TASK_TIMEOUT)

    assert len(smtp_server.handler.envelopes) == 1
    invitation.refresh_from_db()
    assert invitation.email_state == Invitation.EmailState.SENT
    assert f"Invitation {invitation.pk} is not queued; nothing to send" in worker.output


def test_a_double_queued_invitation_is_sent_once(worker, smtp_server, hub_staff, school_a):
    # A double click: the same unsent invitation queued twice before the worker gets to it.
    invitation = invite_person(email="double@example.org", role=Role.ECT, invited_by=hub_staff)
    extra = send_invitation_email.delay(invitation.pk)
    worker.wait_for(rf"send_invitation_email\[{extra.id}\] succeeded", timeout=TASK_TIMEOUT)
    _wait_for_email_state(invitation, Invitation.EmailState.SENT, worker)
    worker.wait_for(r"send_invitation_email\[[0-9a-f-]+\] succeeded", count=2, timeout=TASK_TIMEOUT)

    assert [envelope.rcpt_tos for envelope in smtp_server.handler.envelopes] == [["double@example.org"]]
