"""page_data_retention: hub staff's Data retention page at BENCH_SCALE hubs' size (5 by default).

On the data of bench_page_home_hub (at 5x: 1,800 open schools, 5,000 ECTs with 2,000 inductions from
seed_inductions, 150 events held this year with 10,000 invitations, 12 coming up with 425 each)
hub staff open the Data retention page: it reads what every rule of the schedule has due tonight and
within 30 days as the nightly job last counted it. The figures are taken first, as the job takes
them at the end of a run (two counts per rule over its table, untimed). One untimed request counts
the queries and checks the page names every kind of record; then 5 warm-up and 30 timed requests
(the page is for a data protection lead, opened now and then, not for every tutor every day).
"""

from __future__ import annotations

from collections.abc import Iterator

from benchlib import BenchError, Result, median, percentile, signed_in_client, time_calls
from scale import SCALE

NAME = "page_data_retention"
DESCRIPTION = f"GET the Data retention page as hub staff at {SCALE}x a hub: median and p95 ms, queries"

WARMUP = 5
REQUESTS = 30


def run() -> Iterator[Result]:
    from bench_page_home_hub import seed as seed_home
    from django.urls import reverse
    from django.utils import timezone
    from seed_ects import hub_staff, query_count
    from seed_inductions import seed as seed_inductions

    from privacy.retention.figures import take_figures
    from privacy.retention.schedule import rules

    seed_home()
    seed_inductions()
    take_figures(timezone.localdate(), now=timezone.now())
    kinds = {rule.kind for rule in rules()}
    client = signed_in_client(hub_staff())
    url = reverse("privacy:retention_schedule")

    def request() -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code}, not 200 ({response.get('Location', '')})")
        page = response.content.decode()
        missing = [kind for kind in kinds if kind.replace("'", "&#x27;") not in page]
        if missing:
            raise BenchError(f"the page does not name {missing}")

    queries = query_count(request)
    timings = time_calls(request, n=REQUESTS, warmup=WARMUP)
    yield Result(NAME, median(timings), "ms", f"{len(rules())} rules; median of {len(timings)} after up to {WARMUP} warm-up")
    yield Result(f"{NAME}_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
    yield Result(f"{NAME}_queries", queries, "queries", "one request")
