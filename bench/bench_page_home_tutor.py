"""page_home_tutor: an induction tutor's home page ("Your tasks") with 1,000 ECTs a hub in the database.

bench/seed_ects.py's registrations and bench/seed_inductions.py's inductions (5,000 and 2,000 at 5x); this adds,
once and kept, each open induction period's reviews and assessments at the measured (40-ECT) and big
(200-ECT) schools: the first progress review due in ten days, and every fifth ECT's formal assessment
waiting for the tutor's signature; this academic year's AB agreement terms (not accepted by the two
schools) and an ECT welcome conference with places for a third of them. The tutor of the 40-ECT
school opens `/`; a second figure is the same for the 200-ECT school. One untimed request counts the
queries and checks the mentor count against the database; then 30 warm-up and 200 timed requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from benchlib import BenchError, Result, median, percentile, signed_in_client, time_calls

NAME = "page_home_tutor"
DESCRIPTION = "GET the home page as the tutor of a 40-ECT school (and a 200-ECT one), 1,000 ECTs a hub: median and p95 ms, queries"

WARMUP = 30
REQUESTS = 200
WELCOME_TITLE = "Bench home welcome conference"


def seed(urns: list[int]) -> None:
    from django.db import connection
    from django.utils import timezone
    from seed_inductions import seed as seed_inductions

    from appropriate_body.agreements.agreements import publish_terms
    from appropriate_body.models import AgreementTerms, Assessment, AssessmentKind, AssessmentStatus, InductionPeriod
    from hubportal.lib.dates import academic_year_of
    from participants.models import ECTAtSchoolPeriod
    from programmes.models import Event, EventInvitation, EventKind, Place

    seed_inductions()
    today = timezone.localdate()
    periods = list(InductionPeriod.objects.filter(school__urn__in=urns, finished_on__isnull=True, assessments__isnull=True)
                   .order_by("pk"))
    rows = []
    for n, period in enumerate(periods):
        rows.append(Assessment(induction_id=period.induction_id, induction_period=period, kind=AssessmentKind.PROGRESS_REVIEW,
                               term_number=1, due_on=today + timedelta(days=10)))
        rows.append(Assessment(induction_id=period.induction_id, induction_period=period, kind=AssessmentKind.FORMAL_ASSESSMENT,
                               term_number=3, due_on=today - timedelta(days=5) if n % 5 == 0 else today + timedelta(days=200),
                               status=AssessmentStatus.AWAITING_SIGNATURES if n % 5 == 0 else AssessmentStatus.NOT_STARTED))
    Assessment.objects.bulk_create(rows)
    year = academic_year_of(today)
    if not AgreementTerms.objects.filter(academic_year=year).exists():
        publish_terms(year, provider_led_fee=Decimal("300"), school_led_fee=Decimal("450"))
    if not Event.objects.filter(title=WELCOME_TITLE).exists():
        starts_at = timezone.now() + timedelta(days=20)
        event = Event.objects.create(title=WELCOME_TITLE, kind=EventKind.ECT_WELCOME_Y1, venue="Bench Conference Centre, Gloucester",
                                     starts_at=starts_at, ends_at=starts_at + timedelta(hours=6), school_booking=True)
        ects = ECTAtSchoolPeriod.objects.filter(school__urn__in=urns).select_related("teacher").order_by("pk")
        EventInvitation.objects.bulk_create([
            EventInvitation(event=event, email=period.teacher.email, first_name=period.teacher.first_name, last_name=period.teacher.last_name,
                            teacher=period.teacher, school_id=period.school_id, response="accepted", place=Place.CONFIRMED, email_state="sent")
            for n, period in enumerate(ects) if n % 3 == 0
        ])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE appropriate_body_assessment; ANALYZE programmes_eventinvitation")


def run() -> Iterator[Result]:
    from django.urls import reverse
    from django.utils import timezone
    from seed_ects import query_count, tutor_of
    from seed_ects import seed as seed_ects

    from participants.models import ECTAtSchoolPeriod
    from registration.status import current_ects

    data = seed_ects()
    seed([data.measured_urn, data.big_urn])
    url = reverse("home")
    for label, urn, size in (("", data.measured_urn, 40), ("_200", data.big_urn, 200)):
        client = signed_in_client(tutor_of(urn))
        expected = current_ects(ECTAtSchoolPeriod.objects.filter(school__urn=urn, mentor__isnull=True), today=timezone.localdate()).count()
        pattern = re.compile(rf'id="school-{urn}-mentors-status" data-count="(\d+)"')

        def request(client=client, pattern=pattern, expected=expected) -> None:  # bound now: each pass times its own school
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise BenchError(f"GET {url} answered {response.status_code}, not 200")
            match = pattern.search(response.content.decode())
            if match is None or int(match.group(1)) != expected:
                raise BenchError(f"the tutor's home counts {match and match.group(1)} ECTs without a mentor; the database has {expected}")

        queries = query_count(request)
        timings = time_calls(request, n=REQUESTS, warmup=WARMUP)
        note = f"{size} ECTs at the school ({expected} without a mentor), {data.total} in all; median of {len(timings)} after up to {WARMUP} warm-up"
        yield Result(f"{NAME}{label}", median(timings), "ms", note)
        yield Result(f"{NAME}{label}_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
        yield Result(f"{NAME}{label}_queries", queries, "queries", "one request")


