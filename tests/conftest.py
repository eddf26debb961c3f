"""Real services for integration and browser tests: a Celery worker process and an SMTP server.

The worker is a `celery worker` subprocess pointed at pytest-django's test database
and the configured Redis broker; the SMTP server is aiosmtpd on a free port. Tests
that use them must be marked postgres, redis and worker: elsewhere they skip, and
the root conftest fails that skip when CI=true.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.brokers import free_port
from tests.databases import database_url_named

REPO_ROOT = Path(__file__).resolve().parents[1]
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


@pytest.fixture
def tasks_through_broker():
    """Overrides the root conftest's eager mode: every task must go through the broker."""
    from hubportal.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def require_services():
    reason = _services_missing()
    if reason:
        pytest.skip(reason)


# --- a real SMTP server ---------------------------------------------------------------------------


class CollectingHandler:
    """Keeps every message. `rcpt_delay` slows each message down before it is accepted, and
    `rcpt_started` counts messages begun, so a test can act while one is on the wire, not yet sent."""

    def __init__(self):
        self.envelopes = []
        self.rcpt_delay = 0.0
        self.rcpt_started = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        self.rcpt_started += 1
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@contextmanager
def serving_smtp(handler) -> Iterator:
    """A real SMTP server on a free local port, answering with `handler`, for the block."""
    from aiosmtpd.controller import Controller

    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    with serving_smtp(CollectingHandler()) as controller:
        yield controller


def wait_until(condition, what: str, worker, *, timeout: float) -> None:
    """Poll `condition` until it holds; fail with the worker's output if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}; worker output:\n{worker.output}")


# --- a real Celery worker -------------------------------------------------------------------------


class Worker:
    """A `celery worker` subprocess whose output is collected line by line for waiting on."""

    def __init__(self, env: dict[str, str], name: str, *, beat: bool = False):
        self.name = name
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "hubportal", "worker",
                "--loglevel=INFO", "--pool=solo", f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}", f"--hostname={name}",
                # No peers to meet in a test: skip the start-up rounds that wait for them.
                "--without-mingle", "--without-gossip", "--without-heartbeat",
                # With beat inside (its schedule file in the env's HUBPORTAL_VAR_DIR): the periodic jobs run too.
                *(["--beat"] if beat else []),
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

    def kill(self) -> None:
        """As the machine would: no warm shutdown, no chance to finish or hand anything back."""
        self.process.kill()
        self.process.wait(timeout=10)
        self._reader.join(timeout=5)

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
    return database_url_named(connection.settings_dict["NAME"])


def _fail_if_another_worker_reads_the_test_queue() -> None:
    """A worker left over from an aborted run would take this test's tasks to another database."""
    from hubportal.celery import app

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    replies = app.control.inspect(timeout=1).active_queues() or {}
    strays = sorted(name for name, queues in replies.items() if any(q["name"] == queue for q in queues))
    if strays:
        pytest.fail(f"other Celery workers read the test queue {queue!r} on {_broker_url()}: {', '.join(strays)}; stop them")


@pytest.fixture
def worker_env(require_services, tasks_through_broker, transactional_db, smtp_server, tmp_path) -> dict[str, str]:
    """The environment a worker process needs to share this test's database, broker and SMTP server."""
    _fail_if_another_worker_reads_the_test_queue()
    return {
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


@pytest.fixture
def worker(worker_env):
    # Function-scoped on purpose: the root conftest clears the cache around every test, and with
    # the cache on the broker's Redis database that FLUSHDB also drops kombu's queue bindings.
    from hubportal.celery import app

    # Stale messages from an earlier, aborted run must not reach this worker.
    app.control.purge()
    started = Worker(worker_env, name=f"test-{uuid.uuid4().hex[:8]}@%h")
    try:
        started.wait_for(r"\bready\.", timeout=WORKER_READY_TIMEOUT)
        yield started
    finally:
        started.stop()
