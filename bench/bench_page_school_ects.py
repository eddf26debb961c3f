"""page_school_ects: a school's ECT list for its induction tutor, with 1,000 ECTs a hub in the database.

The database holds 1,000 ECT registrations a hub at 300 schools (bench/seed_ects.py, 5,000 at 5x: mentors,
AB claims and ECTE enrolments, every status). The tutor of a school with a realistic 40 ECTs
opens `participants:ect_list` (schools/<urn>/ects/) as they land on it: access check, status
worked out in the database (ect_status.with_status), current ECTs, search form, first page of 50. A second figure is the same
page for a school with 200 ECTs, the largest a tutor meets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from benchlib import BenchError, Result, median, percentile, signed_in_client, time_calls

NAME = "page_school_ects"
DESCRIPTION = "GET schools/<urn>/ects/ for the school's tutor (40 ECTs; and a 200-ECT school), 1,000 ECTs a hub: median and p95 ms"

COUNT = re.compile(r'role="status"[^>]*>(\d+) ECTs')
WARMUP = 30
REQUESTS = 200


def run() -> Iterator[Result]:
    from django.urls import NoReverseMatch, reverse
    from seed_ects import query_count, seed, tutor_of

    from participants.models import ECTAtSchoolPeriod

    data = seed()
    total = ECTAtSchoolPeriod.objects.count()
    for label, urn, expected in (("", data.measured_urn, 40), ("_200", data.big_urn, 200)):
        try:
            url = reverse("participants:ect_list", kwargs={"urn": urn})
        except NoReverseMatch as exc:
            raise BenchError("the school ECT list (participants:ect_list) does not exist yet") from exc
        client = signed_in_client(tutor_of(urn))

        def request(client=client, url=url, expected=expected) -> None:  # bound now: each pass times its own school
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise BenchError(f"GET {url} answered {response.status_code}, not 200")
            # The page the tutor lands on lists current ECTs: all but those who left or completed.
            match = COUNT.search(response.content.decode())
            if match is None or not expected * 0.7 < int(match.group(1)) <= expected:
                raise BenchError(f"{url} did not list the school's current ECTs ({match and match.group(1)})")

        queries = query_count(request)
        timings = time_calls(request, n=REQUESTS, warmup=WARMUP)
        note = f"{expected} ECTs at the school, {total} in the database; median of {len(timings)} after up to {WARMUP} warm-up"
        yield Result(f"page_school_ects{label}", median(timings), "ms", note)
        yield Result(f"page_school_ects{label}_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
        yield Result(f"page_school_ects{label}_queries", queries, "queries", "one request")
