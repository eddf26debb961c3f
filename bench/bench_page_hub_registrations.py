"""page_hub_registrations: every ECT registration across the hub's schools, for hub staff.

With 1,000 ECT registrations a hub at 300 schools in the database (bench/seed_ects.py; 5,000 at 5x), hub
staff open `participants:registration_list`: the first page of 50 unfiltered (count, status
worked out in the database, latest ECTE cohort by subquery, the filters' choices), then a
filtered page (one local authority, status "Pending AB", a name search), which makes the
database compute every row's status before it can count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from benchlib import BenchError, Result, median, percentile, signed_in_client, time_calls

NAME = "page_hub_registrations"
DESCRIPTION = "GET registrations/ for hub staff with 1,000 ECTs a hub, first page and a filtered page: median and p95 ms"

WARMUP = 30
REQUESTS = 200
COUNT = re.compile(r'id="registration-count"><strong>(\d+)</strong>')
FILTERED = {"local_authority": "Gloucestershire", "status": "pending_ab", "q": "a"}


def run() -> Iterator[Result]:
    from django.urls import reverse
    from seed_ects import hub_staff, query_count, seed

    from participants.models import ECTAtSchoolPeriod

    seeded = seed().total
    # Other benchmarks add ECTs to the same database; the list must hold at least the seeded ones.
    total = ECTAtSchoolPeriod.objects.count()
    client = signed_in_client(hub_staff())
    url = reverse("participants:registration_list")
    for label, params in (("", {}), ("_filtered", FILTERED)):
        counted = []

        def request(params=params, counted=counted) -> None:  # bound now: each pass times its own filter
            response = client.get(url, params, secure=True)
            if response.status_code != 200:
                raise BenchError(f"GET {url} answered {response.status_code}, not 200 ({response.get('Location', '')})")
            match = COUNT.search(response.content.decode())
            if match is None:
                raise BenchError(f"GET {url} shows no count of registrations")
            counted.append(match.group(1))

        queries = query_count(request)
        timings = time_calls(request, n=REQUESTS, warmup=WARMUP)
        shown = int(counted[0])
        if not params and shown < seeded:
            raise BenchError(f"the list counted {shown} registrations, fewer than the {seeded} seeded")
        if params and not 0 < shown < total:
            raise BenchError(f"the filtered list counted {shown} registrations")
        note = f"{shown} of {total} registrations match; median of {len(timings)} after up to {WARMUP} warm-up"
        yield Result(f"page_hub_registrations{label}", median(timings), "ms", note)
        yield Result(f"page_hub_registrations{label}_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
        yield Result(f"page_hub_registrations{label}_queries", queries, "queries", "one request")
