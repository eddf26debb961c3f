"""page_invite_form: hub staff open the account invitation form at BENCH_SCALE hubs' size.

The form's School field offers every school hub staff may invite someone to (all of them: 1,800 at
5x, 31,320 at 87x). Hub staff (with TOTP, through the MFA gate) GET `participants:invitation_create`.
The page must have the School field, and its choices must be every school in the database, or none
(a field that finds schools as one types). One untimed request counts the queries; then 20 warm-up
and 100 timed requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from benchlib import BenchError, Result, measure_get, signed_in_client
from scale import SCALE

NAME = "page_invite_form"
DESCRIPTION = f"GET the account invitation form (School field) as hub staff at {SCALE}x a hub: median and p95 ms, queries"

WARMUP = 20
REQUESTS = 100
SELECT = re.compile(r'<select[^>]*name="school"[^>]*>(.*?)</select>', re.DOTALL)
CHOICE = re.compile(r'<option value="[^"]+"')


def run() -> Iterator[Result]:
    from bench_page_hub_dashboard import seed
    from django.urls import reverse
    from seed_ects import hub_staff

    from participants.models import School

    seed()
    schools = School.objects.count()

    def check(page: str) -> str:
        field = SELECT.search(page)
        if field is None:
            if 'name="school"' not in page:
                raise BenchError("the invitation form has no School field")
            return f"a School field without a list of schools ({schools} in the database)"
        choices = len(CHOICE.findall(field.group(1)))
        if choices not in (schools, 0):
            raise BenchError(f"the School field offers {choices} schools; the database has {schools}")
        return f"the School field offers {choices} of {schools} schools"

    yield from measure_get(NAME, signed_in_client(hub_staff()), reverse("participants:invitation_create"), check,
                           warmup=WARMUP, requests=REQUESTS)
