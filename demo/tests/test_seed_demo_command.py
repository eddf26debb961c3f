"""Running `manage.py seed_demo` itself: on an empty database, twice, with --if-empty or --gias, and the DEBUG guard.

Each test here needs a database no seed has touched, so none shares the module-wide demo hub
(demo/tests/conftest.py): each seeds for itself. A second run over a seeded hub: test_seed_demo_again.py;
what the hub holds: test_seed_demo.py.
"""

from datetime import date

import pytest
from django.core.management import CommandError

from demo.tests.tables import counts
from participants.models import User

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _demo_mode(settings):
    # seed_demo only runs in DEBUG: its logins have published passwords and TOTP secrets.
    settings.DEBUG = True


def test_schools_outside_the_extract_get_no_tutor(school_a, seed):
    seed()
    assert not school_a.role_assignments.exists()


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
