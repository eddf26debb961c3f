"""The demo hub, built once per test module and rolled back after it.

Seeding takes seconds and most demo tests only read what it built, so a module that
uses `demo` seeds once: inside a transaction held open for the whole module and rolled
back at its end. Each test's own `db` transaction nests in it as a savepoint, so what a
test changes is undone before the next one starts. A module that uses `demo` says how to
seed with a module-scoped `build_demo` fixture (a callable).

Tests about seeding itself (a second run, --if-empty, the DEBUG guard) need a database the
seed has not touched: they live in test_seed_demo_command.py, which does not use `demo`.
A test that needs `transactional_db` (or live_server) cannot share the seed either: put it
in a module of its own. The seed builds under the root conftest's session-wide rules (fast
password hashing, tasks run in-process), but the cache is cleared around every test, so no test
may rely on anything the seed left in the cache.
"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


def run_seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="session")
def seed():
    """`seed("--if-empty")`: run manage.py seed_demo with those arguments and return what it printed."""
    return run_seed_demo


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def module_demo(build_demo, django_db_setup, django_db_blocker, tmp_path_factory):
    """(what `build_demo` returned, the row count of every table just after it)."""
    # The demo renders its logins' certificates: keep those files out of the shared var/ directory.
    media = override_settings(DEBUG=True, MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"))
    module_transaction = transaction.atomic()
    media.enable()
    try:
        with django_db_blocker.unblock():
            module_transaction.__enter__()
            try:
                built = build_demo()
                counts = row_counts()
            except BaseException:
                transaction.set_rollback(True)
                module_transaction.__exit__(None, None, None)
                raise
        yield built, counts
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
    finally:
        media.disable()


@pytest.fixture
def demo(module_demo, db):
    """The module's demo hub (what `build_demo` returned), as the seed left it."""
    built, counts = module_demo
    # A leak between tests would make later tests pass or fail by their order: refuse to start on one.
    assert row_counts() == counts, "an earlier test's changes to the demo hub were not rolled back"
    return built
