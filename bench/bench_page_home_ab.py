"""page_home_ab: AB staff's home page with 2,000 inductions held among 5,000 registrations.

The AB panel counts every list of the to-do page (claims to check, leavers, moves, starts, paused,
not on track, recommendations, decisions, notices, appeal replies, signed reports: eleven counts in
one statement) and shows the statutory clocks running out within four weeks. Measured as
page_ab_caseload is (bench_page_ab_caseload.measure_page): the data of bench/seed_inductions.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bench_page_ab_caseload import measure_page
from benchlib import Result

NAME = "page_home_ab"
DESCRIPTION = "GET the home page as AB staff with 400 inductions a hub: median and p95 ms, queries"

CLAIMS = re.compile(r'id="ab-claims-status" data-count="(\d+)"')


def run() -> Iterator[Result]:
    from django.urls import reverse

    yield from measure_page(NAME, reverse("home"), CLAIMS, at_least_held=False)
