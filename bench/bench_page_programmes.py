"""page_programmes: hub staff open the Programmes page (every programme and cohort, enrolments by state), at BENCH_SCALE hubs' size.

bench/seed_ects.py's ECTs are enrolled in the ECTE cohorts of each year (185,000 enrolments at 87x). The page reads each cohort's counts as the engagement refresh last kept them; the
refresh is run first for every cohort (untimed), as the beat job would have. The page must list every
cohort, and each cohort's figures must be its kept tally's. One untimed request counts the queries;
then 20 warm-up and 100 timed requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from benchlib import BenchError, Result, measure_get, signed_in_client
from scale import SCALE

NAME = "page_programmes"
DESCRIPTION = f"GET the Programmes page as hub staff at {SCALE}x a hub: median and p95 ms, queries"

WARMUP = 20
REQUESTS = 100
COUNT = re.compile(r'govuk-table__cell--numeric">(\d+)<')
COHORT = '<td class="govuk-table__cell"><a class="govuk-link" href="'


def run() -> Iterator[Result]:
    from django.urls import reverse
    from django.utils import timezone
    from seed_ects import hub_staff, seed

    from programmes.insight.tallies import TALLIED_STATES, count_cohorts
    from programmes.models import Cohort, CohortTally

    seed()
    count_cohorts(Cohort.objects.all(), now=timezone.now())
    cohorts = Cohort.objects.count()
    # Every enrolment is in one state: the page's figures add up to them all.
    enrolments = sum(sum(row) for row in CohortTally.objects.values_list(*TALLIED_STATES))
    url = reverse("programmes:programme_list")

    def check(page: str) -> str:
        listed = page.count(COHORT)
        if listed != cohorts:
            raise BenchError(f"the page lists {listed} cohorts; the database has {cohorts}")
        shown = sum(int(n) for n in COUNT.findall(page))
        if shown != enrolments:
            raise BenchError(f"the page's figures add up to {shown} enrolments; the kept tallies to {enrolments}")
        if "Figures as at" not in page:
            raise BenchError("the page does not say when its figures were counted")
        return f"{cohorts} cohorts, {enrolments} enrolments"

    yield from measure_get(NAME, signed_in_client(hub_staff()), url, check, warmup=WARMUP, requests=REQUESTS)
