"""Running `manage.py seed_demo` itself: on an empty database, twice, with --if-empty or --gias, and the DEBUG guard.

Each test here needs a database no seed has touched, so none shares the module-wide demo hub
(demo/tests/conftest.py): each seeds for itself. What the hub holds: test_seed_demo.py.
"""

from datetime import date

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError

from appropriate_body.models import Claim, Induction, InductionPeriod, ServiceAgreement
from demo.events import seed_demo_events
from demo.hub import seed_demo
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, RoleAssignment, School, Teacher, User
from programmes.models import Cohort, Enrolment, Event, EventInvitation, EventNotice

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _demo_mode(settings):
    # seed_demo only runs in DEBUG: its logins have published passwords and TOTP secrets.
    settings.DEBUG = True


@pytest.fixture
def seeded(db, seed) -> str:
    return seed()


def counts() -> dict[str, int]:
    return {
        "schools": School.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "emails": EmailAddress.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "teachers": Teacher.objects.count(),
        "teacher history": Teacher.history.count(),
        "ect periods": ECTAtSchoolPeriod.objects.count(),
        "ect period history": ECTAtSchoolPeriod.history.count(),
        "mentor periods": MentorAtSchoolPeriod.objects.count(),
        "claims": Claim.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "cohorts": Cohort.objects.count(),
        "inductions": Induction.objects.count(),
        "agreements": ServiceAgreement.objects.count(),
        "induction periods": InductionPeriod.objects.count(),
    }


def test_schools_outside_the_extract_get_no_tutor(school_a, seed):
    seed()
    assert not school_a.role_assignments.exists()


def test_running_twice_changes_nothing(seeded, seed):
    before = counts()
    names = dict(User.objects.values_list("email", "first_name"))
    second = seed()
    assert counts() == before
    assert dict(User.objects.values_list("email", "first_name")) == names
    assert "Schools: Created 0, updated 0, unchanged 320, skipped 0" in second
    assert "People: 0 created, 0 roles granted, 0 TOTP authenticators set up." in second


def test_if_empty_does_nothing_when_schools_exist(school_a, seed):
    before = counts()
    assert "left the database as it was" in seed("--if-empty")
    assert counts() == before


def test_if_empty_seeds_an_empty_database(db, seed):
    assert "Schools: Created 320" in seed("--if-empty")


def test_missing_gias_file_is_a_command_error(db, tmp_path, seed):
    with pytest.raises(CommandError, match="No such file"):
        seed("--gias", str(tmp_path / "nowhere.csv"))


def test_seed_demo_refuses_without_debug(db, settings, seed):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not User.objects.exists()


def test_seed_demo_runs_without_debug_when_told_to(db, settings, seed):
    settings.DEBUG = False
    seed("--allow-without-debug")
    assert User.objects.filter(email="hub@demo.example.org").exists()


def test_second_run_creates_no_registrations(seeded, seed):
    before = counts()
    trns = set(Teacher.objects.values_list("trn", "first_name", "user__email"))
    seed()
    assert counts() == before
    assert set(Teacher.objects.values_list("trn", "first_name", "user__email")) == trns


def test_second_run_creates_no_events(db):
    seed_demo(today=TODAY)
    before = (Event.objects.count(), EventInvitation.objects.count(), EventNotice.objects.count())
    states = set(EventInvitation.objects.values_list("email", "event__title", "email_state", "response", "place"))
    assert seed_demo_events(today=TODAY, hub_staff=None) == 0
    assert seed_demo(today=TODAY).events_created == 0
    assert (Event.objects.count(), EventInvitation.objects.count(), EventNotice.objects.count()) == before
    assert set(EventInvitation.objects.values_list("email", "event__title", "email_state", "response", "place")) == states
