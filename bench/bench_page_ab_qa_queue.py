"""page_ab_qa_queue: the AB's QA queue at 2,000 inductions with their reviews (bench/seed_quality.py).

Five risk signals (one query each), the inductions held and those checked this term, the week's
random share, then the first page of 50 in one query. Measured as page_ab_caseload is
(bench_page_ab_caseload.measure_page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bench_page_ab_caseload import measure_page
from benchlib import Result

NAME = "page_ab_qa_queue"
DESCRIPTION = "GET the AB QA queue with 400 inductions a hub and their reviews: median and p95 ms, queries"

COUNT = re.compile(r'id="qa-count">(\d+) ECT')


def run() -> Iterator[Result]:
    from django.urls import reverse
    from seed_quality import seed

    seed()
    yield from measure_page(NAME, reverse("appropriate_body:qa_queue"), COUNT, at_least_held=False)
