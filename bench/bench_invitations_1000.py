"""invitations_1000: 1,000 event invitations with their .ics, sent by real workers to a real SMTP server.

Hub staff invite a cohort of 1,000 teachers (bench ECTE cohort, benchlib.invitee_cohort) to a
new event through `invite_audience`, as the invite page does: 1,000 invitation rows in one
insert and, on commit, 20 tasks of 50 queued to Redis. Two `celery worker` processes (prefork,
concurrency 2 on this 2-core machine, production settings) send them, each task over one SMTP
connection (hubportal.outbox.deliver), to an aiosmtpd server in this process on a free port.
The clock runs from the `invite_audience` call until the server has accepted 1,000 messages and
all 1,000 rows are marked sent. The workers are started and answering before the clock starts.

The anchor, in the same run and to the same server: the same 1,000 messages built the same way
(each alone: `ChunkOfInvitations([pk])`, its row read and its .ics made for it) and sent one at a time in this process, each `EmailMessage.send()`
over a connection of its own, as `send_mail` does.

The tasks go to a queue of the benchmark's own, so no stale or other benchmark's message reaches
its workers, and whatever is left on it is purged.
"""

from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from benchlib import (
    BenchError,
    QueueRouting,
    Result,
    bench_event,
    compare,
    delete_bench_events,
    invitee_cohort,
    purge_queue,
)

NAME = "invitations_1000"
DESCRIPTION = "1,000 event invitations with .ics sent by 2 real workers to a local SMTP server, against one send_mail at a time: s"

INVITEES = 1000
QUEUE = "bench_invitations"
TITLE = "Bench invitations 1000"
WORKER_CONCURRENCY = 2
WORKER_READY_TIMEOUT = 60
SEND_TIMEOUT = 120
REPO_ROOT = Path(__file__).resolve().parent.parent
# A mail relay across a network costs a TCP and TLS handshake, EHLO and AUTH per connection; on loopback
# without TLS a connection costs under a millisecond, which hides what reusing one saves. The second
# measurement holds each connection's greeting for this long, a modest figure for a relay over TLS.
RELAY_CONNECT_SECONDS = 0.04


class CountingHandler:
    """Keeps each accepted message's recipients and raw bytes; parsing waits until the clock has stopped."""

    def __init__(self):
        self.messages: list[tuple[list[str], bytes]] = []
        self.expected = 0
        self.all_in = threading.Event()
        # Seconds each new connection waits before its greeting is answered (see RELAY_CONNECT_SECONDS).
        self.connect_delay = 0.0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.connect_delay:
            await asyncio.sleep(self.connect_delay)
        session.host_name = hostname
        return responses

    def expect(self, count: int) -> None:
        self.messages, self.expected = [], count
        self.all_in.clear()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        if len(self.messages) >= self.expected:
            self.all_in.set()
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Workers:
    """`celery worker` (prefork, WORKER_CONCURRENCY processes) on the bench's queue, with this process's settings."""

    def __init__(self, smtp_port: int):
        self.hostname = f"bench-{uuid.uuid4().hex[:8]}@localhost"
        env = {
            **os.environ,  # bench/run.py's production-like settings, database and broker
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "0", "EMAIL_TIMEOUT": "10",
        }
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "hubportal", "worker", "--loglevel=WARNING",
                "--pool=prefork", f"--concurrency={WORKER_CONCURRENCY}", f"--queues={QUEUE}", f"--hostname={self.hostname}",
                "--without-mingle", "--without-gossip",
            ],
            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_until_ready(self) -> None:
        """Until the worker answers a ping: its pool is up and it consumes the queue."""
        from hubportal.celery import app

        deadline = time.monotonic() + WORKER_READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"the worker exited ({self.process.returncode}):\n" + "\n".join(self.lines[-30:]))
            if app.control.ping(destination=[self.hostname], timeout=1.0):
                return
        raise BenchError(f"the worker did not answer within {WORKER_READY_TIMEOUT} s:\n" + "\n".join(self.lines[-30:]))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def check_delivered(handler: CountingHandler, expected: set[str], label: str) -> None:
    """Exactly one message to each invitee, each with the event's calendar file."""
    received = Counter(address.lower() for rcpt_tos, _ in handler.messages for address in rcpt_tos)
    twice = sorted(address for address, n in received.items() if n > 1)
    missing = sorted(expected - set(received))
    strangers = sorted(set(received) - expected)
    if twice or missing or strangers:
        raise BenchError(f"{label}: {len(twice)} invitees had two or more messages ({twice[:3]}), {len(missing)} had none "
                         f"({missing[:3]}), {len(strangers)} messages went to others ({strangers[:3]})")
    for rcpt_tos, content in handler.messages:
        parts = [part.get_content_type() for part in email.message_from_bytes(content).walk()]
        if "text/calendar" not in parts:
            raise BenchError(f"{label}: the message to {rcpt_tos} has no text/calendar part ({parts})")


def wait_until_sent(handler: CountingHandler, event, started: float) -> float:
    """Seconds from `started` until the server has every message and every row is marked sent."""
    from hubportal.lib.outbox import EmailState

    if not handler.all_in.wait(timeout=SEND_TIMEOUT):
        raise BenchError(f"the SMTP server had {len(handler.messages)} of {handler.expected} messages after {SEND_TIMEOUT} s")
    deadline = time.monotonic() + SEND_TIMEOUT
    while (sent := event.invitations.filter(email_state=EmailState.SENT).count()) < INVITEES:
        if time.monotonic() > deadline:
            states = dict(Counter(event.invitations.values_list("email_state", flat=True)))
            raise BenchError(f"only {sent} of {INVITEES} invitations were marked sent: {states}")
        time.sleep(0.01)
    return time.perf_counter() - started


def send_one_at_a_time(invitation_ids: list[int], port: int) -> float:
    """The anchor: each message built as the task builds it and sent over a connection of its own."""
    from django.core.mail import get_connection

    from programmes.events.emails import ChunkOfInvitations

    started = time.perf_counter()
    for pk in invitation_ids:
        message = ChunkOfInvitations([pk]).message(pk)
        # What send_mail does: a new SMTP connection, opened and closed for this one message.
        message.connection = get_connection("django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port,
                                            use_tls=False, timeout=10)
        message.send()
    return time.perf_counter() - started


def run() -> Iterator[Result]:
    from aiosmtpd.controller import Controller

    cohort = invitee_cohort(INVITEES)
    stale = purge_queue(QUEUE)
    if stale:
        print(f"bench: purged {stale} stale messages from {QUEUE}", flush=True)
    handler = CountingHandler()
    smtp = Controller(handler, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        for label, delay in (("", 0.0), ("_relay", RELAY_CONNECT_SECONDS)):
            handler.connect_delay = delay
            seconds, anchor_seconds = measure(handler, smtp.port, cohort)
            where = (f"a relay-like server ({delay * 1000:.0f} ms per connection)" if delay
                     else "a loopback server without TLS (a connection costs under 1 ms)")
            note = (f"{INVITEES} invitations with .ics to {where}; {WORKER_CONCURRENCY} worker processes, chunks of 50 per SMTP "
                    "connection; target 10 s; anchor: each built alone and sent with its own connection, one at a time")
            yield from compare(f"invitations_1000{label}", seconds, anchor_seconds, "s", anchor="one_at_a_time", note=note)
    finally:
        smtp.stop()
        purge_queue(QUEUE)
        delete_bench_events(TITLE)


def measure(handler: CountingHandler, port: int, cohort) -> tuple[float, float]:
    """The workers' seconds for the batch, then the one-at-a-time seconds for the same messages."""
    from django.utils import timezone
    from seed_ects import hub_staff

    from programmes.events.audiences import AudienceKind, AudienceRule
    from programmes.events.emails import send_event_invitations
    from programmes.events.invitations import invite_audience

    delete_bench_events(TITLE)
    event = bench_event(TITLE, starts_in=timedelta(days=30), capacity=INVITEES)
    workers = Workers(port)
    try:
        workers.wait_until_ready()
        handler.expect(INVITEES)
        with QueueRouting(send_event_invitations, QUEUE):
            started = time.perf_counter()
            created = invite_audience(event, [AudienceRule(AudienceKind.COHORT, cohort_id=cohort.pk)], [], actor=hub_staff(),
                                      today=timezone.localdate())
            if created != INVITEES:
                raise BenchError(f"invite_audience invited {created} people, not {INVITEES}")
            seconds = wait_until_sent(handler, event, started)
        time.sleep(1)  # a duplicate would arrive after the last row was marked sent
        invited = set(event.invitations.values_list("email", flat=True))
        check_delivered(handler, invited, "workers")
    finally:
        workers.stop()
    handler.expect(INVITEES)
    ids = list(event.invitations.order_by("pk").values_list("pk", flat=True))
    anchor_seconds = send_one_at_a_time(ids, port)
    check_delivered(handler, invited, "one at a time")
    return seconds, anchor_seconds
