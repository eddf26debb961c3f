import pytest

from programmes.tests.factories import EventFactory


@pytest.fixture
def event(facilitator):
    """The conference under way (its register open), with the cast's facilitator running it."""
    return EventFactory(facilitators=[facilitator])
