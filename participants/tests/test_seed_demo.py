"""The demo hub: `manage.py seed_demo` (participants.demo) and `manage.py demo_totp`."""

import io
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from participants.demo import (
    DEMO_DOMAIN,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRETS,
    HUB_ROLE_COUNTS,
    build_plan,
)
from participants.models import Role, RoleAssignment, School, User
from participants.tests.factories import current_totp_code

OPEN = [School.Status.OPEN, School.Status.PROPOSED_TO_CLOSE]


@pytest.fixture(autouse=True)
def _demo_mode(settings):
    # seed_demo only runs in DEBUG: its logins have published passwords and TOTP secrets.
    settings.DEBUG = True


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "schools": School.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "emails": EmailAddress.objects.count(),
        "authenticators": Authenticator.objects.count(),
    }


@pytest.fixture
def seeded(db) -> str:
    return seed()


def test_one_demo_login_per_role_can_sign_in(seeded):
    assert {login.role for login in DEMO_LOGINS} == set(Role.values)
    for login in DEMO_LOGINS:
        user = authenticate(email=login.email, password=DEMO_PASSWORD)
        assert user is not None, login.email
        assert user.role_assignments.filter(role=login.role).exists()
        assert EmailAddress.objects.filter(user=user, email=login.email, verified=True, primary=True).exists()
        assert login.email in seeded and (login.totp_secret is None or login.totp_secret in seeded)
    assert "manage.py demo_totp" in seeded
    # Everyone else has a verified address but no password to guess.
    others = User.objects.exclude(email__in=[login.email for login in DEMO_LOGINS])
    assert not any(user.has_usable_password() for user in others)
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()


def test_demo_hub_has_the_planned_people(seeded):
    for role, expected in HUB_ROLE_COUNTS.items():
        assert RoleAssignment.objects.filter(role=role).count() == expected, role
    assert not RoleAssignment.objects.filter(role__in=HUB_ROLE_COUNTS, school__isnull=False).exists()
    assert User.objects.filter(is_superuser=True).count() == HUB_ROLE_COUNTS[Role.HUB_STAFF]
    assert not User.objects.exclude(email__endswith=f"@{DEMO_DOMAIN}").exists()


def test_most_open_schools_have_a_tutor_and_one_tutor_has_two(seeded):
    open_schools = School.objects.filter(status__in=OPEN)
    tutored = open_schools.filter(role_assignments__role=Role.INDUCTION_TUTOR).distinct().count()
    assert 0.75 <= tutored / open_schools.count() <= 0.85
    assert not School.objects.exclude(status__in=OPEN).filter(role_assignments__isnull=False).exists()
    demo_tutor = User.objects.get(email=f"tutor@{DEMO_DOMAIN}")
    assert demo_tutor.role_assignments.filter(role=Role.INDUCTION_TUTOR).count() == 2
    tutors = RoleAssignment.objects.filter(role=Role.INDUCTION_TUTOR)
    assert tutors.values("user").distinct().count() == tutors.count() - 1


def test_schools_outside_the_extract_get_no_tutor(school_a):
    seed()
    assert not school_a.role_assignments.exists()


def test_demo_staff_have_the_documented_totp_secret(seeded):
    for email, secret in DEMO_TOTP_SECRETS.items():
        authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
        assert TOTP(authenticator).validate_code(current_totp_code(secret))


def test_running_twice_changes_nothing(seeded):
    before = counts()
    names = dict(User.objects.values_list("email", "first_name"))
    second = seed()
    assert counts() == before
    assert dict(User.objects.values_list("email", "first_name")) == names
    assert "Schools: Created 0, updated 0, unchanged 320, skipped 0" in second
    assert "People: 0 created, 0 roles granted, 0 TOTP authenticators set up." in second


def test_plan_is_deterministic():
    urns = list(range(100000, 100300))
    first, second = build_plan(urns), build_plan(urns)
    assert first == second
    assert len({person.email for person in first.people}) == len(first.people)


def test_if_empty_does_nothing_when_schools_exist(school_a):
    before = counts()
    assert "left the database as it was" in seed("--if-empty")
    assert counts() == before


def test_if_empty_seeds_an_empty_database(db):
    assert "Schools: Created 320" in seed("--if-empty")


def test_missing_gias_file_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        seed("--gias", str(tmp_path / "nowhere.csv"))


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not User.objects.exists()


def test_seed_demo_runs_without_debug_when_told_to(db, settings):
    settings.DEBUG = False
    seed("--allow-without-debug")
    assert User.objects.filter(email="hub@demo.example.org").exists()


def test_demo_totp_refuses_without_debug(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", stdout=io.StringIO())


def test_demo_totp_prints_current_codes(seeded, settings):
    settings.DEBUG = True
    out = io.StringIO()
    before = time.time()
    call_command("demo_totp", stdout=out)
    after = time.time()
    output = out.getvalue()
    for email, secret in DEMO_TOTP_SECRETS.items():
        line = next(line for line in output.splitlines() if line.startswith(email))
        code = line.split()[-1]
        # The 30-second window may turn over while the command runs.
        assert code in {current_totp_code_at(secret, t) for t in (before, after)}, line


def current_totp_code_at(secret: str, at: float) -> str:
    return format_hotp_value(hotp_value(secret, int(at) // 30))
