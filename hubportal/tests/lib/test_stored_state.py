"""The nightly check of every stored state (hubportal.lib.stored_state): the task and the command over all of them."""

import pytest
from django.core.management import call_command

from appropriate_body.assessments import assessments as reports
from appropriate_body.models import Assessment, AssessmentKind, InductionPeriod
from appropriate_body.tests.factories import NOW, claimed, first, written
from hubportal.tasks import STORED_STATES, check_stored_states
from participants.models import ECTAtSchoolPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_induction(school_a, tutor_a, ab_staff):
    """An ECT in induction, their claim accepted, with a progress review submitted and waiting for the AB."""
    period = claimed(school_a, tutor_a, ab_staff)
    reports.submit(written(first(period, AssessmentKind.PROGRESS_REVIEW), tutor_a), actor=tutor_a, now=NOW)
    return period


def drift_one_of_each(period: InductionPeriod) -> tuple[int, int, int]:
    """Each stored value changed behind the domain's back, as a hand-edited row or a restore would leave it."""
    ECTAtSchoolPeriod.objects.filter(pk=period.ect_period_id).update(has_live_claim=False)
    InductionPeriod.objects.filter(pk=period.pk).update(paused=True)
    waiting = Assessment.objects.get(induction_period=period, awaiting_review_since__isnull=False)
    Assessment.objects.filter(pk=waiting.pk).update(awaiting_review_since=None)
    return period.ect_period_id, period.pk, waiting.pk


def test_every_stored_state_is_checked():
    assert [state.name for state in STORED_STATES] == ["claim state", "induction state", "review state"]


def test_the_nightly_task_corrects_each_state_and_counts_by_name(in_induction):
    drift_one_of_each(in_induction)
    assert check_stored_states() == {"claim state": 1, "induction state": 1, "review state": 1}
    assert check_stored_states() == {"claim state": 0, "induction state": 0, "review state": 0}
    assert all(not state.drifted().exists() for state in STORED_STATES)


def test_the_command_says_what_it_corrected_in_each(in_induction, capsys):
    ect_period, induction_period, report = drift_one_of_each(in_induction)
    call_command("check_stored_state")
    assert capsys.readouterr().out == (f"claim state: corrected 1 ECT period(s); the first: [{ect_period}]\n"
                                       f"induction state: corrected 1 induction period(s); the first: [{induction_period}]\n"
                                       f"review state: corrected 1 report(s); the first: [{report}]\n")
    call_command("check_stored_state")
    assert capsys.readouterr().out == "claim state: none drifted\ninduction state: none drifted\nreview state: none drifted\n"
