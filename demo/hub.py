"""A realistic, deterministic demo hub for `manage.py seed_demo` and `make run`.

Everything here is derived from fixed name lists, a fixed seed and the GIAS
sample, so two runs plan the same people; people are keyed by email, so a second
run creates nothing. Every demo address is on DEMO_DOMAIN (example.org is
reserved: mail to it can never reach a real person).

ECT and mentor registrations in every state (participants.demo_registrations)
are keyed by TRN the same way; the demo ECT and mentor logins are two of them.

Only the one-per-role demo logins can sign in with a password; the hundreds of
other people get an unusable password (hashing 750 passwords would take
minutes) and would join through an invitation or a password reset.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from demo.certificates import seed_demo_certificates
from demo.data_protection import seed_demo_data_requests, seed_demo_riab_dates_of_birth
from demo.events import seed_demo_events
from demo.golden_thread import seed_demo_golden_thread
from demo.inductions import seed_demo_agreements, seed_demo_inductions
from demo.moves import seed_demo_moves
from demo.people import DEMO_DOMAIN, DEMO_PASSWORD, SEED, Person, new_person
from demo.privacy_notice import seed_demo_privacy_notice
from demo.quality import seed_demo_quality
from demo.quality_reviews import seed_demo_quality_reviews
from demo.registrations import demo_people, plan_registrations, write_registrations
from participants.accounts.roles import grant_roles
from participants.models import LeadProvider, Role, RoleAssignment, School, User
from participants.schools.gias import GiasImportReport, import_gias_rows, read_gias_csv
from programmes.insight.engagement import refresh_due_years

DEFAULT_GIAS_PATH = Path(__file__).resolve().parent / "data" / "gias-sample.csv"

# Fixed base32 TOTP secrets for the two staff demo logins, so the demo can pass
# the MFA that hub and AB staff must have. Public on purpose: this is demo data
# only, and `demo_totp` (which prints the codes) refuses to run without DEBUG.
DEMO_TOTP_SECRETS: dict[str, str] = {
    f"hub@{DEMO_DOMAIN}": "DEMOHUBSTAFFTOTPSECRETFORHUBPRTL",
    f"ab@{DEMO_DOMAIN}": "DEMOABSTAFFTOTPSECRETFORABSTAFF2",
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    first_name: str
    last_name: str

    @property
    def totp_secret(self) -> str | None:
        return DEMO_TOTP_SECRETS.get(self.email)


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(Role.HUB_STAFF, f"hub@{DEMO_DOMAIN}", "Harriet", "Hughes"),
    DemoLogin(Role.AB_STAFF, f"ab@{DEMO_DOMAIN}", "Aled", "Bowen"),
    DemoLogin(Role.INDUCTION_TUTOR, f"tutor@{DEMO_DOMAIN}", "Tamsin", "Turner"),
    DemoLogin(Role.HEADTEACHER, f"head@{DEMO_DOMAIN}", "Helen", "Ashworth"),
    DemoLogin(Role.ECT, f"ect@{DEMO_DOMAIN}", "Ellie", "Evans"),
    DemoLogin(Role.MENTOR, f"mentor@{DEMO_DOMAIN}", "Marcus", "Mensah"),
    DemoLogin(Role.NPQ_PARTICIPANT, f"npq@{DEMO_DOMAIN}", "Nadia", "Qureshi"),
    DemoLogin(Role.ITT_TRAINEE, f"trainee@{DEMO_DOMAIN}", "Theo", "Reid"),
    DemoLogin(Role.FACILITATOR, f"facilitator@{DEMO_DOMAIN}", "Fiona", "Campbell"),
)

# How many people hold each hub-wide role, demo login included (DESIGN.md's one-hub scale).
HUB_ROLE_COUNTS: dict[str, int] = {
    Role.HUB_STAFF: 3,
    Role.AB_STAFF: 2,
    Role.ECT: 200,
    Role.MENTOR: 200,
    Role.NPQ_PARTICIPANT: 60,
    Role.ITT_TRAINEE: 20,
    Role.FACILITATOR: 4,
}
# Share of open schools with an induction tutor: most, not all, have registered.
TUTORED_SHARE = 0.8
# The demo tutor tutors at this many schools, to show the multi-school case.
DEMO_TUTOR_SCHOOLS = 2

@dataclass
class DemoPlan:
    people: list[Person] = field(default_factory=list)
    grants: list[tuple[str, str, int | None]] = field(default_factory=list)  # (email, role, school URN)


@dataclass
class DemoReport:
    gias: GiasImportReport
    users_created: int
    roles_granted: int
    totp_activated: int
    logins: tuple[DemoLogin, ...] = DEMO_LOGINS
    # ECT and mentor registrations (participants.demo_registrations).
    ects_created: int = 0
    mentors_created: int = 0
    # Conferences and events with their invitations (programmes.demo_events).
    events_created: int = 0
    # Inductions for the accepted claims (appropriate_body.demo).
    inductions_created: int = 0
    # Certificates of last year's conferences (programmes.demo_certificates).
    certificates_created: int = 0
    # ITT, NPQ and CPD enrolments, and evaluations (programmes.demo_golden_thread).
    golden_thread_enrolments: int = 0
    evaluations_created: int = 0
    # A move another school asked for, waiting for the demo tutor's school (registration.transfers).
    moves_created: int = 0


def build_plan(open_school_urns: list[int]) -> DemoPlan:
    """Who the demo hub has, from the open schools' URNs alone (no database)."""
    plan = DemoPlan()
    taken = {login.email for login in DEMO_LOGINS}
    demo_by_role = {login.role: login for login in DEMO_LOGINS}
    for login in DEMO_LOGINS:
        plan.people.append(Person(login.email, login.first_name, login.last_name))

    # One generator per group, so a change in one group leaves the others' names alone.
    for role, count in HUB_ROLE_COUNTS.items():
        rng = random.Random(f"{SEED}-{Role(role).value}")
        plan.grants.append((demo_by_role[role].email, role, None))
        for _ in range(count - 1):
            person = new_person(rng, taken)
            plan.people.append(person)
            plan.grants.append((person.email, role, None))

    rng = random.Random(f"{SEED}-{Role.INDUCTION_TUTOR.value}")
    urns = sorted(open_school_urns)
    tutored = sorted(rng.sample(urns, round(len(urns) * TUTORED_SHARE)))
    demo_tutor = demo_by_role[Role.INDUCTION_TUTOR].email
    for urn in tutored[:DEMO_TUTOR_SCHOOLS]:
        plan.grants.append((demo_tutor, Role.INDUCTION_TUTOR, urn))
    # The headteacher of the demo tutor's first school, who signs off its ECTs' assessments.
    plan.grants.append((demo_by_role[Role.HEADTEACHER].email, Role.HEADTEACHER, tutored[0]))
    for urn in tutored[DEMO_TUTOR_SCHOOLS:]:
        person = new_person(rng, taken)
        plan.people.append(person)
        plan.grants.append((person.email, Role.INDUCTION_TUTOR, urn))
    return plan


def seed_demo(
    *, gias_path: Path = DEFAULT_GIAS_PATH, if_empty: bool = False, today: date | None = None
) -> DemoReport | None:
    """Build (or top up) the demo hub. Returns None when `if_empty` and schools exist.

    Registrations are dated from `today`'s academic year (default: today), so their
    states (leaving, left, Year 2...) hold whenever the demo is built.
    """
    if if_empty and School.objects.exists():
        return None
    with transaction.atomic():
        rows = read_gias_csv(gias_path)
        gias = import_gias_rows(rows)
        # Tutors only for the extract's schools, so the demo stays one hub's size
        # even in a database that holds other hubs' (or all of England's) schools.
        urns = {int(urn) for row in rows if (urn := row.values["URN"].strip()).isdigit()}
        open_schools = School.objects.filter(status__in=[School.Status.OPEN, School.Status.PROPOSED_TO_CLOSE])
        schools = {school.urn: school for school in open_schools if school.urn in urns}
        plan = build_plan(list(schools))
        users, created = _ensure_users(plan.people)
        _ensure_email_addresses(users.values())
        granted = _ensure_roles(plan.grants, users, schools)
        activated = _ensure_totp(users)
        registrations = _ensure_registrations(plan, users, schools, today=today or timezone.localdate())
        events_created = _ensure_events(users, today=today or timezone.localdate())
        certificates_created = _ensure_certificates(users, today=today or timezone.localdate())
        inductions_created = _ensure_inductions(users, today=today or timezone.localdate())
        _ensure_agreements(plan, users, schools, today=today or timezone.localdate())
        _ensure_quality(users, today=today or timezone.localdate())
        moves_created = _ensure_moves(plan, users, schools, today=today or timezone.localdate())
        golden_thread = _ensure_golden_thread(users, today=today or timezone.localdate())
        _ensure_data_protection(users, today=today or timezone.localdate())
        _ensure_privacy_notice(users)
        # The insight dashboard, the Programmes page and hub staff's home read kept figures: refreshed here, a new
        # demo shows them at once rather than making the first look wait for them (the beat job keeps them after).
        refresh_due_years(now=timezone.now(), today=today or timezone.localdate())
    return DemoReport(
        gias=gias, users_created=created, roles_granted=granted, totp_activated=activated,
        ects_created=registrations.ects_created, mentors_created=registrations.mentors_created,
        events_created=events_created, inductions_created=inductions_created, certificates_created=certificates_created,
        golden_thread_enrolments=golden_thread.enrolments, evaluations_created=golden_thread.evaluations,
        moves_created=moves_created,
    )


def _ensure_inductions(users: dict[str, User], *, today: date) -> int:
    ab_login = next(login.email for login in DEMO_LOGINS if login.role == Role.AB_STAFF)
    return seed_demo_inductions(today=today, ab_staff=users.get(ab_login))


def _ensure_quality(users: dict[str, User], *, today: date) -> int:
    ab_login = next(login.email for login in DEMO_LOGINS if login.role == Role.AB_STAFF)
    tutor_login = next(login.email for login in DEMO_LOGINS if login.role == Role.INDUCTION_TUTOR)
    made = seed_demo_quality(today=today, ab_staff=users.get(ab_login))
    return made + seed_demo_quality_reviews(today=today, ab_staff=users.get(ab_login), tutor=users.get(tutor_login))


def _ensure_agreements(plan: DemoPlan, users: dict[str, User], schools: dict[int, School], *, today: date) -> int:
    """Most tutored schools have accepted this year's AB service agreement; the demo tutor's first school has not, to show the form."""

    tutor_login = next(login.email for login in DEMO_LOGINS if login.role == Role.INDUCTION_TUTOR)
    grants = [(email, urn) for email, role, urn in plan.grants if role == Role.INDUCTION_TUTOR and urn in schools]
    signers = {schools[urn]: users[email] for email, urn in grants}
    first_demo_school = min((urn for email, urn in grants if email == tutor_login), default=None)
    return seed_demo_agreements(today=today, signers=signers, unsigned={first_demo_school})


def _ensure_moves(plan: DemoPlan, users: dict[str, User], schools: dict[int, School], *, today: date) -> int:
    """Another tutored school asks for one ECT of the demo tutor's first school: a move for them to answer."""
    tutor_login = next(login.email for login in DEMO_LOGINS if login.role == Role.INDUCTION_TUTOR)
    grants = sorted((urn, email) for email, role, urn in plan.grants if role == Role.INDUCTION_TUTOR and urn in schools)
    own = [urn for urn, email in grants if email == tutor_login]
    other = next(((urn, email) for urn, email in grants if urn not in own), None)
    if not own or other is None:
        return 0
    return seed_demo_moves(today=today, from_school=schools[own[0]], to_school=schools[other[0]], asked_by=users.get(other[1]))


def _ensure_golden_thread(users: dict[str, User], *, today: date):
    hub_login = next(login.email for login in DEMO_LOGINS if login.role == Role.HUB_STAFF)
    return seed_demo_golden_thread(today=today, hub_staff=users.get(hub_login))


def _ensure_data_protection(users: dict[str, User], *, today: date) -> None:
    hub_login = next(login.email for login in DEMO_LOGINS if login.role == Role.HUB_STAFF)
    ect_login = next(login.email for login in DEMO_LOGINS if login.role == Role.ECT)
    seed_demo_riab_dates_of_birth(today=today)
    seed_demo_data_requests(today=today, hub_staff=users.get(hub_login), ect_email=ect_login)


def _ensure_privacy_notice(users: dict[str, User]) -> int:
    """Last, so everyone the demo made (registered ECTs and mentors included) has seen version 1."""
    hub_login = next(login.email for login in DEMO_LOGINS if login.role == Role.HUB_STAFF)
    return seed_demo_privacy_notice(hub_staff=users.get(hub_login), readers=User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}"))


def _ensure_events(users: dict[str, User], *, today: date) -> int:
    hub_login = next(login.email for login in DEMO_LOGINS if login.role == Role.HUB_STAFF)
    return seed_demo_events(today=today, hub_staff=users.get(hub_login))


def _ensure_certificates(users: dict[str, User], *, today: date) -> int:
    hub_login = next(login.email for login in DEMO_LOGINS if login.role == Role.HUB_STAFF)
    return seed_demo_certificates(today=today, hub_staff=users.get(hub_login))


def _ensure_registrations(plan: DemoPlan, users: dict[str, User], schools: dict[int, School], *, today: date):
    """ECTs and mentors in every state at the tutored schools; the demo tutor's schools have each state."""

    logins = {login.role: login.email for login in DEMO_LOGINS}
    tutor_grants = [(email, urn) for email, role, urn in plan.grants if role == Role.INDUCTION_TUTOR]
    registrations = plan_registrations(
        [urn for _, urn in tutor_grants],
        [urn for email, urn in tutor_grants if email == logins[Role.INDUCTION_TUTOR]],
        ect_people=demo_people(plan.people, plan.grants, Role.ECT),
        mentor_people=demo_people(plan.people, plan.grants, Role.MENTOR),
        taken={person.email for person in plan.people},
        lead_providers=list(LeadProvider.objects.filter(is_active=True).values_list("name", flat=True)),
        today=today,
    )
    return write_registrations(
        registrations,
        schools=schools,
        users=users,
        tutors={urn: users[email] for email, urn in tutor_grants},
        ab_staff=users.get(logins[Role.AB_STAFF]),
        today=today,
    )


def _demo_users() -> dict[str, User]:
    # One query with no parameter list: every demo person is on DEMO_DOMAIN.
    return {user.email: user for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}


def _ensure_users(people: list[Person]) -> tuple[dict[str, User], int]:
    existing = _demo_users()
    demo_emails = {login.email for login in DEMO_LOGINS}
    # One hash shared by the demo logins: PBKDF2 is slow on purpose, and these
    # passwords are public anyway. Everyone else can't sign in with a password.
    missing = [person for person in people if person.email not in existing]
    demo_hash = make_password(DEMO_PASSWORD) if any(p.email in demo_emails for p in missing) else ""
    new = [
        User(
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            password=demo_hash if person.email in demo_emails else make_password(None),
        )
        for person in missing
    ]
    User.objects.bulk_create(new)
    return (_demo_users() if new else existing), len(new)


def _ensure_email_addresses(users) -> None:
    # Verified and primary, so allauth's mandatory verification lets them sign in.
    have = set(
        EmailAddress.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("user_id", "email")
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in users
        if (user.pk, user.email) not in have
    )


def _ensure_roles(grants: list[tuple[str, str, int | None]], users: dict[str, User], schools: dict[int, School]) -> int:
    have = set(
        RoleAssignment.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").values_list(
            "user_id", "role", "school__urn"
        )
    )
    missing = [
        (users[email], role, schools[urn] if urn else None)
        for email, role, urn in grants
        if (users[email].pk, role, urn) not in have
    ]
    grant_roles(missing)
    return len(missing)


def _ensure_totp(users: dict[str, User]) -> int:
    activated = 0
    for email, secret in DEMO_TOTP_SECRETS.items():
        user = users[email]
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, secret)
            activated += 1
    return activated


def totp_code(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for `secret` now (or at `at`)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def current_demo_totp_codes(at: float | None = None) -> list[tuple[str, str | None]]:
    """(email, current 6-digit code or None) for each demo staff login.

    Reads the stored secret rather than DEMO_TOTP_SECRETS, so the code is right
    even if someone re-enrolled the demo login with a new authenticator.
    """
    stored = {
        a.user.email: decrypt(a.data["secret"])
        for a in Authenticator.objects.filter(
            type=Authenticator.Type.TOTP, user__email__in=list(DEMO_TOTP_SECRETS)
        ).select_related("user")
    }
    return [
        (email, totp_code(stored[email], at) if email in stored else None)
        for email in DEMO_TOTP_SECRETS
    ]
