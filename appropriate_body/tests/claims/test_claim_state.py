"""The claim state stored on ECT periods (appropriate_body.claims.state): kept by the claim functions, checked nightly."""

import logging

import pytest
from django.core.management import call_command

from appropriate_body.claims.claims import reject_claim
from appropriate_body.claims.state import check_claim_state, drifted_periods, refresh_claim_state
from appropriate_body.claims.tasks import check_claim_state as check_claim_state_task
from participants.models import ECTAtSchoolPeriod
from registration.tests.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(school_a, tutor_a, ab_staff):
    pending = register(school_a, tutor_a, last_name="Pending")
    rejected = register(school_a, tutor_a, last_name="Rejected")
    reject_claim(rejected.claims.get(), reason="No QTS on the teacher record", actor=ab_staff)
    return pending, rejected


def claim_state(period) -> tuple[bool, bool]:
    period.refresh_from_db()
    return period.has_live_claim, period.claim_pending


def test_opening_and_rejecting_a_claim_keep_the_period_state(periods):
    pending, rejected = periods
    assert claim_state(pending) == (True, True)
    assert claim_state(rejected) == (False, False)


def test_the_nightly_check_reports_drift_and_corrects_it(periods, caplog):
    pending, rejected = periods
    # Drift as a claim changed by hand in the database would leave it.
    ECTAtSchoolPeriod.objects.filter(pk=pending.pk).update(has_live_claim=False)
    ECTAtSchoolPeriod.objects.filter(pk=rejected.pk).update(claim_pending=True)
    assert set(drifted_periods().values_list("pk", flat=True)) == {pending.pk, rejected.pk}

    with caplog.at_level(logging.WARNING, logger="appropriate_body.claims.state"):
        assert check_claim_state() == sorted([pending.pk, rejected.pk])

    [record] = [r for r in caplog.records if r.name == "appropriate_body.claims.state"]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (f"Stored claim state had drifted on 2 ECT period(s), now corrected; "
                                   f"the first: {sorted([pending.pk, rejected.pk])}")
    assert (claim_state(pending), claim_state(rejected)) == ((True, True), (False, False))
    assert not drifted_periods().exists()


def test_the_nightly_task_finds_nothing_when_nothing_drifted(periods, caplog):
    with caplog.at_level(logging.WARNING, logger="appropriate_body.claims.state"):
        assert check_claim_state_task() == 0
    assert not [r for r in caplog.records if r.name == "appropriate_body.claims.state"]


def test_the_command_corrects_and_says_how_many(periods, capsys):
    pending, _ = periods
    ECTAtSchoolPeriod.objects.filter(pk=pending.pk).update(has_live_claim=False, claim_pending=False)
    call_command("check_claim_state")
    assert capsys.readouterr().out == f"Corrected 1 ECT period(s); the first: [{pending.pk}]\n"
    assert claim_state(pending) == (True, True)
    call_command("check_claim_state")
    assert capsys.readouterr().out == "Every ECT period's claim state matches its claims.\n"


def test_refreshing_no_periods_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert refresh_claim_state([]) == 0
