"""A second `seed_demo` over the demo hub changes nothing: no people, registrations or events twice.

The first run is the module's (demo/tests/conftest.py); each test makes the second run inside its own
transaction, so each sees the hub as the first run left it.
"""

import pytest
from django.utils import timezone

from demo.events import seed_demo_events
from demo.hub import seed_demo
from demo.tests.tables import counts
from participants.models import Teacher, User
from programmes.models import Event, EventInvitation, EventNotice


@pytest.fixture(autouse=True)
def _demo_mode(settings):
    # seed_demo only runs in DEBUG: its logins have published passwords and TOTP secrets.
    settings.DEBUG = True


@pytest.fixture(scope="module")
def build_demo(seed):
    return seed


@pytest.fixture
def seeded(demo) -> None:
    return demo


def test_running_twice_changes_nothing(seeded, seed):
    before = counts()
    names = dict(User.objects.values_list("email", "first_name"))
    second = seed()
    assert counts() == before
    assert dict(User.objects.values_list("email", "first_name")) == names
    assert "Schools: Created 0, updated 0, unchanged 320, skipped 0" in second
    assert "People: 0 created, 0 roles granted, 0 TOTP authenticators set up." in second


def test_second_run_creates_no_registrations(seeded, seed):
    before = counts()
    trns = set(Teacher.objects.values_list("trn", "first_name", "user__email"))
    seed()
    assert counts() == before
    assert set(Teacher.objects.values_list("trn", "first_name", "user__email")) == trns


def test_second_run_creates_no_events(seeded):
    before = (Event.objects.count(), EventInvitation.objects.count(), EventNotice.objects.count())
    states = set(EventInvitation.objects.values_list("email", "event__title", "email_state", "response", "place"))
    today = timezone.localdate()  # the day the module's first run seeded for
    assert seed_demo_events(today=today, hub_staff=None) == 0
    assert seed_demo(today=today).events_created == 0
    assert (Event.objects.count(), EventInvitation.objects.count(), EventNotice.objects.count()) == before
    assert set(EventInvitation.objects.values_list("email", "event__title", "email_state", "response", "place")) == states
