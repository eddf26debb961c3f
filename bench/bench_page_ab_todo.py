"""page_ab_todo: the AB staff's to-do list with 2,000 inductions held and 3,000 more registrations.

Each list (claims to check, leavers to release, starts soon, paused inductions) is a count and its
first five rows from the database. Measured as page_ab_caseload is (bench_page_ab_caseload.measure_page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bench_page_ab_caseload import measure_page
from benchlib import Result

NAME = "page_ab_todo"
DESCRIPTION = "GET the AB to-do list with 400 inductions a hub: median and p95 ms, queries"

CLAIMS = re.compile(r'id="todo-claims-count">(\d+)<')


def run() -> Iterator[Result]:
    from django.urls import reverse

    yield from measure_page("page_ab_todo", reverse("appropriate_body:todo"), CLAIMS, at_least_held=False)
