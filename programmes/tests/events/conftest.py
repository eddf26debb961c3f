import pytest

from programmes.models import Event, EventKind
from programmes.tests.events.days import in_days


@pytest.fixture
def conference(hub_staff):
    """A Year 1 welcome conference a month away, for 100, with no one invited yet."""
    return Event.objects.create(
        title="ECT Welcome Conference: Year 1", kind=EventKind.ECT_WELCOME_Y1, venue="Kingsholm, Gloucester",
        starts_at=in_days(30), ends_at=in_days(30, 16), capacity=100, created_by=hub_staff,
    )


@pytest.fixture
def staff_client(client, hub_staff):
    client.force_login(hub_staff)
    return client
