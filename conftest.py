"""The fixed cast every test can use, and the rule that CI never skips a service test.

The cast: hub staff (with TOTP), AB staff (with TOTP), an induction tutor at
school A, one at school B, an ECT, a mentor, an NPQ participant, an ITT trainee,
a facilitator, a signed-in person with no role, and anonymous.

Under pytest-xdist on PostgreSQL, the processes' test databases are copies of one migrated
template (tests/databases.py).
"""

import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from participants.tests.factories import Role, SchoolFactory, add_totp, user_with_role
from tests.databases import copy_from_template

SERVICE_MARKERS = ("postgres", "redis", "worker", "browser")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # A service test that skips in CI would hide a missing service: fail it instead.
    report = yield
    if in_ci() and report.skipped and any(item.get_closest_marker(m) for m in SERVICE_MARKERS):
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} needs a service but was skipped while CI=true: {report.longrepr}"
    return report


def _uses_no_database(item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is None and not {"db", "transactional_db", "live_server"} & set(fixtures)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # After pytest-django's order (tests with no database last): the slow tests that need no database go
    # first instead, so under xdist one process runs them while another migrates the test database,
    # and none is left running alone at the end of the run.
    first = [item for item in items if item.get_closest_marker("slow") and _uses_no_database(item)]
    items[:] = first + [item for item in items if item not in first]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, django_db_blocker, django_db_keepdb, django_db_createdb,
    django_db_use_migrations,
):
    # pytest-django's hook for changing the test database's settings before it is created.
    worker = getattr(request.config, "workerinput", None)
    reusing = django_db_keepdb and not django_db_createdb
    if worker and connection.vendor == "postgresql" and django_db_use_migrations and not reusing:
        with django_db_blocker.unblock():
            copy_from_template(worker=worker["workerid"], run_id=worker["testrunuid"])


# Session-scoped, so fixtures of any scope (demo/tests' module-wide seed) build under the same rules as tests.
@pytest.fixture(autouse=True, scope="session")
def _celery_runs_tasks_in_process():
    """Unit tests run queued tasks in the test process; tests/integration use a real worker instead."""
    from hubportal.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # The production hasher is slow on purpose; the cast alone would cost seconds per test.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits count in the cache; one test's failed logins must not lock out the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def broker_down():
    """The broker cannot be reached (Redis stopped): every task handed over fails, as in production."""
    from tests.brokers import broker_down as unreachable

    with unreachable() as url:
        yield url


@pytest.fixture
def files_in_memory(settings):
    """Stored files (certificate PDFs, evidence) kept in memory for the test instead of under var/."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


@pytest.fixture
def as_user(client):
    """`as_user(person).get(url)`: the test client, signed in as that person; `as_user(None)` signs out."""

    def signed_in_as(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return signed_in_as


@pytest.fixture
def school_a(db):
    return SchoolFactory(urn=110001, name="Alder Primary School")


@pytest.fixture
def school_b(db):
    return SchoolFactory(urn=110002, name="Birch Academy")


@pytest.fixture
def hub_staff(db):
    user = user_with_role(Role.HUB_STAFF, email="hub.staff@example.org", first_name="Hana", last_name="Hub")
    add_totp(user)
    return user


@pytest.fixture
def ab_staff(db):
    user = user_with_role(Role.AB_STAFF, email="ab.staff@example.org", first_name="Abel", last_name="Body")
    add_totp(user)
    return user


@pytest.fixture
def tutor_a(school_a):
    return user_with_role(Role.INDUCTION_TUTOR, school=school_a, email="tutor.a@example.org", first_name="Tara", last_name="Tutor")


@pytest.fixture
def tutor_b(school_b):
    return user_with_role(Role.INDUCTION_TUTOR, school=school_b, email="tutor.b@example.org", first_name="Toby", last_name="Tutor")


@pytest.fixture
def headteacher_a(school_a):
    return user_with_role(Role.HEADTEACHER, school=school_a, email="head.a@example.org", first_name="Hattie", last_name="Head")


@pytest.fixture
def ect(db):
    return user_with_role(Role.ECT, email="ect@example.org", first_name="Erin", last_name="Early")


@pytest.fixture
def mentor(db):
    return user_with_role(Role.MENTOR, email="mentor@example.org", first_name="Mo", last_name="Mentor")


@pytest.fixture
def npq_participant(db):
    return user_with_role(Role.NPQ_PARTICIPANT, email="npq@example.org", first_name="Nia", last_name="Leader")


@pytest.fixture
def itt_trainee(db):
    return user_with_role(Role.ITT_TRAINEE, email="trainee@example.org", first_name="Theo", last_name="Trainee")


@pytest.fixture
def facilitator(db):
    return user_with_role(Role.FACILITATOR, email="facilitator@example.org", first_name="Fay", last_name="Cilitator")


@pytest.fixture
def no_role_user(db):
    from participants.tests.factories import UserFactory

    return UserFactory(email="nobody@example.org")


@pytest.fixture
def cast(hub_staff, ab_staff, tutor_a, tutor_b, headteacher_a, ect, mentor, npq_participant, itt_trainee, facilitator, no_role_user):
    """Every role by name; `None` is the anonymous visitor."""
    return {
        "anonymous": None,
        "hub_staff": hub_staff,
        "ab_staff": ab_staff,
        "tutor_a": tutor_a,
        "tutor_b": tutor_b,
        "headteacher_a": headteacher_a,
        "ect": ect,
        "mentor": mentor,
        "npq_participant": npq_participant,
        "itt_trainee": itt_trainee,
        "facilitator": facilitator,
        "no_role": no_role_user,
    }
