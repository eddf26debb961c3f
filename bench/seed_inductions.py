"""400 inductions the AB holds for each hub of BENCH_SCALE (2,000 at 5x), for the AB page benchmarks
(issue 6: `page_ab_todo`, `page_ab_caseload`).

The first 2,000 of the 5,000 bench ECT registrations (seed_ects; at 5x) get an induction: most with one
open period, some released (paused), some passed or failed, some with an earlier AB's period and an
extension; their claims accepted. The other registrations' claims stay as seed_ects left them, so
the to-do list has pending claims and leavers too. Rows go in with bulk_create; seeded once and kept,
then ANALYZEd.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from scale import scaled

INDUCTIONS = scaled(400)


def seed() -> int:
    """Create the inductions if missing; returns how many the bench database holds."""
    from django.db import connection
    from seed_ects import seed as seed_ects

    from appropriate_body.inductions.state import refresh_induction_state
    from appropriate_body.models import Claim, Extension, Induction, InductionPeriod
    from participants.models import ECTAtSchoolPeriod

    seed_ects()
    have = Induction.objects.filter(teacher__trn__startswith="5").count()
    if have >= INDUCTIONS:
        return have
    periods = list(ECTAtSchoolPeriod.objects.filter(teacher__trn__startswith="5", teacher__induction__isnull=True)
                   .order_by("teacher__trn").select_related("teacher")[: INDUCTIONS - have])
    inductions = Induction.objects.bulk_create([Induction(teacher=p.teacher) for p in periods], batch_size=2000)
    claims = {c.ect_period_id: c for c in Claim.objects.filter(ect_period__in=periods)}
    rows, extensions = [], []
    for n, (period, induction) in enumerate(zip(periods, inductions, strict=True)):
        start = max(period.started_on, date(2021, 9, 1))
        claim = claims.get(period.pk)
        kind = n % 20
        if kind == 0:  # served a year with another AB first
            rows.append(InductionPeriod(induction=induction, school=period.school, started_on=start - timedelta(days=365),
                                        finished_on=start - timedelta(days=1), number_of_terms=Decimal("3.0"), training_programme="provider_led",
                                        other_appropriate_body="Forest TSH"))
        finished = kind in (1, 2, 3)
        outcome = {2: "pass", 3: "fail"}.get(kind, "")
        rows.append(InductionPeriod(
            induction=induction, school=period.school, ect_period=period, claim=claim if claim and claim.status == "accepted" else None,
            started_on=start, finished_on=start + timedelta(days=300) if finished else None,
            number_of_terms=Decimal("2.5") if finished else None, fte=period.fte or Decimal(1), training_programme=period.training_programme,
            outcome=outcome, fail_confirmation_sent_on=start + timedelta(days=302) if outcome == "fail" else None,
        ))
        if kind == 4:
            extensions.append(Extension(induction=induction, terms=Decimal("1.5"), reason="Insufficient evidence", decided_on=start + timedelta(days=200)))
    InductionPeriod.objects.bulk_create(rows, batch_size=2000)
    Extension.objects.bulk_create(extensions, batch_size=2000)
    # What the to-do list stores per period and per induction, as the domain functions would have left it.
    ids = [induction.pk for induction in inductions]
    for start in range(0, len(ids), 2000):
        refresh_induction_state(ids[start:start + 2000])
    with connection.cursor() as cursor:
        for model in (Induction, InductionPeriod, Extension):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return Induction.objects.filter(teacher__trn__startswith="5").count()


def ab_staff():
    """An AB staff login with its TOTP authenticator, so the staff-MFA gate lets it through."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from benchlib import participant
    from seed_ects import BENCH_DOMAIN

    from participants.models import Role

    user = participant(Role.AB_STAFF, f"bench.ab@{BENCH_DOMAIN}", first_name="Bench", last_name="Body")
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user
