"""page_event_register_400: the register on the day, for an event with 400 confirmed places.

An event that started an hour ago, register open, with 400 confirmed places (two in three from
one of 8 bench schools, some with access or dietary needs, every third already marked present by
the facilitator) and 60 more invited who are not on the register (declined, waiting, no reply).
The event's facilitator opens `programmes:register` as they would on their phone at the door:
every row with its mark-present form. One untimed request counts the queries; then 30 warm-up
and 200 timed requests. The same page for a second event of 40 places must make as many queries.

Both events are made fresh each run (rows by bulk_create: what is measured is the page) and
deleted again afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from benchlib import (
    BenchError,
    Result,
    bench_event,
    delete_bench_events,
    median,
    participant,
    percentile,
    signed_in_client,
    time_calls,
)

NAME = "page_event_register_400"
DESCRIPTION = "GET the register of an event with 400 confirmed places (facilitator): median and p95 ms, queries (and for 40)"

ATTENDEES = 400
SMALL = 40
NOT_ON_REGISTER = 60
WARMUP = 30
REQUESTS = 200
TITLE = "Bench register"
SCHOOL_URNS = range(199_960, 199_968)
FIRST = ("Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Freya", "Arthur", "Priya", "Mohammed", "Aisha", "Zara")
LAST = ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Patel", "Khan", "Okafor", "Nowak", "Chen")
ROW = 'id="register-row-'


def event_with_places(facilitator, schools, confirmed: int):
    """A started event, register open, with `confirmed` places and NOT_ON_REGISTER others invited."""
    from django.utils import timezone

    from programmes.models import EventInvitation, Place, Response

    event = bench_event(TITLE, starts_in=-timedelta(hours=1), capacity=confirmed)
    event.facilitators.add(facilitator)
    now = timezone.now()
    rows = []
    for n in range(confirmed + NOT_ON_REGISTER):
        on_register = n < confirmed
        first, last = FIRST[n % len(FIRST)], f"{LAST[(n // len(FIRST)) % len(LAST)]}-{n}"
        rows.append(EventInvitation(
            event=event, email=f"{first}.{last}@register.bench.example.org".lower(), first_name=first, last_name=last,
            school=schools[n % len(schools)] if n % 3 else None, email_state="sent", email_sent_at=now - timedelta(days=20),
            response=Response.ACCEPTED if on_register else (Response.DECLINED, Response.ACCEPTED, Response.NONE)[n % 3],
            place=Place.CONFIRMED if on_register else (Place.NONE, Place.WAITING, Place.NONE)[n % 3],
            replied_at=now - timedelta(days=10) if on_register else None,
            attended_at=now - timedelta(minutes=n % 50) if on_register and n % 3 == 0 else None,
            marked_by=facilitator if on_register and n % 3 == 0 else None,
            access_needs="Step-free access and a seat near the front" if n % 7 == 0 else "",
            dietary_needs="Vegetarian" if n % 5 == 0 else "",
        ))
    EventInvitation.objects.bulk_create(rows)
    return event


def run() -> Iterator[Result]:
    from django.urls import reverse
    from seed_ects import query_count

    from participants.models import Role, School

    facilitator = participant(Role.FACILITATOR, "bench.facilitator@bench.example.org", first_name="Bench", last_name="Facilitator")
    schools = [
        School.objects.get_or_create(urn=urn, defaults={"name": f"Bench Register School {n + 1}"})[0]
        for n, urn in enumerate(SCHOOL_URNS)
    ]
    client = signed_in_client(facilitator)
    delete_bench_events(TITLE)
    try:
        counts = {}
        for size in (ATTENDEES, SMALL):
            event = event_with_places(facilitator, schools, size)
            url = reverse("programmes:register", kwargs={"event": event.public_id})

            def request(url=url, size=size) -> None:
                response = client.get(url, secure=True)
                if response.status_code != 200:
                    raise BenchError(f"GET {url} answered {response.status_code}, not 200 ({response.get('Location', '')})")
                rows = response.content.decode().count(ROW)
                if rows != size:
                    raise BenchError(f"GET {url} showed {rows} people on the register, not {size}")

            counts[size] = query_count(request)
            if size == ATTENDEES:
                timings = time_calls(request, n=REQUESTS, warmup=WARMUP)
    finally:
        delete_bench_events(TITLE)
    if counts[ATTENDEES] != counts[SMALL]:
        raise BenchError(f"the register made {counts[ATTENDEES]} queries for {ATTENDEES} people and {counts[SMALL]} for {SMALL}")

    note = f"{ATTENDEES} confirmed places, {NOT_ON_REGISTER} others invited; median of {len(timings)} after up to {WARMUP} warm-up; target 150 ms"
    yield Result("page_event_register_400", median(timings), "ms", note)
    yield Result("page_event_register_400_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
    yield Result("page_event_register_400_queries", counts[ATTENDEES], "queries", "one request")
    yield Result("page_event_register_40_queries", counts[SMALL], "queries", f"one request, {SMALL} confirmed places")
