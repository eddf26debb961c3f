"""retention_nightly: the nightly retention job over five years of a hub's records at 5x a hub.

Five academic years (2018/19 to 2022/23) of every kind of record the schedule covers, at two sizes:
a fifth of 5x a hub and 5x a hub itself (per year: 2,000 ECT inductions with one period and three
reviews each, 150 events with 10,000 invitations (a tenth with access or dietary needs), 4,000
certificates, 2,000 evaluation answers, 750 finished enrolments, 2,000 accounts, 2,000 account
invitations, 10,000 sent notices and 2,000 history rows). The job runs as on 1 June 2029, when the
3-year rules reach every year and the 6-year rules the first years. Each size is seeded and run
inside a transaction that is rolled back, so the benchmark database is left as it was.

Reported: the job's wall time and records dealt with at 5x, its rate, and the peak Python memory
(tracemalloc) at both sizes: batches of RETENTION_BATCH_SIZE keep it flat as rows grow fivefold.
Stored files are not seeded (certificate PDFs would be deleted after the commit that never comes).
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import timezone as tz

from benchlib import Result

NAME = "retention_nightly"
DESCRIPTION = "The nightly retention job over 5 years at 1x and 5x a hub: wall time, records, peak memory"

YEARS = range(2018, 2023)
TODAY = date(2029, 6, 1)
PER_YEAR_AT_5X = {"inductions": 2_000, "events": 150, "invitations": 10_000, "certificates": 4_000, "answers": 2_000,
                  "enrolments": 750, "accounts": 2_000, "account_invitations": 2_000, "notices": 10_000, "history": 2_000}


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=tz.utc)


def seed(fraction: float, tag: str) -> int:
    """Every kind of record for five years, at `fraction` of 5x a hub; returns how many rows went in."""
    from appropriate_body.models import Assessment, Induction, InductionPeriod
    from participants.models import Invitation, Role, School, Teacher, User
    from programmes.models import (
        Certificate,
        Cohort,
        Enrolment,
        Evaluation,
        EvaluationAnswer,
        Event,
        EventInvitation,
        EventKind,
        EventNotice,
        Programme,
    )

    n = {key: max(1, int(value * fraction)) for key, value in PER_YEAR_AT_5X.items()}
    school = School.objects.create(urn=990_000 + len(tag), name=f"Retention bench school {tag}")
    programme = Programme.objects.create(strand="cpd", name=f"Retention bench {tag}", slug=f"retention-bench-{tag}")
    rows = 0
    for year in YEARS:
        first_day = date(year, 9, 1)
        day = lambda k, start=first_day: start + timedelta(days=k % 300)  # noqa: E731
        teachers = Teacher.objects.bulk_create([
            Teacher(trn=f"{8 if tag == '1' else 9}{year % 10}{k:05d}", first_name="Retained", last_name=f"Teacher{k}", email=f"t{tag}{year}{k}@bench.example")
            for k in range(n["inductions"])
        ])
        inductions = Induction.objects.bulk_create([Induction(teacher=t) for t in teachers])
        periods = InductionPeriod.objects.bulk_create([
            InductionPeriod(induction=i, school=school, started_on=first_day, finished_on=first_day + timedelta(days=600),
                            number_of_terms=6, training_programme="provider_led", outcome="pass")
            for i in inductions
        ])
        Assessment.objects.bulk_create([
            Assessment(induction=p.induction, induction_period=p, kind="progress_review", term_number=term, due_on=first_day,
                       rule_id="PR-001", status="submitted", evidence_summary="Observed lessons")
            for p in periods for term in (1, 2, 4)
        ])
        HistoricalTeacher = Teacher.history.model
        HistoricalTeacher.objects.bulk_create([
            HistoricalTeacher(id=t.pk, public_id=t.public_id, trn=t.trn, first_name=t.first_name, last_name=t.last_name, email=t.email,
                              created_at=_at(first_day), history_date=_at(first_day), history_type="+")
            for t in teachers[: n["history"]]
        ])
        events = Event.objects.bulk_create([
            Event(title=f"Retention bench {tag} {year} {k}", kind=EventKind.CPD_SESSION, venue="Hub",
                  starts_at=_at(day(k)), ends_at=_at(day(k)) + timedelta(hours=3))
            for k in range(n["events"])
        ])
        invitations = EventInvitation.objects.bulk_create([
            EventInvitation(event=events[k % len(events)], email=f"guest{tag}{year}{k}@bench.example", first_name="Guest",
                            last_name=str(k), school=school, place="confirmed", response="accepted", attended_at=_at(first_day),
                            access_needs="Step-free" if k % 10 == 0 else "", email_state="sent")
            for k in range(n["invitations"])
        ])
        EventNotice.objects.bulk_create([
            EventNotice(invitation=invitations[k % len(invitations)], kind="reminder_day", email_state="sent", created_at=_at(day(k)))
            for k in range(n["notices"])
        ])
        Certificate.objects.bulk_create([
            Certificate(kind="attendance", invitation=invitations[k], email=invitations[k].email, recipient_name="Guest", title="Bench", statement="attended",
                        awarded_on=day(k), issuer="Hub", code=f"R{tag}{year}{k:06d}", render_state="rendered")
            for k in range(n["certificates"])
        ])
        accounts = User.objects.bulk_create([
            User(email=f"acct{tag}{year}{k}@bench.example", first_name="Old", last_name="Account", last_login=_at(day(k)),
                 date_joined=_at(first_day), password="!")
            for k in range(n["accounts"])
        ])
        evaluation = Evaluation.objects.create(kind="event", title="Bench", event=events[0], opens_on=first_day, closes_on=first_day)
        EvaluationAnswer.objects.bulk_create([
            EvaluationAnswer(evaluation=evaluation, respondent=accounts[k % len(accounts)], rating=4, submitted_at=_at(first_day))
            for k in range(min(n["answers"], len(accounts)))
        ])
        Invitation.objects.bulk_create([
            Invitation(email=f"inv{tag}{year}{k}@bench.example", role=Role.ECT, expires_at=_at(day(k)), email_state="sent")
            for k in range(n["account_invitations"])
        ])
        cohort = Cohort.objects.get_or_create(programme=programme, academic_year=year, stage="", intake="autumn")[0]
        Enrolment.objects.bulk_create([
            Enrolment(cohort=cohort, teacher=teachers[k % len(teachers)], school=school, status="completed", enrolled_on=first_day,
                      outcome_on=first_day + timedelta(days=500), status_reason="Completed")
            for k in range(n["enrolments"])
        ])
        rows += (len(teachers) * 6 + n["history"] + len(events) + len(invitations) + n["notices"] + n["certificates"]
                 + len(accounts) + n["answers"] + n["account_invitations"] + n["enrolments"])
    return rows


def measure(fraction: float, tag: str) -> tuple[int, int, float, float]:
    """Seed, run the job, roll back: (rows seeded, records dealt with, seconds, peak MiB)."""
    from django.db import transaction

    from privacy.retention.job import apply_retention

    with transaction.atomic():
        rows = seed(fraction, tag)
        tracemalloc.start()
        started = time.perf_counter()
        done = apply_retention(TODAY)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        transaction.set_rollback(True)
    return rows, sum(done.values()), seconds, peak


def run() -> Iterator[Result]:
    small = measure(0.2, "1")
    large = measure(1.0, "5")
    yield Result(f"{NAME}_rows_5x", large[0], "rows", "five years of every kind of record at 5x a hub")
    yield Result(f"{NAME}_records_5x", large[1], "records", "deleted, reduced, anonymised or cleared")
    yield Result(f"{NAME}_wall_5x", large[2], "s")
    yield Result(f"{NAME}_rate_5x", large[1] / large[2], "records/s")
    yield Result(f"{NAME}_wall_1x", small[2], "s", f"{small[1]} records")
    yield Result(f"{NAME}_peak_memory_1x", small[3], "MiB")
    yield Result(f"{NAME}_peak_memory_5x", large[3], "MiB")
    yield Result(f"{NAME}_peak_memory_ratio", large[3] / small[3], "x", "5x the rows")
