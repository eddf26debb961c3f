"""page_cohort_enrolments: hub staff open the largest ECTE cohort's enrolments, at BENCH_SCALE hubs' size.

bench/seed_ects.py puts this year's Year 1 ECTs in one ECTE cohort (about 3,100 at 5x, 54,000 at 87x:
an ECTE year across every hub sharing the database). Hub staff (with TOTP, through the MFA gate) open
`programmes:cohort_enrolments` for the cohort with the most enrolments: the count and the first page
of enrolments by name. The page must show the cohort's count as the database has it and a full first
page. One untimed request counts the queries; then 20 warm-up and 100 timed requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from benchlib import BenchError, Result, measure_get, signed_in_client
from scale import SCALE, scaled

NAME = "page_cohort_enrolments"
DESCRIPTION = f"GET the largest ECTE cohort's enrolments as hub staff at {SCALE}x a hub: median and p95 ms, queries"

WARMUP = 20
REQUESTS = 100
COUNT = re.compile(r"Enrolments \((\d+)\)")
ROW = '<th scope="row" class="govuk-table__header">'


def largest_ecte_cohort():
    from django.db.models import Count

    from programmes.models import Cohort, Strand

    return (Cohort.objects.filter(programme__strand=Strand.ECTE).select_related("programme")
            .annotate(size=Count("enrolments")).order_by("-size", "pk").first())


def run() -> Iterator[Result]:
    from django.urls import reverse
    from seed_ects import hub_staff, seed

    from programmes.cohorts.enrolments import cohort_url_kwargs
    from programmes.cohorts.views.enrolments import ENROLMENTS_PER_PAGE

    seed()
    cohort = largest_ecte_cohort()
    # An ECTE year of every hub: thousands at 5x and more with the scale (half the ECTs seeded at least).
    if cohort is None or cohort.size < scaled(500):
        raise BenchError(f"the largest ECTE cohort holds {cohort and cohort.size} enrolments, fewer than {scaled(500)}")
    url = reverse("programmes:cohort_enrolments", kwargs=cohort_url_kwargs(cohort))
    rows_expected = min(cohort.size, ENROLMENTS_PER_PAGE)

    def check(page: str) -> str:
        match = COUNT.search(page)
        if match is None or int(match.group(1)) != cohort.size:
            raise BenchError(f"the page counts {match and match.group(1)} enrolments; the cohort has {cohort.size}")
        rows = page.count(ROW)
        if rows != rows_expected:
            raise BenchError(f"the page shows {rows} enrolments, not {rows_expected}")
        return f"{cohort.name}: {cohort.size} enrolments, {rows} shown"

    yield from measure_get(NAME, signed_in_client(hub_staff()), url, check, warmup=WARMUP, requests=REQUESTS)
