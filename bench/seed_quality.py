"""A schedule of reviews, absences and completions for seed_inductions' inductions (2,000 at 5x), for the QA queue and
workload benchmarks (issue 18: `page_ab_qa_queue`, `page_ab_workload`).

Each open period gets six termly reviews from four weeks ago onwards, four weeks apart: those due
already are submitted (one in fifteen not on track) or, one in ten, still not started (late). One
induction in 25 has 22 days' sickness this term; one in 40 has completed and waits for its
recommendation (DL-001). One submitted review in twenty was returned to its school by the AB last month,
and one school in ten has this year's fidelity check recorded. Rows go in with bulk_create; seeded once and
kept (the returns and checks once each, also on a database seeded before they were added), then ANALYZEd.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta


def seed() -> int:
    """Create the schedule if missing; returns how many reviews the bench inductions have."""
    from django.db import connection
    from django.utils import timezone
    from seed_inductions import ab_staff
    from seed_inductions import seed as seed_inductions

    from appropriate_body.assessments.awaiting import refresh_awaiting_review
    from appropriate_body.assessments.not_on_track import refresh_not_on_track
    from appropriate_body.models import Absence, Assessment, CompletionDecision, InductionPeriod

    seed_inductions()
    mine = Assessment.objects.filter(induction__teacher__trn__startswith="5")
    if mine.exists():
        _seed_returns_and_checks(mine)
        return mine.count()
    today = timezone.localdate()
    periods = list(InductionPeriod.objects.filter(induction__teacher__trn__startswith="5", finished_on__isnull=True,
                                                  other_appropriate_body="").order_by("pk"))
    reviews, absences, completions = [], [], []
    staff = ab_staff()
    for n, period in enumerate(periods):
        for term in range(1, 7):
            due = today - timedelta(weeks=4) + timedelta(weeks=4 * (term - 1), days=n % 30)
            done = due < today and n % 10 != 0
            reviews.append(Assessment(
                induction_id=period.induction_id, induction_period=period, kind="progress_review", term_number=term, due_on=due,
                status="submitted" if done else "not_started", on_track=(n % 15 != 0) if done else None,
                submitted_at=timezone.make_aware(datetime.combine(due, time(12))) if done else None,
            ))
        if n % 25 == 0:
            start = today - timedelta(days=40)
            absences.append(Absence(induction_id=period.induction_id, kind="sickness", started_on=start,
                                    finished_on=start + timedelta(days=30), days=22, part=1))
        if n % 40 == 0:
            completions.append(CompletionDecision(induction_id=period.induction_id, completed_on=today - timedelta(days=n % 7),
                                                  created_by=staff))
    Assessment.objects.bulk_create(reviews, batch_size=2000)
    Absence.objects.bulk_create(absences, batch_size=2000)
    CompletionDecision.objects.bulk_create(completions, batch_size=2000)
    # What "Reports to check" and "ECTs not on track" store, as submitting the reviews would have left it.
    submitted = list(mine.filter(status="submitted").values_list("pk", flat=True))
    induction_ids = sorted({period.induction_id for period in periods})
    for start in range(0, max(len(submitted), len(induction_ids)), 2000):
        refresh_awaiting_review(submitted[start:start + 2000])
        refresh_not_on_track(induction_ids[start:start + 2000])
    _seed_returns_and_checks(mine)
    with connection.cursor() as cursor:
        for model in (Assessment, Absence, CompletionDecision):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return mine.count()


def _seed_returns_and_checks(mine) -> None:
    from django.db import connection
    from django.utils import timezone
    from seed_inductions import ab_staff

    from appropriate_body.models import FidelityCheck, ReportReview
    from hubportal.lib.dates import academic_year_of

    if ReportReview.objects.filter(assessment__in=mine).exists():
        return
    staff = ab_staff()
    submitted = list(mine.filter(status="submitted").order_by("pk").values_list("pk", "induction_period__school_id"))
    ReportReview.objects.bulk_create(
        (ReportReview(assessment_id=pk, outcome="returned", reviewed_by=staff, reviewed_at=timezone.now() - timedelta(days=30),
                      school_id=school_id)
         for pk, school_id in submitted[::20]),
        batch_size=2000,
    )
    today = timezone.localdate()
    schools = list(mine.values_list("induction_period__school_id", flat=True).distinct().order_by("induction_period__school_id"))
    FidelityCheck.objects.bulk_create(
        (FidelityCheck(school_id=school_id, academic_year=academic_year_of(today), status="completed", visit_on=today - timedelta(days=20),
                       outcome="meets", completed_on=today - timedelta(days=20), fee=500)
         for school_id in schools[::10]),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ReportReview._meta.db_table}; ANALYZE {FidelityCheck._meta.db_table}")
