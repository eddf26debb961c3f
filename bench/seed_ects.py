"""1,000 ECT registrations across 300 schools for each hub of BENCH_SCALE, for the list-page benchmarks.

At the default five hubs' worth (DESIGN.md: the portal must stay fast at 5x one hub), 5,000 ECTs
at 1,500 schools; at 87x, 87,000 at 26,100. Every ECT with an AB claim and ECTE enrolments, most
with a mentor, in every status the lists show. One school has a realistic 40 ECTs (the page measured
for its tutor) and one has 200 (a large trust school, the worst case a tutor's list meets), at
every scale: one school does not grow with the number of hubs.

Rows go in with bulk_create, not register_ect: register_ect would take minutes for
5,000 and what is measured is the page, not registration. Seeded once and kept: the
benchmark database (one per scale) lives between runs, so a run that finds the schools seeded skips it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from scale import TRN_RANGES, URN_RANGES, scaled

URN_START = URN_RANGES["seed_ects schools"][0]
SCHOOLS = scaled(300)
ECTS = scaled(1_000)
MEASURED_ECTS = 40
BIG_ECTS = 200
ECT_TRN_START = TRN_RANGES["seed_ects ECTs"][0]
MENTOR_TRN_START = TRN_RANGES["seed_ects mentors"][0]
BENCH_DOMAIN = "bench.example.org"

FIRST = ("Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Freya", "Arthur", "Priya", "Mohammed", "Aisha",
         "Zara", "Chloe", "Jack", "Grace", "Niamh", "Callum", "Rhys", "Kwame", "Tomasz", "Mei", "Fatima", "Bilal")
LAST = ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Patel",
        "Khan", "Ahmed", "Begum", "Singh", "Okafor", "Mensah", "Nowak", "Chen", "Murphy", "Campbell", "Price", "Morgan")
AUTHORITIES = ("Gloucestershire", "Leicestershire", "Cambridgeshire", "Herefordshire", "Worcestershire", "Wiltshire")
DISTRICTS_PER_AUTHORITY = 6

# The state of ECT number i is KINDS[i % len(KINDS)]: mostly registered or pending, some of each other.
KINDS = ("registered", "pending", "registered", "no_mentor", "registered", "pending", "rejected", "registered",
         "year_2", "year_2", "year_2", "leaving", "left", "completed", "registered", "year_2")


@dataclass(frozen=True)
class BenchECTs:
    measured_urn: int
    big_urn: int
    total: int


def _aware(day: date):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(9)))


def school_sizes() -> list[int]:
    """ECTs per school: the measured school, the big school, then the rest spread evenly."""
    rest = ECTS - MEASURED_ECTS - BIG_ECTS
    others = SCHOOLS - 2
    return [MEASURED_ECTS, BIG_ECTS] + [rest // others + (1 if n < rest % others else 0) for n in range(others)]


def seed() -> BenchECTs:
    from django.db import connection, transaction
    from django.utils import timezone

    from appropriate_body.claims.state import refresh_claim_state
    from appropriate_body.models import Claim
    from hubportal.lib.dates import academic_year_of
    from participants.models import (
        ECTAtSchoolPeriod,
        LeadProvider,
        LeavingReason,
        MentorAtSchoolPeriod,
        School,
        Teacher,
        TrainingProgramme,
        WorkingPattern,
    )
    from programmes.cohorts.cohorts import cohort_for
    from programmes.models import CohortStage, Enrolment, Strand

    result = BenchECTs(URN_START, URN_START + 1, ECTS)
    urns = range(URN_START, URN_START + SCHOOLS)
    if ECTAtSchoolPeriod.objects.filter(school__urn__in=[URN_START, URN_START + 1]).exists():
        return result

    today = timezone.localdate()
    year = academic_year_of(today)
    with transaction.atomic():
        have = set(School.objects.filter(urn__in=urns).values_list("urn", flat=True))
        School.objects.bulk_create(
            [
                School(
                    urn=urn, name=f"Bench {'Primary' if n % 3 else 'Academy'} School {n + 1}", phase="Primary" if n % 3 else "Secondary",
                    local_authority=AUTHORITIES[n % len(AUTHORITIES)],
                    district=f"{AUTHORITIES[n % len(AUTHORITIES)]} district {n // len(AUTHORITIES) % DISTRICTS_PER_AUTHORITY + 1}",
                    establishment_type="Academy converter", status=School.Status.OPEN,
                )
                for n, urn in enumerate(urns) if urn not in have
            ],
            batch_size=2000,
        )
        schools = list(School.objects.filter(urn__in=urns).order_by("urn"))
        providers = list(LeadProvider.objects.filter(is_active=True).order_by("name").values_list("pk", flat=True))
        cohort = {
            (strand, y, stage): cohort_for(strand, y, stage)
            for strand, y, stage in [
                (Strand.ECTE, year, CohortStage.YEAR_1), (Strand.ECTE, year, CohortStage.YEAR_2),
                (Strand.ECTE, year - 1, CohortStage.YEAR_1), (Strand.ECTE, year - 1, CohortStage.YEAR_2),
                (Strand.ECTE, year - 2, CohortStage.YEAR_1), (Strand.ECTE_MENTOR, year, CohortStage.NONE),
            ]
        }

        # Teachers first: ECTs, then one mentor for every two ECTs at a school.
        plan = []  # (school, ect number, kind, mentor number or None)
        mentors = []  # (school, mentor number)
        n_ect = n_mentor = 0
        for school, size in zip(schools, school_sizes(), strict=False):
            first_mentor = n_mentor
            for k in range(size):
                kind = KINDS[n_ect % len(KINDS)]
                if k % 2 == 0:
                    mentors.append((school, n_mentor))
                    n_mentor += 1
                mentor = None if kind == "no_mentor" else first_mentor + k // 2
                plan.append((school, n_ect, kind, mentor))
                n_ect += 1

        def teacher(trn: int, n: int, role: str) -> Teacher:
            first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
            return Teacher(trn=str(trn), first_name=first, last_name=last, email=f"bench.{role}{n}@{BENCH_DOMAIN}")

        teachers = Teacher.objects.bulk_create(
            [teacher(ECT_TRN_START + n, n, "ect") for _, n, _, _ in plan]
            + [teacher(MENTOR_TRN_START + n, n + 7, "mentor") for _, n in mentors],
            batch_size=2000,
        )
        ect_teachers, mentor_teachers = teachers[: len(plan)], teachers[len(plan):]
        mentor_periods = MentorAtSchoolPeriod.objects.bulk_create(
            [MentorAtSchoolPeriod(teacher=mentor_teachers[n], school=school, started_on=date(year, 9, 1)) for school, n in mentors],
            batch_size=2000,
        )

        periods, enrolments, claims_for = [], [], []
        for school, n, kind, mentor in plan:
            started_year = {"year_2": year - 1, "left": year - 1, "completed": year - 2}.get(kind, year)
            started_on = date(started_year, 9, 1) + timedelta(days=n % 15)
            finished_on, reason = None, ""
            if kind == "leaving":
                finished_on, reason = today + timedelta(days=30 + n % 60), LeavingReason.LEFT_SCHOOL
            elif kind == "left":
                finished_on, reason = today - timedelta(days=5 + n % 40), LeavingReason.LEFT_SCHOOL
            elif kind == "completed":
                finished_on, reason = date(year, 7, 20), LeavingReason.COMPLETED_INDUCTION
            provider_led = n % 4 != 0
            part_time = n % 9 == 0
            periods.append(ECTAtSchoolPeriod(
                teacher=ect_teachers[n], school=school, started_on=started_on, finished_on=finished_on,
                leaving_reason=reason, working_pattern=WorkingPattern.PART_TIME if part_time else WorkingPattern.FULL_TIME,
                fte=Decimal("0.6") if part_time else None,
                training_programme=TrainingProgramme.PROVIDER_LED if provider_led else TrainingProgramme.SCHOOL_LED,
                lead_provider_id=providers[n % len(providers)] if provider_led else None,
                mentor=mentor_periods[mentor] if mentor is not None else None,
            ))
            claims_for.append({"pending": "pending", "no_mentor": "pending", "rejected": "rejected"}.get(kind, "accepted"))
            stages = {
                "year_2": [(year - 1, CohortStage.YEAR_1, "completed"), (year, CohortStage.YEAR_2, "active")],
                "left": [(year - 1, CohortStage.YEAR_1, "completed"), (year, CohortStage.YEAR_2, "withdrawn")],
                "completed": [(year - 2, CohortStage.YEAR_1, "completed"), (year - 1, CohortStage.YEAR_2, "completed")],
            }.get(kind, [(year, CohortStage.YEAR_1, "active")])
            for cohort_year, stage, status in stages:
                enrolments.append(Enrolment(cohort=cohort[Strand.ECTE, cohort_year, stage], teacher=ect_teachers[n],
                                            school=school, status=status, enrolled_on=started_on))
        periods = ECTAtSchoolPeriod.objects.bulk_create(periods, batch_size=2000)
        now = timezone.now()
        Claim.objects.bulk_create(
            [
                Claim(ect_period=period, proposed_start_date=period.started_on, training_programme=period.training_programme,
                      status=status, created_at=_aware(period.started_on - timedelta(days=20)),
                      status_reason="The TRN and name do not match the teacher record." if status == "rejected" else "",
                      decided_at=None if status == "pending" else now)
                for period, status in zip(periods, claims_for, strict=False)
            ],
            batch_size=2000,
        )
        refresh_claim_state(period.pk for period in periods)
        enrolments += [
            Enrolment(cohort=cohort[Strand.ECTE_MENTOR, year, CohortStage.NONE], teacher=mentor_teachers[n], school=school,
                      enrolled_on=date(year, 9, 1))
            for school, n in mentors
        ]
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would give a long-lived database, so the planner sees every row.
        with connection.cursor() as cursor:
            for model in (School, Teacher, ECTAtSchoolPeriod, MentorAtSchoolPeriod, Claim, Enrolment):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return result


def hub_staff():
    """A hub staff login with its TOTP authenticator, so the staff-MFA gate lets it through."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from benchlib import participant

    from participants.models import Role

    user = participant(Role.HUB_STAFF, f"bench.hub@{BENCH_DOMAIN}", first_name="Bench", last_name="Hub")
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def tutor_of(urn: int):
    from participants.models import Role, RoleAssignment, School, User

    school = School.objects.get(urn=urn)
    email = f"bench.tutor{urn}@{BENCH_DOMAIN}"
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email, first_name="Bench", last_name="Tutor")
    RoleAssignment.objects.get_or_create(user=user, role=Role.INDUCTION_TUTOR, school=school)
    return user


def query_count(call) -> int:
    """How many queries one call makes (one untimed request, outside the timings)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)
