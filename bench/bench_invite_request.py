"""invite_request: the POST with which hub staff invite 1,000 people to an event, until it answers.

Hub staff (with TOTP, through the staff-MFA gate) post the invite form of a new event with one
audience rule, the bench ECTE cohort of 1,000 teachers (benchlib.invitee_cohort): the form is
checked, the audience resolved, 1,000 invitation rows inserted and, on commit, 20 tasks of 50
queued to Redis; then the redirect to the event's page. No worker runs: the request only queues.
Every request is for an event of its own (made untimed before it), so each invites 1,000.

The tasks go to a queue of the benchmark's own, purged afterwards, so nothing is ever sent.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

from benchlib import (
    BenchError,
    QueueRouting,
    Result,
    bench_event,
    delete_bench_events,
    invitee_cohort,
    median,
    percentile,
    purge_queue,
    signed_in_client,
)

NAME = "invite_request"
DESCRIPTION = "POST events/<event>/invite/ for an audience of 1,000 (hub staff): median and p95 ms"

INVITEES = 1000
WARMUP = 5
REQUESTS = 30
QUEUE = "bench_invite_request"
TITLE = "Bench invite request"


def run() -> Iterator[Result]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from seed_ects import hub_staff

    from hubportal.lib.queue import CHUNK
    from programmes.events.audiences import AudienceKind
    from programmes.events.emails import send_event_invitations

    cohort = invitee_cohort(INVITEES)
    client = signed_in_client(hub_staff())
    form = {"rules": [f"{AudienceKind.COHORT}:{cohort.pk}"], "extras": ""}
    delete_bench_events(TITLE)
    purge_queue(QUEUE)

    def invite(capture=None) -> float:
        event = bench_event(TITLE, starts_in=timedelta(days=30), capacity=INVITEES)
        url = reverse("programmes:event_invite", kwargs={"event": event.public_id})
        started = time.perf_counter_ns()
        if capture is None:
            response = client.post(url, form, secure=True)
        else:
            with capture:
                response = client.post(url, form, secure=True)
        elapsed = (time.perf_counter_ns() - started) / 1e6
        detail = reverse("programmes:event_detail", kwargs={"event": event.public_id})
        if response.status_code != 302 or response["Location"] != detail:
            raise BenchError(f"POST {url} answered {response.status_code} ({response.get('Location', '')}), not a redirect to {detail}")
        invited = event.invitations.count()
        if invited != INVITEES:
            raise BenchError(f"POST {url} invited {invited} people, not {INVITEES}")
        return elapsed

    try:
        with QueueRouting(send_event_invitations, QUEUE):
            captured = CaptureQueriesContext(connection)
            invite(captured)
            queries = len(captured)  # now: the next request's start clears the log it reads from
            for _ in range(WARMUP):
                invite()
            timings = [invite() for _ in range(REQUESTS)]
        queued = purge_queue(QUEUE)
    finally:
        purge_queue(QUEUE)
        delete_bench_events(TITLE)
    expected_tasks = (1 + WARMUP + REQUESTS) * -(-INVITEES // CHUNK)
    if queued != expected_tasks:
        raise BenchError(f"{queued} tasks were queued, not {expected_tasks} (one per {CHUNK} invited)")

    note = f"{INVITEES} invited per request, a new event each; median of {len(timings)} after up to {WARMUP} warm-up; target 300 ms"
    yield Result("invite_request", median(timings), "ms", note)
    yield Result("invite_request_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
    yield Result("invite_request_queries", queries, "queries", "one request")
