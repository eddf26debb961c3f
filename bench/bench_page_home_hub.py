"""page_home_hub: hub staff's home page ("This week") at BENCH_SCALE hubs' size (5 by default).

On top of bench_page_hub_dashboard's data (at 5x: 1,800 open schools, 300 of them cold spots; 5,000 ECTs,
2,500 mentors, 750 NPQ enrolments with their nominations, 150 events held this year with 10,000
invitations) this adds, kept between runs and topped up as days pass: 2.4 events a hub in the next two
weeks (12 at 5x, 209 at 87x) with 425 invitations each (accepted, declined, no reply), two of whose invitations are still
queued to send, and a batch of 50 certificates still rendering. Hub staff (with TOTP, through the
MFA gate) open `/`: the events with their replies, what is still sending, and the counts of
nominations, this week's registrations and cold spots. One untimed request counts the queries and
checks the page's event count against the database's; then 30 warm-up and 200 timed requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from benchlib import BenchError, Result, median, percentile, signed_in_client, time_calls
from scale import SCALE, scaled

NAME = "page_home_hub"
DESCRIPTION = f"GET the home page as hub staff at {SCALE}x a hub: median and p95 ms, queries"

WARMUP = 30
REQUESTS = 200
EVENTS = scaled(2.4)
INVITED = 425
SENDING_EVENTS = 2
RENDERING = 50
EVENT_PREFIX = "Bench home event"
EVENTS_SHOWN = re.compile(r'id="hub-events-count">(\d+)<')


def seed() -> int:
    """Tops up the upcoming events; returns how many events start in the next two weeks."""
    from bench_page_hub_dashboard import seed as seed_dashboard
    from django.db import connection
    from django.utils import timezone

    from hubportal.home.hub import AHEAD
    from programmes.models import CertificateBatch, Event

    seed_dashboard()
    now = timezone.now()
    ahead = Event.objects.filter(title__startswith=EVENT_PREFIX, starts_at__gte=now, starts_at__lt=now + AHEAD)
    if ahead.count() < EVENTS:
        _events(EVENTS - ahead.count(), now=now)
    if not CertificateBatch.objects.filter(event__title__startswith=EVENT_PREFIX).exists():
        _rendering_batch()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE programmes_event; ANALYZE programmes_eventinvitation; ANALYZE programmes_certificate")
    return Event.objects.filter(cancelled_at__isnull=True, starts_at__gte=now, starts_at__lt=now + AHEAD).count()


def _events(count: int, *, now) -> None:
    from seed_ects import BENCH_DOMAIN, SCHOOLS, URN_START

    from participants.models import School
    from programmes.models import Event, EventInvitation, EventKind, Place

    schools = list(School.objects.filter(urn__range=(URN_START, URN_START + SCHOOLS - 1)).values_list("pk", flat=True))
    kinds = list(EventKind)
    # Twelve days ahead at most (every scale's events fall inside the page's two weeks), a few a day at scale.
    events = Event.objects.bulk_create([
        Event(title=f"{EVENT_PREFIX} {now:%Y%m%d%H%M%S}-{n}", kind=kinds[n % len(kinds)], venue="Bench Conference Centre, Gloucester",
              starts_at=now + timedelta(days=1 + n % 12, hours=2), ends_at=now + timedelta(days=1 + n % 12, hours=8), capacity=400)
        for n in range(count)
    ], batch_size=2000)
    rows = []
    for e, event in enumerate(events):
        for k in range(INVITED):
            reply = ("accepted", "accepted", "declined", "")[k % 4]
            rows.append(EventInvitation(
                event=event, email=f"bench.home{k}@{BENCH_DOMAIN}", first_name="Guest", last_name=str(k),
                school_id=schools[(e * INVITED + k) % len(schools)], response=reply,
                place=Place.CONFIRMED if reply == "accepted" else Place.NONE,
                email_state="queued" if e < SENDING_EVENTS and k % 3 else "sent",
            ))
    EventInvitation.objects.bulk_create(rows, batch_size=2000)


def _rendering_batch() -> None:
    """A held bench event with 50 attendees whose certificates of attendance are queued to render."""
    from django.utils import timezone
    from seed_ects import BENCH_DOMAIN

    from programmes.certificates.certificates import new_code
    from programmes.models import Certificate, CertificateBatch, Event, EventInvitation, EventKind, Place

    starts_at = timezone.now() - timedelta(days=2)
    event = Event.objects.create(title=f"{EVENT_PREFIX} held", kind=EventKind.MENTOR_CONFERENCE, venue="Bench Conference Centre, Gloucester",
                                 starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), register_closed_at=starts_at + timedelta(hours=4))
    attended = EventInvitation.objects.bulk_create([
        EventInvitation(event=event, email=f"bench.certificate{k}@{BENCH_DOMAIN}", first_name="Certificate", last_name=str(k),
                        response="accepted", place=Place.CONFIRMED, attended_at=starts_at, email_state="sent")
        for k in range(RENDERING)
    ])
    batch = CertificateBatch.objects.create(event=event)
    Certificate.objects.bulk_create([
        Certificate(kind=Certificate.Kind.ATTENDANCE, batch=batch, invitation=invitation, email=invitation.email,
                    recipient_name=invitation.name, title=event.title, statement="attended", awarded_on=starts_at.date(),
                    issuer="Bench hub", code=new_code())
        for invitation in attended
    ])


def run() -> Iterator[Result]:
    from django.urls import reverse
    from django.utils import timezone
    from seed_ects import hub_staff, query_count

    from programmes.insight.engagement import refresh_due_years

    expected = seed()
    # The cold-spot count reads the year's kept figures; the beat job keeps them, so the page's queries are
    # counted and timed as any view after it (a year never refreshed is refreshed by its first view, once).
    refresh_due_years(now=timezone.now(), today=timezone.localdate())
    client = signed_in_client(hub_staff())
    url = reverse("home")
    shown = []

    def request() -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code}, not 200 ({response.get('Location', '')})")
        match = EVENTS_SHOWN.search(response.content.decode())
        if match is None:
            raise BenchError(f"GET {url} shows no count of events coming up")
        shown.append(int(match.group(1)))

    queries = query_count(request)
    if shown[0] != expected or expected < EVENTS:
        raise BenchError(f"the page counts {shown[0]} events in the next two weeks; the database has {expected}")
    timings = time_calls(request, n=REQUESTS, warmup=WARMUP)
    yield Result(NAME, median(timings), "ms", f"{expected} events coming up; median of {len(timings)} after up to {WARMUP} warm-up")
    yield Result(f"{NAME}_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
    yield Result(f"{NAME}_queries", queries, "queries", "one request")
