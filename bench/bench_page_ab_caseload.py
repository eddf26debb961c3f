"""page_ab_caseload: the AB staff's caseload at 2,000 inductions (and `measure_page`, which page_ab_todo shares).

With 2,000 inductions (bench/seed_inductions.py) among 5,000 registrations, AB staff (with TOTP,
through the MFA gate) open `appropriate_body:caseload`: the count, and the first page of 50 with each
case's status, X of Y terms and next review worked out. One untimed request counts the queries;
then 30 warm-up and 200 timed requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from benchlib import BenchError, Result, median, percentile, signed_in_client, time_calls

NAME = "page_ab_caseload"
DESCRIPTION = "GET the AB caseload with 400 inductions a hub: median and p95 ms, queries"

WARMUP = 30
REQUESTS = 200
COUNT = re.compile(r'id="case-count">(\d+) ECT')


def run() -> Iterator[Result]:
    from django.urls import reverse

    yield from measure_page("page_ab_caseload", reverse("appropriate_body:caseload"), COUNT, at_least_held=True)


def measure_page(name: str, url: str, pattern: re.Pattern, *, at_least_held: bool) -> Iterator[Result]:
    """Median, p95 and queries of GET `url` for AB staff; `pattern` finds the count the page must show."""
    from seed_ects import query_count
    from seed_inductions import ab_staff, seed

    held = seed()
    client = signed_in_client(ab_staff())
    shown = []

    def request() -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code}, not 200 ({response.get('Location', '')})")
        match = pattern.search(response.content.decode())
        if match is None:
            raise BenchError(f"GET {url} shows no count")
        shown.append(int(match.group(1)))

    queries = query_count(request)
    timings = time_calls(request, n=REQUESTS, warmup=WARMUP)
    if (shown[0] < held) if at_least_held else shown[0] == 0:
        raise BenchError(f"{name} showed {shown[0]} with {held} inductions held")
    yield Result(name, median(timings), "ms", f"{held} inductions; the page counts {shown[0]}; median of {len(timings)} after up to {WARMUP} warm-up")
    yield Result(f"{name}_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
    yield Result(f"{name}_queries", queries, "queries", "one request")
