"""Demo data for the golden thread's other strands, for `seed_demo`: ITT with the hub's SCITT partners,
NPQs on the official list in autumn and spring intakes, the hub's own CPD and the partner programmes it
signposts, with enrolments in every state, and evaluations of last year's events and of the AB service.

One hub's numbers (DESIGN.md): ~150 NPQ participants a year, ~40 trainees, a few hundred CPD places.
NPQ participants and trainees with a demo login are among them; the rest are teacher records
without an account, as most of a hub's participants are until they sign in. Deterministic: one
seeded generator; a second run adds nothing (it stops if the partners exist).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from demo.events import SEED
from demo.people import DEMO_DOMAIN, FIRST_NAMES, LAST_NAMES
from hubportal.lib.dates import academic_year_of
from participants.models import LeadProvider, Role, RoleAssignment, School, Teacher, User
from programmes.cohorts.npq import npq_programme
from programmes.models import (
    NPQ_NOT_OFFERED,
    NPQ_WITHOUT_OUTCOME,
    CareerStage,
    Cohort,
    Delivery,
    Enrolment,
    Evaluation,
    EvaluationAnswer,
    Event,
    EventInvitation,
    ITTRoute,
    NPQCourse,
    NPQIntake,
    NPQOutcome,
    OfferKind,
    Partner,
    Phase,
    Placement,
    Programme,
    Strand,
    StudyMode,
)

# Above the registrations' TRNs (participants.demo_registrations.DEMO_TRN_START), so none clash.
DEMO_TRN_START = 6_500_001

PARTNERS = [
    ("Severn Vale SCITT", Partner.Kind.SCITT, 10_055_501),
    ("Forest and Vale Primary SCITT", Partner.Kind.SCITT, 10_055_502),
    ("University of the Three Counties", Partner.Kind.UNIVERSITY, 10_055_503),
    ("Three Counties Maths Hub", Partner.Kind.CURRICULUM_HUB, None),
    ("Severn English Hub", Partner.Kind.CURRICULUM_HUB, None),
    ("West Science Learning Partnership", Partner.Kind.CURRICULUM_HUB, None),
    ("Vale Research School", Partner.Kind.RESEARCH_SCHOOL, None),
    ("Cotswold Schools Alliance", Partner.Kind.ALLIANCE, None),
]

S, P = CareerStage, Phase
# (partner, name, kind, career stages, phases, summary)
SIGNPOSTED = [
    ("Three Counties Maths Hub", "Teaching for Mastery work group", OfferKind.WORK_GROUP, [S.TEACHER, S.MIDDLE_LEADER], [P.PRIMARY],
     "A year of lesson study with teachers from other schools, developing mastery approaches in maths."),
    ("Three Counties Maths Hub", "Mastering Number", OfferKind.PROGRAMME, [S.TEACHER], [P.PRIMARY],
     "Fluency in number facts for Reception to Year 2, with a short daily session in class."),
    ("Three Counties Maths Hub", "Secondary maths subject leaders' network", OfferKind.NETWORK, [S.MIDDLE_LEADER], [P.SECONDARY],
     "Termly meetings for heads of maths."),
    ("Severn English Hub", "Early reading and phonics programme", OfferKind.PROGRAMME, [S.TEACHER, S.MIDDLE_LEADER], [P.EARLY_YEARS, P.PRIMARY],
     "Support to choose and run a validated systematic synthetic phonics programme."),
    ("Severn English Hub", "Reading for pleasure conference", OfferKind.CONFERENCE, [S.TEACHER], [P.PRIMARY],
     "A day of research and practice on children's reading for pleasure."),
    ("West Science Learning Partnership", "Subject knowledge for non-specialist science teachers", OfferKind.COURSE, [S.ECT, S.TEACHER],
     [P.SECONDARY], "Physics and chemistry subject knowledge for teachers teaching outside their specialism."),
    ("Vale Research School", "Evidence-informed teaching: metacognition", OfferKind.COURSE, [S.ECT, S.TEACHER, S.MIDDLE_LEADER], [],
     "Three twilight sessions on self-regulated learning, from the EEF guidance report."),
    ("Vale Research School", "Research leads network", OfferKind.NETWORK, [S.MIDDLE_LEADER, S.SENIOR_LEADER], [],
     "Termly network for staff leading evidence use in their school."),
    ("Cotswold Schools Alliance", "Alliance leadership conference", OfferKind.CONFERENCE, [S.SENIOR_LEADER, S.HEADTEACHER], [],
     "The alliance's annual conference for senior leaders."),
]

# (slug, name, career stages, phases, summary)
HUB_CPD = [
    ("middle-leadership-essentials", "Middle leadership essentials", [S.TEACHER, S.MIDDLE_LEADER], [],
     "Five sessions for new subject and phase leaders: curriculum, leading people, and quality assurance."),
    ("third-year-teachers", "Third-year teacher programme", [S.TEACHER], [],
     "For teachers who finished induction last year: adaptive teaching and subject pedagogy, four twilights."),
    ("induction-tutor-training", "Induction tutor training", [S.MIDDLE_LEADER, S.SENIOR_LEADER], [],
     "The statutory role of the induction tutor: progress reviews, formal assessments and the AB's expectations."),
    ("send-in-the-mainstream", "SEND in the mainstream classroom", [S.ECT, S.TEACHER], [P.PRIMARY, P.SECONDARY],
     "Practical strategies for pupils with SEND, with the hub's specialist schools."),
]

ITT_ROUTES = [ITTRoute.SCHOOL_DIRECT_TUITION_FEE, ITTRoute.SCHOOL_DIRECT_SALARIED, ITTRoute.PG_TEACHING_APPRENTICESHIP,
              ITTRoute.PROVIDER_LED_POSTGRAD, ITTRoute.ASSESSMENT_ONLY]


@dataclass
class GoldenThreadReport:
    enrolments: int = 0
    # Evaluations made.
    evaluations: int = 0


class _People:
    """Teacher records for the demo: existing accounts' first, then made-up people without accounts."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.next_trn = DEMO_TRN_START
        self.made: list[Teacher] = []
        self.by_user: dict[int, Teacher] = {}

    def teacher_for(self, user: User | None) -> Teacher:
        existing = getattr(user, "teacher", None) if user else None
        if existing is not None:
            return existing
        if user is not None and user.pk in self.by_user:
            return self.by_user[user.pk]
        if user is not None:
            teacher = Teacher(trn=str(self.next_trn), first_name=user.first_name, last_name=user.last_name, email=user.email, user=user)
            self.by_user[user.pk] = teacher
        else:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            email = f"{first}.{last}{self.next_trn % 1000}@{DEMO_DOMAIN}".lower().replace("'", "")
            teacher = Teacher(trn=str(self.next_trn), first_name=first, last_name=last, email=email)
        self.next_trn += 1
        self.made.append(teacher)
        return teacher

    def save(self) -> None:
        bulk_create_with_history(self.made, Teacher)
        self.made = []


def seed_demo_golden_thread(*, today: date, hub_staff: User | None) -> GoldenThreadReport:
    if Partner.objects.exists():
        return GoldenThreadReport()
    rng = random.Random(f"{SEED}-golden-thread")
    year = academic_year_of(today)
    schools = list(School.objects.filter(status__in=[School.Status.OPEN, School.Status.PROPOSED_TO_CLOSE]).order_by("urn"))
    if not schools:
        return GoldenThreadReport()
    with transaction.atomic():
        partners = {name: Partner.objects.create(name=name, kind=kind, ukprn=ukprn, website=f"https://{name.lower().replace(' ', '-')}.example.org")
                    for name, kind, ukprn in PARTNERS}
        _describe_standard_programmes()
        programmes = _programmes(partners)
        people = _People(rng)
        enrolments: list[Enrolment] = []
        placements: list[tuple[Enrolment, School, date, date]] = []
        enrolments += _itt(programmes["itt"], year, today, schools, people, rng, placements, hub_staff)
        enrolments += _npq(year, today, schools, people, rng, hub_staff)
        enrolments += _cpd(programmes["cpd"], year, today, schools, people, rng, hub_staff)
        people.save()
        for enrolment in enrolments:
            enrolment.teacher_id = enrolment.teacher.pk
        bulk_create_with_history(enrolments, Enrolment, default_user=hub_staff)
        Placement.objects.bulk_create(Placement(enrolment=e, school=s, started_on=a, finished_on=b) for e, s, a, b in placements)
        evaluations = _evaluations(year, today, rng, hub_staff)
    return GoldenThreadReport(enrolments=len(enrolments), evaluations=evaluations)


def _describe_standard_programmes() -> None:
    """The ECTE programmes registration made: who they are for, on the offer page."""
    Programme.objects.filter(strand=Strand.ECTE).update(
        career_stages=[S.ECT], summary="Two years of training and mentoring for early career teachers, with the hub's welcome conferences.")
    Programme.objects.filter(strand=Strand.ECTE_MENTOR).update(
        career_stages=[S.MENTOR], summary="Training for ECT mentors: a year for new mentors (ROLE-007), with termly conferences.")


def _programmes(partners: dict[str, Partner]) -> dict[str, list[Programme]]:
    itt = [
        Programme.objects.create(strand=Strand.ITT, name="Primary teacher training with Forest and Vale Primary SCITT", slug="itt-primary",
                                 partner=partners["Forest and Vale Primary SCITT"], career_stages=[S.TRAINEE], phases=[P.PRIMARY],
                                 summary="QTS with a PGCE from the University of the Three Counties; placements in two partnership schools."),
        Programme.objects.create(strand=Strand.ITT, name="Secondary teacher training with Severn Vale SCITT", slug="itt-secondary",
                                 partner=partners["Severn Vale SCITT"], career_stages=[S.TRAINEE], phases=[P.SECONDARY],
                                 summary="Fee-funded, salaried and apprenticeship routes to QTS in eleven secondary subjects."),
    ]
    for course in NPQCourse:
        if course not in NPQ_NOT_OFFERED:
            programme = npq_programme(course)
            programme.summary = "Delivered by the hub for its lead provider: online modules, face-to-face sessions and a final assessment."
            programme.save(update_fields=["summary"])
    cpd = [Programme.objects.create(strand=Strand.CPD, slug=slug, name=name, career_stages=stages, phases=phases, summary=summary)
           for slug, name, stages, phases, summary in HUB_CPD]
    for partner, name, kind, stages, phases, summary in SIGNPOSTED:
        Programme.objects.create(strand=Strand.CPD, delivery=Delivery.SIGNPOSTED, partner=partners[partner], offer_kind=kind, name=name,
                                 slug=f"signposted-{name.lower().replace(' ', '-').replace(':', '').replace(chr(39), '')}"[:50],
                                 career_stages=stages, phases=phases, summary=summary, website=partners[partner].website)
    return {"itt": itt, "cpd": cpd}


def _users_with(role: str) -> list[User]:
    ids = RoleAssignment.objects.filter(role=role, user__email__endswith=f"@{DEMO_DOMAIN}").values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids).select_related("teacher").order_by("email"))


def _itt(programmes, year, today, schools, people, rng, placements, actor) -> list[Enrolment]:
    """Last year's trainees (most completed, now ECTs elsewhere in the data) and this year's, with two placements each."""
    trainees = sorted(_users_with(Role.ITT_TRAINEE), key=lambda user: user.email != f"trainee@{DEMO_DOMAIN}")
    rows = []
    for academic_year, count in ((year - 1, 36), (year, 40)):
        for n in range(count):
            programme = programmes[n % 2]
            cohort, _ = Cohort.objects.get_or_create(programme=programme, academic_year=academic_year)
            user = trainees[n] if academic_year == year and n < len(trainees) else None
            route = ITT_ROUTES[n % len(ITT_ROUTES)]
            status = Enrolment.Status.ACTIVE if academic_year == year else (
                Enrolment.Status.WITHDRAWN if n % 12 == 5 else Enrolment.Status.COMPLETED)
            starts = date(academic_year, 9, 1)
            enrolment = Enrolment(cohort=cohort, teacher=people.teacher_for(user), school=rng.choice(schools), status=status,
                                  enrolled_on=starts - timedelta(days=30), itt_route=route,
                                  study_mode=StudyMode.PART_TIME if n % 9 == 4 else StudyMode.FULL_TIME, created_by=actor,
                                  status_reason="Left the course for family reasons." if status == Enrolment.Status.WITHDRAWN else "")
            rows.append(enrolment)
            first, second = rng.sample(schools, 2)
            placements.append((enrolment, first, starts, starts + timedelta(days=120)))
            placements.append((enrolment, second, starts + timedelta(days=130), starts + timedelta(days=280)))
    return rows


def _npq(year, today, schools, people, rng, actor) -> list[Enrolment]:
    """Last year's autumn cohorts (finished: passes, a few fails and withdrawals), this year's autumn (under way,
    a couple deferred), and the spring intake filling up with school nominations."""
    provider = LeadProvider.objects.filter(is_active=True).order_by("name").first()
    participants = _users_with(Role.NPQ_PARTICIPANT)
    demo_login = next((user for user in participants if user.email == f"npq@{DEMO_DOMAIN}"), None)
    if demo_login is not None:
        participants = [demo_login] + [user for user in participants if user != demo_login]
    heads = list(RoleAssignment.objects.filter(role=Role.HEADTEACHER).select_related("user", "school"))
    courses = [c for c in NPQCourse if c not in NPQ_NOT_OFFERED]
    # Roughly the national mix: leading teaching and senior leadership the largest.
    weights = {NPQCourse.LT: 5, NPQCourse.SL: 5, NPQCourse.LBC: 3, NPQCourse.LTD: 3, NPQCourse.H: 3, NPQCourse.SENCO: 3,
               NPQCourse.LL: 2, NPQCourse.LPM: 2, NPQCourse.EYL: 1, NPQCourse.EL: 1, NPQCourse.EHCO: 2}
    programmes = {course: npq_programme(course) for course in courses}
    made: dict[tuple, Cohort] = {}

    def cohort_of(course, academic_year, intake) -> Cohort:
        if (course, academic_year, intake) not in made:
            made[course, academic_year, intake] = Cohort.objects.get_or_create(
                programme=programmes[course], academic_year=academic_year, intake=intake, defaults={"lead_provider": provider})[0]
        return made[course, academic_year, intake]

    rows = []
    plan = ((year - 1, NPQIntake.AUTUMN, 120), (year, NPQIntake.AUTUMN, 150), (year, NPQIntake.SPRING, 30))
    for academic_year, intake, count in plan:
        for n in range(count):
            course = rng.choices(courses, weights=[weights[c] for c in courses])[0]
            user = participants[n] if academic_year == year and intake == NPQIntake.AUTUMN and n < len(participants) else None
            if academic_year < year and n == 0 and demo_login is not None:
                # The demo NPQ login's thread shows a qualification passed last year beside this year's.
                user, course = demo_login, NPQCourse.LT
            cohort = cohort_of(course, academic_year, intake)
            enrolment = Enrolment(cohort=cohort, teacher=people.teacher_for(user), school=rng.choice(schools),
                                  enrolled_on=date(academic_year, 7, 1) if intake == NPQIntake.AUTUMN else date(academic_year, 11, 1),
                                  created_by=actor)
            if academic_year < year:
                _finished_npq(enrolment, course, n, date(academic_year + 1, 7, 20))
            elif intake == NPQIntake.SPRING:
                # Nominated by a school leader; hub staff approve them in the demo.
                head = heads[n % len(heads)] if heads else None
                enrolment.status = Enrolment.Status.NOMINATED if n % 3 else Enrolment.Status.ACTIVE
                enrolment.nominated_by = head.user if head else None
                enrolment.school = head.school if head else enrolment.school
            elif n % 25 == 7:
                enrolment.status, enrolment.status_reason = Enrolment.Status.DEFERRED, "Maternity leave: resumes with the next cohort."
            rows.append(enrolment)
    return rows


def _finished_npq(enrolment: Enrolment, course: str, n: int, finished_on: date) -> None:
    if n % 15 == 3:
        enrolment.status, enrolment.status_reason = Enrolment.Status.WITHDRAWN, "Changed role and could not continue."
        return
    enrolment.status = Enrolment.Status.COMPLETED
    if course not in NPQ_WITHOUT_OUTCOME:
        enrolment.outcome = NPQOutcome.FAILED if n % 17 == 5 else NPQOutcome.PASSED
        enrolment.outcome_on = finished_on


def _cpd(programmes, year, today, schools, people, rng, actor) -> list[Enrolment]:
    """The hub's own courses, last year and this, for staff of a share of schools (so some take part in nothing)."""
    mentors = _users_with(Role.MENTOR)
    rows = []
    for academic_year in (year - 1, year):
        for index, programme in enumerate(programmes):
            cohort, _ = Cohort.objects.get_or_create(programme=programme, academic_year=academic_year)
            for n in range(18 + 6 * index):
                user = mentors[n + 30 * index] if academic_year == year and programme.slug == "middle-leadership-essentials" \
                    and n + 30 * index < len(mentors) else None
                status = Enrolment.Status.COMPLETED if academic_year < year else Enrolment.Status.ACTIVE
                rows.append(Enrolment(cohort=cohort, teacher=people.teacher_for(user), school=rng.choice(schools[: len(schools) * 2 // 3]),
                                      status=status, enrolled_on=date(academic_year, 9, 15), created_by=actor))
    return rows


def _evaluations(year, today, rng, actor) -> int:
    """Evaluations of last year's held conferences, and last year's annual survey of schools (AB service)."""
    now = timezone.now()
    made = 0
    held = Event.objects.filter(starts_at__lt=now, cancelled_at__isnull=True, register_closed_at__isnull=False).order_by("starts_at")
    comments = ["Really useful, especially the subject sessions.", "Too much time in the main hall.", "",
                "The mentor session was the highlight.", "Please share the slides beforehand.", ""]
    for event in held:
        starts = timezone.localdate(event.starts_at)
        evaluation = Evaluation.objects.create(kind=Evaluation.Kind.EVENT, event=event, title=f"Evaluation: {event.title}", opens_on=starts,
                                               closes_on=starts + timedelta(days=21), created_by=actor)
        present = EventInvitation.objects.filter(event=event, attended_at__isnull=False, user__isnull=False).values_list("user_id", flat=True)
        EvaluationAnswer.objects.bulk_create(
            EvaluationAnswer(evaluation=evaluation, respondent_id=user_id, rating=rng.choices([5, 4, 3, 2], weights=[5, 4, 2, 1])[0],
                             comments=rng.choice(comments), submitted_at=_answered(evaluation, rng, now))
            for user_id in list(present)[::3]
        )
        made += 1
    schools_evaluation = Evaluation.objects.create(
        kind=Evaluation.Kind.SCHOOLS, academic_year=year - 1, title=f"Annual survey of schools {year - 1}/{year % 100:02d}",
        question="How well did the appropriate body service support your school this year?",
        opens_on=date(year, 6, 1), closes_on=date(year, 7, 15), created_by=actor)
    # About half the schools with a tutor answered, once each (the first tutor listed answered for the school).
    tutor_of: dict[int, int] = {}
    for school_id, user_id in RoleAssignment.objects.filter(role=Role.INDUCTION_TUTOR).order_by("school_id", "user_id").values_list("school_id", "user_id"):
        tutor_of.setdefault(school_id, user_id)
    EvaluationAnswer.objects.bulk_create(
        EvaluationAnswer(evaluation=schools_evaluation, school_id=school_id, respondent_id=user_id,
                         rating=rng.choices([5, 4, 3], weights=[4, 4, 1])[0], comments=rng.choice(comments),
                         submitted_at=_answered(schools_evaluation, rng, now))
        for school_id, user_id in list(tutor_of.items())[::2]
    )
    return made + 1


def _answered(evaluation: Evaluation, rng: random.Random, now):
    """A moment while the evaluation was open (and not in the future): people answer in the first days."""
    day = min(evaluation.opens_on + timedelta(days=rng.randint(0, 6)), evaluation.closes_on, timezone.localdate(now))
    return min(timezone.make_aware(datetime.combine(day, time(rng.randint(8, 20), rng.randint(0, 59)))), now)
