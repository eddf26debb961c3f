import pytest

from programmes.evaluations.evaluations import open_evaluation
from programmes.models import Evaluation
from programmes.tests.factories import past_event, this_year


@pytest.fixture
def held(db):
    """The mentor conference held three days ago."""
    return past_event()


@pytest.fixture
def event_evaluation(held, hub_staff):
    return open_evaluation(Evaluation.Kind.EVENT, event=held, actor=hub_staff)


@pytest.fixture
def schools_evaluation(hub_staff):
    return open_evaluation(Evaluation.Kind.SCHOOLS, academic_year=this_year(), actor=hub_staff)
