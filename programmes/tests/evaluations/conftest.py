import pytest

from programmes.evaluations.evaluations import open_survey
from programmes.models import Survey
from programmes.tests.factories import past_event, this_year


@pytest.fixture
def held(db):
    """The mentor conference held three days ago."""
    return past_event()


@pytest.fixture
def event_survey(held, hub_staff):
    return open_survey(Survey.Kind.EVENT, event=held, actor=hub_staff)


@pytest.fixture
def schools_survey(hub_staff):
    return open_survey(Survey.Kind.SCHOOLS, academic_year=this_year(), actor=hub_staff)
