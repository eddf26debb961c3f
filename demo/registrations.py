"""Demo ECT and mentor registrations in every state, for `seed_demo` (issue 3, item 8).

The plan is pure: from the tutored schools, the demo's ECT and mentor people and
today's date it decides, with a fixed seed, who is registered where, in which
state, with which mentor, claim and ECTE cohorts. Writing it uses bulk inserts
(a few dozen queries for ~400 ECTs and ~300 mentors) and is keyed by TRN: a
teacher who exists already is left alone with everything of theirs, so a second
run creates nothing.

Demo TRNs are 61xxxxx. Dates follow today's academic year, so the states stay
true whenever the demo is built: this year's ECTs started this September (Year 1),
last year's are in Year 2, and a few finished induction last summer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from appropriate_body.claims.state import refresh_claim_state
from appropriate_body.models import Claim
from demo.people import SEED, Person, new_person
from participants.models import (
    ECTAtSchoolPeriod,
    LeadProvider,
    LeavingReason,
    MentorAtSchoolPeriod,
    School,
    Teacher,
    TrainingProgramme,
    User,
    WorkingPattern,
)
from programmes.cohorts.cohorts import cohort_for
from programmes.models import CohortStage, Enrolment, Strand

DEMO_TRN_START = 6_100_001


class Kind:
    """The state a demo registration is built in (what ect_status.with_status will report)."""

    NO_MENTOR = "no_mentor"  # Action required: assign a mentor
    REJECTED = "rejected"  # Action required: the AB rejected the claim
    PENDING = "pending"  # Pending AB
    REGISTERED = "registered"
    LEAVING = "leaving"  # a finish date ahead
    LEFT = "left"
    COMPLETED = "completed"  # completed induction

    ALL = (NO_MENTOR, REJECTED, PENDING, REGISTERED, LEAVING, LEFT, COMPLETED)


# (kind, Year 2?) for each demo tutor's school, so the demo login sees every state.
DEMO_TUTOR_SCHOOL_KINDS = (
    (Kind.REGISTERED, False), (Kind.NO_MENTOR, False), (Kind.REJECTED, False), (Kind.PENDING, False),
    (Kind.PENDING, False), (Kind.REGISTERED, True), (Kind.LEAVING, True), (Kind.LEFT, True), (Kind.COMPLETED, False),
)
# Everyone else: how many new and second-year ECTs a school has, and in what state.
YEAR_1_COUNTS = (0, 0, 1, 1, 1, 1, 2, 2)
YEAR_2_COUNTS = (0, 0, 0, 1, 1, 1, 1, 2)
COMPLETED_SHARE = 0.1
YEAR_1_KINDS = ((Kind.NO_MENTOR, 12), (Kind.REJECTED, 5), (Kind.PENDING, 33), (Kind.REGISTERED, 46), (Kind.LEAVING, 4))
YEAR_2_KINDS = ((Kind.REGISTERED, 83), (Kind.NO_MENTOR, 4), (Kind.LEAVING, 5), (Kind.LEFT, 8))
REJECTION_REASONS = (
    "The start date is before the date QTS was awarded. Check the start date and submit the claim again.",
    "The teacher is registered with another appropriate body for this period.",
    "The TRN and name do not match the teacher record. Check the TRN.",
)
PART_TIME_FTES = (Decimal("0.4"), Decimal("0.5"), Decimal("0.6"), Decimal("0.8"))


@dataclass(frozen=True)
class DemoTeacher:
    trn: str
    first_name: str
    last_name: str
    email: str
    # The demo user this teacher is (their account), if any.
    user_email: str = ""


@dataclass(frozen=True)
class DemoMentor:
    teacher: DemoTeacher
    urn: int
    started_on: date


@dataclass(frozen=True)
class DemoECT:
    teacher: DemoTeacher
    urn: int
    kind: str
    started_on: date
    working_pattern: str
    fte: Decimal | None
    lead_provider: str  # a name, or "" for school-led
    mentor_trn: str  # "" for none
    finished_on: date | None = None
    leaving_reason: str = ""
    claim_status: str = "pending"
    claim_reason: str = ""
    # (academic year, stage, enrolment status) of each ECTE enrolment.
    cohorts: tuple[tuple[int, str, str], ...] = ()


@dataclass
class RegistrationPlan:
    mentors: list[DemoMentor] = field(default_factory=list)
    ects: list[DemoECT] = field(default_factory=list)


def _weighted(rng: random.Random, options) -> str:
    kinds, weights = zip(*options, strict=True)
    return rng.choices(kinds, weights=weights)[0]


class _Planner:
    def __init__(self, *, ect_people: list[Person], mentor_people: list[Person], taken: set[str],
                 lead_providers: list[str], today: date):
        self.rng = random.Random(f"{SEED}-registrations")
        self.today = today
        self.year = today.year if today.month >= 9 else today.year - 1
        self.taken = set(taken)
        self.lead_providers = lead_providers
        # People with an ECT or mentor account are registered first, so most accounts are real registrations.
        self.ect_people = list(ect_people)
        self.mentor_people = list(mentor_people)
        self.next_trn = DEMO_TRN_START
        self.plan = RegistrationPlan()

    def _teacher(self, accounts: list[Person]) -> DemoTeacher:
        trn = str(self.next_trn)
        self.next_trn += 1
        if accounts:
            person = accounts.pop(0)
            return DemoTeacher(trn, person.first_name, person.last_name, person.email, user_email=person.email)
        person = new_person(self.rng, self.taken)
        return DemoTeacher(trn, person.first_name, person.last_name, person.email)

    def school(self, urn: int, kinds: list[tuple[str, bool]]) -> None:
        mentors: list[DemoMentor] = []
        for kind, year_2 in kinds:
            self._ect(urn, kind, year_2, mentors)

    def _ect(self, urn: int, kind: str, year_2: bool, mentors: list[DemoMentor]) -> None:
        rng, year = self.rng, self.year
        if kind == Kind.COMPLETED:
            start_year = year - 2
        else:
            start_year = year - 1 if year_2 or kind == Kind.LEFT else year
        started_on = date(start_year, 9, 1) + timedelta(days=rng.randint(0, 20))
        # Accounts go to ECTs still at their school: a leaver's account is of little use in a demo.
        accounts = self.ect_people if kind in (Kind.NO_MENTOR, Kind.REJECTED, Kind.PENDING, Kind.REGISTERED) else []
        teacher = self._teacher(accounts)
        part_time = rng.random() < 0.12
        provider_led = rng.random() < 0.75
        mentor_trn = ""
        if kind != Kind.NO_MENTOR:
            # A mentor can mentor several ECTs; most schools pair each new ECT with a new mentor.
            if not mentors or rng.random() < 0.6:
                mentors.append(DemoMentor(self._teacher(self.mentor_people), urn, date(start_year, 9, 1)))
                self.plan.mentors.append(mentors[-1])
            mentor_trn = rng.choice(mentors).teacher.trn
        finished_on, reason = None, ""
        if kind == Kind.LEAVING:
            finished_on, reason = self.today + timedelta(days=rng.randint(14, 110)), LeavingReason.LEFT_SCHOOL
        elif kind == Kind.LEFT:
            finished_on = self.today - timedelta(days=rng.randint(5, 60))
            reason = rng.choice([LeavingReason.LEFT_SCHOOL, LeavingReason.MOVED_SCHOOL])
        elif kind == Kind.COMPLETED:
            finished_on, reason = date(year, 7, 20), LeavingReason.COMPLETED_INDUCTION
        claim_status, claim_reason = {
            Kind.PENDING: ("pending", ""),
            Kind.REJECTED: ("rejected", rng.choice(REJECTION_REASONS)),
        }.get(kind, ("accepted", ""))
        if kind == Kind.NO_MENTOR and start_year == year:
            claim_status = "pending"
        self.plan.ects.append(DemoECT(
            teacher=teacher, urn=urn, kind=kind, started_on=started_on,
            working_pattern=WorkingPattern.PART_TIME if part_time else WorkingPattern.FULL_TIME,
            fte=rng.choice(PART_TIME_FTES) if part_time else None,
            lead_provider=rng.choice(self.lead_providers) if provider_led and self.lead_providers else "",
            mentor_trn=mentor_trn, finished_on=finished_on, leaving_reason=reason,
            claim_status=claim_status, claim_reason=claim_reason,
            cohorts=self._cohorts(start_year, finished_on, kind),
        ))

    def _cohorts(self, start_year: int, finished_on: date | None, kind: str) -> tuple[tuple[int, str, str], ...]:
        """ECTE Year 1 in the year they started, Year 2 the year after, if they got that far."""
        cohorts = []
        for offset, stage in ((0, "year_1"), (1, "year_2")):
            cohort_year = start_year + offset
            if cohort_year > self.year or (finished_on and finished_on < date(cohort_year, 9, 1)):
                break
            moved_on = cohort_year < self.year and not (finished_on and finished_on < date(cohort_year + 1, 9, 1))
            if kind == Kind.COMPLETED or moved_on:
                status = "completed"
            elif kind == Kind.LEFT:
                status = "withdrawn"
            else:
                status = "active"
            cohorts.append((cohort_year, stage, status))
        return tuple(cohorts)


def plan_registrations(
    tutored_urns: list[int], demo_tutor_urns: list[int], *, ect_people: list[Person], mentor_people: list[Person],
    taken: set[str], lead_providers: list[str], today: date,
) -> RegistrationPlan:
    """Who is registered where and in what state; deterministic for the same arguments."""
    planner = _Planner(ect_people=ect_people, mentor_people=mentor_people, taken=taken,
                       lead_providers=sorted(lead_providers), today=today)
    for urn in demo_tutor_urns:
        planner.school(urn, list(DEMO_TUTOR_SCHOOL_KINDS))
    rng = planner.rng
    for urn in sorted(set(tutored_urns) - set(demo_tutor_urns)):
        kinds = [(_weighted(rng, YEAR_1_KINDS), False) for _ in range(rng.choice(YEAR_1_COUNTS))]
        kinds += [(_weighted(rng, YEAR_2_KINDS), True) for _ in range(rng.choice(YEAR_2_COUNTS))]
        if rng.random() < COMPLETED_SHARE:
            kinds.append((Kind.COMPLETED, False))
        planner.school(urn, kinds)
    return planner.plan


@dataclass
class RegistrationsReport:
    ects_created: int = 0
    mentors_created: int = 0


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def write_registrations(
    plan: RegistrationPlan, *, schools: dict[int, School], users: dict[str, User], tutors: dict[int, User],
    ab_staff: User | None, today: date,
) -> RegistrationsReport:
    """Create what the plan has that the database lacks (keyed by TRN); the caller holds the transaction."""

    planned = [m.teacher for m in plan.mentors] + [e.teacher for e in plan.ects]
    existing = set(Teacher.objects.filter(trn__in=[t.trn for t in planned]).values_list("trn", flat=True))
    linked = set(Teacher.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    mentors = [m for m in plan.mentors if m.teacher.trn not in existing and m.urn in schools]
    ects = [e for e in plan.ects if e.teacher.trn not in existing and e.urn in schools]
    if not mentors and not ects:
        return RegistrationsReport()

    def teacher_row(demo: DemoTeacher, registered_on: date, urn: int) -> Teacher:
        user = users.get(demo.user_email)
        if user is not None and user.pk in linked:
            user = None  # OneToOne: that account is someone else's record already
        teacher = Teacher(trn=demo.trn, first_name=demo.first_name, last_name=demo.last_name, email=demo.email,
                          user=user, created_at=_aware(registered_on))
        teacher._history_user, teacher._history_date = tutors.get(urn), _aware(registered_on)
        return teacher

    registered_on = {e.teacher.trn: e.started_on - timedelta(days=30) for e in ects}
    rows = [teacher_row(m.teacher, m.started_on - timedelta(days=30), m.urn) for m in mentors]
    rows += [teacher_row(e.teacher, registered_on[e.teacher.trn], e.urn) for e in ects]
    teachers = {t.trn: t for t in bulk_create_with_history(rows, Teacher)}

    mentor_rows = []
    for m in mentors:
        period = MentorAtSchoolPeriod(teacher=teachers[m.teacher.trn], school=schools[m.urn], started_on=m.started_on,
                                      registered_by=tutors.get(m.urn), created_at=_aware(m.started_on - timedelta(days=30)))
        period._history_user, period._history_date = tutors.get(m.urn), period.created_at
        mentor_rows.append(period)
    bulk_create_with_history(mentor_rows, MentorAtSchoolPeriod)
    mentor_periods = {
        (p.teacher.trn, p.school_id): p
        for p in MentorAtSchoolPeriod.objects.filter(
            teacher__trn__in=[m.teacher.trn for m in plan.mentors], finished_on__isnull=True
        ).select_related("teacher")
    }

    providers = dict(LeadProvider.objects.values_list("name", "pk"))
    ect_rows = []
    for e in ects:
        school = schools[e.urn]
        period = ECTAtSchoolPeriod(
            teacher=teachers[e.teacher.trn], school=school, started_on=e.started_on, finished_on=e.finished_on,
            leaving_reason=e.leaving_reason, working_pattern=e.working_pattern, fte=e.fte,
            training_programme=TrainingProgramme.PROVIDER_LED if e.lead_provider in providers else TrainingProgramme.SCHOOL_LED,
            lead_provider_id=providers.get(e.lead_provider),
            mentor=mentor_periods.get((e.mentor_trn, school.pk)), registered_by=tutors.get(e.urn),
            created_at=_aware(registered_on[e.teacher.trn]),
        )
        period._history_user, period._history_date = tutors.get(e.urn), period.created_at
        ect_rows.append(period)
    periods = bulk_create_with_history(ect_rows, ECTAtSchoolPeriod)

    now = timezone.now()
    claims = []
    for e, period in zip(ects, periods, strict=True):
        created_at = period.created_at
        decided = e.claim_status != "pending"
        decided_at = min(created_at + timedelta(days=14), now - timedelta(hours=1)) if decided else None
        claim = Claim(
            ect_period=period, proposed_start_date=e.started_on, training_programme=period.training_programme,
            status=e.claim_status, status_reason=e.claim_reason, created_at=created_at,
            created_by=tutors.get(e.urn), decided_at=decided_at, decided_by=ab_staff if decided else None,
        )
        claim._history_user, claim._history_date = (ab_staff if decided else tutors.get(e.urn)), decided_at or created_at
        claims.append(claim)
    bulk_create_with_history(claims, Claim)
    refresh_claim_state(period.pk for period in periods)

    cohorts: dict[tuple[str, int, str], object] = {}

    def cohort(strand: str, year: int, stage: str):
        if (strand, year, stage) not in cohorts:
            cohorts[strand, year, stage] = cohort_for(strand, year, stage)
        return cohorts[strand, year, stage]

    enrolments = []
    for e in ects:
        for year, stage, status in e.cohorts:
            enrolments.append(Enrolment(
                cohort=cohort(Strand.ECTE, year, CohortStage(stage)), teacher=teachers[e.teacher.trn],
                school=schools[e.urn], status=status, enrolled_on=max(e.started_on, date(year, 9, 1)),
                created_by=tutors.get(e.urn),
            ))
    this_year = today.year if today.month >= 9 else today.year - 1
    for m in mentors:
        # E25-006 / ROLE-007: one year of mentor training, in the year they started mentoring.
        trained = m.started_on.year
        enrolments.append(Enrolment(
            cohort=cohort(Strand.ECTE_MENTOR, trained, CohortStage.NONE), teacher=teachers[m.teacher.trn],
            school=schools[m.urn], status="active" if trained == this_year else "completed",
            enrolled_on=m.started_on, created_by=tutors.get(m.urn),
        ))
    Enrolment.objects.bulk_create(enrolments)
    return RegistrationsReport(ects_created=len(periods), mentors_created=len(mentor_rows))


def demo_people(plan_people: list[Person], grants, role: str) -> list[Person]:
    """The plan's holders of a hub-wide `role`, demo login first (as the plan lists them)."""
    emails = {email for email, granted, urn in grants if granted == role and urn is None}
    return [person for person in plan_people if person.email in emails]


__all__ = [
    "DEMO_TRN_START", "DemoECT", "DemoMentor", "DemoTeacher", "Kind", "RegistrationPlan", "RegistrationsReport",
    "demo_people", "plan_registrations", "write_registrations",
]
