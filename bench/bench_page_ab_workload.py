"""page_ab_workload: the AB's workload forecast at 2,000 inductions with their reviews (bench/seed_quality.py).

Reviews due and reports to check counted by week in two grouped queries; the statutory clocks
worked out from their rows. Measured as page_ab_caseload is (bench_page_ab_caseload.measure_page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bench_page_ab_caseload import measure_page
from benchlib import Result

NAME = "page_ab_workload"
DESCRIPTION = "GET the AB workload forecast with 400 inductions a hub and their reviews: median and p95 ms, queries"

COUNT = re.compile(r'id="workload-total">(\d+) item')


def run() -> Iterator[Result]:
    from django.urls import reverse
    from seed_quality import seed

    seed()
    yield from measure_page(NAME, reverse("appropriate_body:workload"), COUNT, at_least_held=False)
