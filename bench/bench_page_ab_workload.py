"""page_ab_workload: the AB's workload forecast at 2,000 inductions with their reviews (bench/seed_quality.py).

Reviews due and reports to check are read from their counts by day (appropriate_body.qa.tallies), made here first
as the beat job makes them every ten minutes, and that count timed too; the planned work and the statutory clocks
worked out from their rows. Measured as page_ab_caseload is (bench_page_ab_caseload.measure_page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from statistics import median

from bench_page_ab_caseload import measure_page
from benchlib import Result, time_calls

NAME = "page_ab_workload"
DESCRIPTION = "GET the AB workload forecast with 400 inductions a hub and their reviews: median and p95 ms, queries"

COUNT = re.compile(r'id="workload-total">(\d+) item')


REFRESHES = 5


def run() -> Iterator[Result]:
    from django.urls import reverse
    from django.utils import timezone
    from seed_quality import seed

    from appropriate_body.qa.tallies import refresh_workload_tallies

    seed()
    refreshes = time_calls(lambda: refresh_workload_tallies(now=timezone.now()), n=REFRESHES, warmup=0, at_least=REFRESHES)
    yield from measure_page(NAME, reverse("appropriate_body:workload"), COUNT, at_least_held=False)
    yield Result(f"{NAME}_refresh", median(refreshes), "ms", f"the beat job's count of the reviews and reports by day, median of {REFRESHES}")
