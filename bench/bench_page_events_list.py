"""page_events_list: hub staff's events list at BENCH_SCALE hubs' size.

On bench_page_home_hub's data (at 5x: 150 events held this year with 10,000 invitations, 12 coming up
in the next two weeks with 425 each; 2,610 and 209 at 87x) hub staff (with TOTP, through the MFA gate)
open `programmes:event_list`: the first page of upcoming events, soonest first, and the first page of
past events, newest first (25 each), each with its invited, accepted and waiting counts. The page must
show a full first page of each, or every event there is when there are fewer. One untimed request counts the queries; then 20
warm-up and 100 timed requests.
"""

from __future__ import annotations

from collections.abc import Iterator

from benchlib import BenchError, Result, measure_get, signed_in_client
from scale import SCALE

NAME = "page_events_list"
DESCRIPTION = f"GET the events list as hub staff at {SCALE}x a hub: median and p95 ms, queries"

WARMUP = 20
REQUESTS = 100
# The first cell of each event's row: its title, a link to the event.
ROW = '<td class="govuk-table__cell"><a class="govuk-link" href="'


def run() -> Iterator[Result]:
    from bench_page_home_hub import seed
    from django.urls import reverse
    from django.utils import timezone
    from seed_ects import hub_staff

    from programmes.events.views.events import PAST_EVENTS_PER_PAGE, UPCOMING_EVENTS_PER_PAGE
    from programmes.models import Event

    seed()
    now = timezone.now()
    upcoming = Event.objects.filter(ends_at__gte=now).count()
    past = Event.objects.filter(ends_at__lt=now).count()
    expected = min(upcoming, UPCOMING_EVENTS_PER_PAGE) + min(past, PAST_EVENTS_PER_PAGE)

    def check(page: str) -> str:
        rows = page.count(ROW)
        if rows != expected:
            raise BenchError(f"the page lists {rows} events; the database has {upcoming} upcoming and {past} past ({expected} on page 1)")
        return f"{upcoming} upcoming and {past} past events, {rows} listed"

    yield from measure_get(NAME, signed_in_client(hub_staff()), reverse("programmes:event_list"), check,
                           warmup=WARMUP, requests=REQUESTS)
