"""page_hub_dashboard: the hub insight dashboard at BENCH_SCALE hubs' size (5 by default), in under 300 ms.

On top of bench/seed_ects.py (at 5x: 1,500 schools, 5,000 ECTs with ECTE enrolments, 2,500 mentors with
mentor-training enrolments) this adds, once and kept, for each hub: 60 open schools that take part in nothing
(the cold spots), 150 NPQ enrolments across ten courses and both intakes of this year (every state,
outcomes for the completed), and 30 events held so far this year (one in thirty cancelled) with
2,000 invitations, about four in five with a confirmed place and most of those marked present
(at 5x: 300 cold spots, 750 NPQ enrolments, 150 events, 10,000 invitations; at 87x: 5,220, 13,050,
2,610 and 174,000).
Rows go in with bulk_create. Hub staff (with TOTP, through the MFA gate) open `hub/insight/`:
every table and chart of the year. One untimed request counts the queries; then 20 warm-up and
100 timed requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, time, timedelta

from benchlib import BenchError, Result, median, percentile, signed_in_client, time_calls
from scale import SCALE, TRN_RANGES, URN_RANGES, scaled

NAME = "page_hub_dashboard"
DESCRIPTION = f"GET the hub insight dashboard at {SCALE}x a hub: median, p90 and p95 ms, queries"

WARMUP = 20
REQUESTS = 100
REFRESHES = 5
COLD_URN_START = URN_RANGES["page_hub_dashboard cold spots"][0]
COLD_SCHOOLS = scaled(60)
NPQ_TRN_START = TRN_RANGES["page_hub_dashboard NPQs"][0]
NPQ_ENROLMENTS = scaled(150)
EVENTS = scaled(30)
INVITATIONS = scaled(2_000)
EVENT_PREFIX = "Bench insight event"
COLD_COUNT = re.compile(r'id="cold-spot-count">(\d+)<')


def seed() -> dict:
    """What the page must show: the number of cold spots (the bench's 300 at least)."""
    from django.db import connection, transaction
    from django.utils import timezone
    from seed_ects import seed as seed_ects

    from hubportal.lib.dates import academic_year_of
    from participants.models import School, Teacher
    from programmes.insight.figures import Year, open_schools
    from programmes.models import Cohort, Enrolment, Event, EventInvitation

    seed_ects()
    today = timezone.localdate()
    year = Year(academic_year_of(today))
    if not Event.objects.filter(title__startswith=EVENT_PREFIX, starts_at__gte=year.begins_at).exists():
        with transaction.atomic():
            _seed(year, today)
        with connection.cursor() as cursor:
            for model in (School, Teacher, Enrolment, Event, EventInvitation, Cohort):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {"cold": open_schools(year).filter(takes_part=False).count()}


def _seed(year, today) -> None:
    from django.utils import timezone
    from seed_ects import AUTHORITIES, BENCH_DOMAIN, SCHOOLS, URN_START

    from participants.models import School, Teacher
    from programmes.cohorts.npq import npq_programme
    from programmes.models import Cohort, Enrolment, Event, EventInvitation, EventKind, NPQCourse, Place

    # The cold spots: open schools with nobody enrolled, at no event and with no ECT or mentor.
    cold_urns = range(COLD_URN_START, COLD_URN_START + COLD_SCHOOLS)
    have = set(School.objects.filter(urn__in=cold_urns).values_list("urn", flat=True))
    School.objects.bulk_create([
        School(urn=urn, name=f"Bench Quiet {'Primary' if n % 4 else 'High'} School {n + 1}", phase="Primary" if n % 4 else "Secondary",
               local_authority=AUTHORITIES[n % len(AUTHORITIES)], district=f"{AUTHORITIES[n % len(AUTHORITIES)]} district {n % 6 + 1}",
               establishment_type="Community school", status=School.Status.OPEN)
        for n, urn in enumerate(cold_urns) if urn not in have
    ], batch_size=2000)
    schools = list(School.objects.filter(urn__range=(URN_START, URN_START + SCHOOLS - 1)).order_by("urn").values_list("pk", flat=True))

    # NPQs: ten courses (not EHCO or ASO), an autumn and a spring cohort each, enrolments in every state.
    courses = [course for course in NPQCourse if course not in (NPQCourse.EHCO, NPQCourse.ASO)]
    cohorts = [
        Cohort.objects.get_or_create(programme=npq_programme(course), academic_year=year.start, intake=intake)[0]
        for course in courses for intake in ("autumn", "spring")
    ]
    trns = [str(NPQ_TRN_START + n) for n in range(NPQ_ENROLMENTS)]
    have = set(Teacher.objects.filter(trn__in=trns).values_list("trn", flat=True))
    Teacher.objects.bulk_create([
        Teacher(trn=trn, first_name="Npq", last_name=f"Bench{n}", email=f"bench.npq{n}@{BENCH_DOMAIN}")
        for n, trn in enumerate(trns) if trn not in have
    ], batch_size=2000)
    teachers = list(Teacher.objects.filter(trn__in=trns).order_by("trn").values_list("pk", flat=True))
    states = ["active"] * 5 + ["completed"] * 3 + ["withdrawn", "deferred", "nominated", "declined"]
    enrolments = []
    for n, teacher in enumerate(teachers):
        status = states[n % len(states)]
        outcome = ("passed" if n % 5 else "failed") if status == "completed" else ""
        enrolments.append(Enrolment(
            cohort=cohorts[n % len(cohorts)], teacher_id=teacher, school_id=schools[(n * 7) % len(schools)], status=status,
            enrolled_on=year.first_day, outcome=outcome, outcome_on=year.first_day if outcome else None,
        ))
    Enrolment.objects.bulk_create(enrolments, batch_size=2000, ignore_conflicts=True)

    # The events held so far this year, spread from 1 September to yesterday; one in thirty cancelled.
    days = max((today - year.first_day).days, 1)
    events = []
    kinds = list(EventKind)
    for n in range(EVENTS):
        day = year.first_day + timedelta(days=n * days // EVENTS)
        starts_at = timezone.make_aware(datetime.combine(day, time(9 + n % 6)))
        events.append(Event(
            title=f"{EVENT_PREFIX} {n + 1}", kind=kinds[n % len(kinds)], venue="Bench Conference Centre, Gloucester",
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
            cancelled_at=starts_at - timedelta(days=3) if n % 30 == 29 else None,
        ))
    events = Event.objects.bulk_create(events, batch_size=2000)
    per_event = INVITATIONS // EVENTS
    invitations = []
    for e, event in enumerate(events):
        for k in range(per_event):
            n = e * per_event + k
            place = Place.CONFIRMED if k % 5 else (Place.WAITING if k % 2 else Place.NONE)
            present = place == Place.CONFIRMED and k % 7 != 0 and not event.cancelled_at
            invitations.append(EventInvitation(
                event=event, email=f"bench.guest{k}@{BENCH_DOMAIN}", first_name="Guest", last_name=str(k),
                school_id=schools[(n * 13) % len(schools)], place=place, response="accepted" if place else "",
                attended_at=event.starts_at + timedelta(minutes=5) if present else None, email_state="sent",
            ))
    EventInvitation.objects.bulk_create(invitations, batch_size=2000)


def run() -> Iterator[Result]:
    from django.urls import reverse
    from django.utils import timezone
    from seed_ects import hub_staff, query_count

    from hubportal.lib.dates import academic_year_of
    from programmes.insight.engagement import refresh_engagement
    from programmes.insight.figures import Year

    expected = seed()
    if expected["cold"] < COLD_SCHOOLS:
        raise BenchError(f"only {expected['cold']} cold spots seeded")
    # The page reads the kept engagement figures: the beat job's refresh of this year, timed (the first run
    # writes every school's row, the others find nothing changed).
    year = Year(academic_year_of(timezone.localdate()))
    refreshes = time_calls(lambda: refresh_engagement(year, now=timezone.now()), n=REFRESHES, warmup=0)
    client = signed_in_client(hub_staff())
    url = reverse("programmes:hub_insight")
    shown = []

    def request() -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code}, not 200 ({response.get('Location', '')})")
        match = COLD_COUNT.search(response.content.decode())
        if match is None:
            raise BenchError(f"GET {url} shows no cold-spot count")
        shown.append(int(match.group(1)))

    queries = query_count(request)
    if shown[0] != expected["cold"]:
        raise BenchError(f"the page counts {shown[0]} cold spots; the database has {expected['cold']}")
    timings = time_calls(request, n=REQUESTS, warmup=WARMUP)
    note = f"{expected['cold']} cold spots; median of {len(timings)} after up to {WARMUP} warm-up"
    yield Result(NAME, median(timings), "ms", note)
    yield Result(f"{NAME}_p90", percentile(timings, 90), "ms", f"p90 of {len(timings)}")
    yield Result(f"{NAME}_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
    yield Result(f"{NAME}_queries", queries, "queries", "one request")
    yield Result(f"{NAME}_refresh", median(refreshes), "ms", f"the engagement figures' refresh of the year, median of {REFRESHES}")
