"""The claim state stored on ECT periods (appropriate_body.claims.state): kept by the claim functions, checked nightly."""

import pytest

from appropriate_body.claims.claims import reject_claim
from appropriate_body.claims.state import CLAIM_STATE, drifted_periods, refresh_claim_state
from hubportal.tests.stored_state import assert_check_corrects
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

    assert_check_corrects(CLAIM_STATE, [pending.pk, rejected.pk], caplog)
    assert (claim_state(pending), claim_state(rejected)) == ((True, True), (False, False))


def test_refreshing_no_periods_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert refresh_claim_state([]) == 0
