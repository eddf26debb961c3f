"""Personal data goes; the hub's figures for past years stay exactly as they were."""

from datetime import date

import pytest

from privacy.retention.job import apply_retention
from programmes.insight import figures as insight
from programmes.models import Enrolment, EventInvitation
from programmes.tests.factories import aware, build_world

YEAR = 2025


@pytest.mark.django_db
def test_the_insight_figures_for_a_past_year_do_not_change_when_its_personal_data_goes():
    world = build_world(YEAR, event_day=date(2025, 11, 20), scale=2)
    now = aware(date(2026, 9, 30))
    before = {key: insight.table_rows(make()) for key, make in insight.hub_tables(world.year, now=now).items()}
    school = world.hot[0]
    before_school = {key: insight.table_rows(make()) for key, make in insight.school_tables(world.year, school, now=now).items()}

    # Ten years on, every rule has reached every record of that year.
    done = apply_retention(date(2036, 1, 1))

    assert done["event_invitations"] == EventInvitation.objects.count() > 0
    assert done["enrolments"] == Enrolment.objects.exclude(status__in=["active", "nominated", "deferred"]).count() > 0
    assert not EventInvitation.objects.exclude(email__endswith="@example.invalid").exists()
    after = {key: insight.table_rows(make()) for key, make in insight.hub_tables(world.year, now=now).items()}
    after_school = {key: insight.table_rows(make()) for key, make in insight.school_tables(world.year, school, now=now).items()}
    assert after == before
    assert after_school == before_school
