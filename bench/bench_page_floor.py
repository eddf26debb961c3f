"""page_floor: the cheapest signed-in page, through the whole middleware stack.

An ECT (one participant role, nothing else) opens the home page. The request passes every
middleware in settings (security, WhiteNoise, CSP, session from PostgreSQL, CSRF, auth, messages,
allauth, htmx, history, the staff-MFA gate), the view reads the user's roles and renders the base
layout with the participant dashboard. Every other page's figure is read against this floor.
"""

from __future__ import annotations

from collections.abc import Iterator

from benchlib import BenchError, Result, median, participant, percentile, signed_in_client, time_calls

NAME = "page_floor"
DESCRIPTION = "GET / for a signed-in ECT through the full middleware stack: median and p95 ms over 300 requests"

WARMUP = 50
REQUESTS = 300


def run() -> Iterator[Result]:
    from participants.models import Role

    user = participant(Role.ECT, "bench.ect@bench.example.org", first_name="Bench", last_name="Ect")
    client = signed_in_client(user)

    def request() -> None:
        response = client.get("/", secure=True)
        if response.status_code != 200:
            raise BenchError(f"GET / answered {response.status_code}, not 200 ({response.get('Location', '')})")

    timings = time_calls(request, n=REQUESTS, warmup=WARMUP)
    note = f"median of {len(timings)} after up to {WARMUP} warm-up"
    yield Result("page_floor", median(timings), "ms", note)
    yield Result("page_floor_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
