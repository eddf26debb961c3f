"""Checking, accepting and rejecting claims: one test per rule a claim can break (domain-rules.md §10)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appropriate_body.claims.claims import RecordCheck, accept_claim, claim_blockers, reject_claim, start_scheduled_claims
from appropriate_body.models import Claim, Induction, InductionPeriod
from appropriate_body.tests.factories import GOOD
from participants.models import WorkingPattern
from participants.tests.factories import SchoolFactory
from registration.tests.factories import register

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 10)


@pytest.fixture
def claim(school_a, tutor_a):
    return register(school_a, tutor_a, first_name="Ada", last_name="Lovelace").claims.get()


def messages_of(raised) -> dict:
    return raised.value.message_dict


def check(**changes) -> RecordCheck:
    return RecordCheck(**{**GOOD.__dict__, **changes})


def test_a_good_claim_opens_an_induction_period_on_the_start_date(claim, ab_staff):
    accepted = accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY)
    assert (accepted.status, accepted.induction_start_date, accepted.decided_by) == (Claim.Status.ACCEPTED, date(2026, 9, 1), ab_staff)
    assert (accepted.qts_awarded_on, accepted.trs_induction_status, accepted.checked_by) == (GOOD.qts_awarded_on, GOOD.induction_status, ab_staff)
    period = InductionPeriod.objects.get()
    assert (period.started_on, period.finished_on, period.school, period.claim) == (date(2026, 9, 1), None, claim.ect_period.school, accepted)
    assert (period.fte, period.training_programme, period.number_of_terms) == (Decimal(1), claim.training_programme, None)
    assert period.induction.teacher == claim.ect_period.teacher
    assert period.history.get().history_user == ab_staff


def test_a_part_timer_period_takes_their_fte(school_a, tutor_a, ab_staff):
    claim = register(school_a, tutor_a, working_pattern=WorkingPattern.PART_TIME, fte=Decimal("0.6")).claims.get()
    accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY)
    assert InductionPeriod.objects.get().fte == Decimal("0.60")


@pytest.mark.parametrize("status", ["Passed", "Failed", "FailedInWales", "Exempt"])
def test_elig_007_an_ineligible_induction_status_blocks_the_claim(claim, ab_staff, status):
    with pytest.raises(ValidationError) as refused:
        accept_claim(claim, check(induction_status=status), start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY)
    assert "so they cannot be claimed" in messages_of(refused)["induction_status"][0]
    assert not InductionPeriod.objects.exists()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING and claim.checked_at is None


@pytest.mark.parametrize("status", ["None", "RequiredToComplete", "InProgress"])
def test_elig_007_a_claimable_induction_status_passes(claim, status):
    assert claim_blockers(claim, check(induction_status=status), start_date=date(2026, 9, 1), induction=None) == []


def test_elig_008_an_active_prohibition_blocks_the_claim(claim):
    [blocker] = claim_blockers(claim, check(has_active_prohibition=True), start_date=date(2026, 9, 1), induction=None)
    assert blocker.rule_id == "ELIG-008" and blocker.field == "has_active_prohibition"


def test_elig_003_no_qts_blocks_the_claim(claim):
    [blocker] = claim_blockers(claim, check(qts_awarded_on=None), start_date=date(2026, 9, 1), induction=None)
    assert (blocker.rule_id, blocker.message) == ("ELIG-003", "The teacher record shows no QTS award, so induction cannot start")


def test_elig_004_a_start_before_the_qts_date_is_refused_and_on_the_day_is_fine(claim):
    [blocker] = claim_blockers(claim, check(qts_awarded_on=date(2026, 9, 2)), start_date=date(2026, 9, 1), induction=None)
    assert (blocker.rule_id, blocker.message) == ("ELIG-004", "Start date cannot be before QTS award date (2 September 2026)")
    assert claim_blockers(claim, check(qts_awarded_on=date(2026, 9, 1)), start_date=date(2026, 9, 1), induction=None) == []


def test_regn_006_an_ect_held_by_another_ab_must_be_released_first(claim):
    [blocker] = claim_blockers(claim, check(other_appropriate_body="Forest TSH"), start_date=date(2026, 9, 1), induction=None)
    assert blocker.message == "Forest TSH holds this ECT's induction: they must release the ECT first"


def test_regn_006_an_ect_already_held_by_this_hub_cannot_be_claimed_again(claim, school_b, tutor_b, ab_staff):
    accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY)
    teacher = claim.ect_period.teacher
    # The same teacher registered at a second school while the first period is open.
    second = Claim.objects.create(ect_period=claim.ect_period, proposed_start_date=date(2026, 9, 5),
                                  training_programme=claim.training_programme, status=Claim.Status.WITHDRAWN)
    blockers = claim_blockers(second, GOOD, start_date=date(2026, 9, 5), induction=teacher.induction)
    assert [(b.rule_id, b.message) for b in blockers] == [("REGN-006", "The hub already has an open induction period for this ECT")]


def test_regn_007_the_start_must_be_after_the_last_finished_period(claim, ab_staff):
    induction = Induction.objects.create(teacher=claim.ect_period.teacher)
    InductionPeriod.objects.create(induction=induction, school=SchoolFactory(), started_on=date(2025, 9, 1), finished_on=date(2026, 3, 31),
                                   number_of_terms=Decimal("2.0"), training_programme="provider_led", other_appropriate_body="Forest TSH")
    qualified = check(qts_awarded_on=date(2025, 7, 1))
    [blocker] = claim_blockers(claim, qualified, start_date=date(2026, 3, 31), induction=induction)
    assert (blocker.rule_id, blocker.message) == ("REGN-007", "Enter a start date after the last induction period finished (31 March 2026)")
    # RIAB-005: ranges are inclusive, so the day after is the first day that does not overlap.
    assert claim_blockers(claim, qualified, start_date=date(2026, 4, 1), induction=induction) == []


def test_elig_005_an_induction_with_an_outcome_cannot_restart(claim):
    induction = Induction.objects.create(teacher=claim.ect_period.teacher)
    InductionPeriod.objects.create(induction=induction, school=SchoolFactory(), started_on=date(2023, 9, 1), finished_on=date(2025, 7, 20),
                                   number_of_terms=Decimal("6.0"), training_programme="provider_led", outcome="fail",
                                   fail_confirmation_sent_on=date(2025, 7, 22))
    assert "ELIG-005" in [b.rule_id for b in claim_blockers(claim, GOOD, start_date=date(2026, 9, 1), induction=induction)]


def test_ind_005_a_start_before_september_2021_is_refused_and_the_first_is_accepted(claim):
    old = check(qts_awarded_on=date(2021, 7, 1))
    [blocker] = claim_blockers(claim, old, start_date=date(2021, 8, 31), induction=None)
    assert (blocker.rule_id, blocker.message) == ("IND-005", "Induction start date must be on or after 1 September 2021")
    assert claim_blockers(claim, old, start_date=date(2021, 9, 1), induction=None) == []


def test_ab_004_the_hubs_own_itt_trainee_cannot_be_claimed(claim, settings):
    settings.HUB_ITT_PROVIDER_UKPRNS = frozenset({"10012345"})
    [blocker] = claim_blockers(claim, check(itt_provider_ukprn="10012345"), start_date=date(2026, 9, 1), induction=None)
    assert blocker.rule_id == "AB-004" and "ITT provider" in blocker.message
    assert claim_blockers(claim, check(itt_provider_ukprn="10099999"), start_date=date(2026, 9, 1), induction=None) == []


def test_ab_005_an_ect_who_served_at_the_lead_school_cannot_be_claimed(claim, settings, school_b, tutor_a):
    settings.HUB_LEAD_SCHOOL_URN = school_b.urn
    assert claim_blockers(claim, GOOD, start_date=date(2026, 9, 1), induction=None) == []
    # Any spell at the lead school counts, even one that has finished.
    lead_claim = register(school_b, tutor_a).claims.get()
    [blocker] = claim_blockers(lead_claim, GOOD, start_date=date(2026, 9, 1), induction=None)
    assert blocker.rule_id == "AB-005"


def test_every_blocker_is_reported_at_once_on_its_field(claim, ab_staff):
    bad = RecordCheck(qts_awarded_on=None, induction_status="Exempt", has_active_prohibition=True, other_appropriate_body="Forest TSH")
    with pytest.raises(ValidationError) as refused:
        accept_claim(claim, bad, start_date=date(2021, 1, 4), actor=ab_staff, today=TODAY)
    assert set(messages_of(refused)) == {"qts_awarded_on", "induction_status", "has_active_prohibition", "other_appropriate_body", "start_date"}


def test_a_future_start_is_scheduled_and_opens_on_the_day(claim, ab_staff):
    scheduled = accept_claim(claim, GOOD, start_date=date(2026, 9, 14), actor=ab_staff, today=TODAY)
    assert scheduled.status == Claim.Status.SCHEDULED and not InductionPeriod.objects.exists()
    assert start_scheduled_claims(today=date(2026, 9, 13)) == []
    [started] = start_scheduled_claims(today=date(2026, 9, 14))
    assert started.status == Claim.Status.ACCEPTED
    assert InductionPeriod.objects.get().started_on == date(2026, 9, 14)
    # Running again starts nothing twice.
    assert start_scheduled_claims(today=date(2026, 9, 15)) == []
    assert InductionPeriod.objects.count() == 1


def test_a_scheduled_claim_that_can_no_longer_start_goes_back_to_pending_with_the_reason(claim, ab_staff):
    accept_claim(claim, GOOD, start_date=date(2026, 9, 14), actor=ab_staff, today=TODAY)
    induction = Induction.objects.get()
    InductionPeriod.objects.create(induction=induction, school=SchoolFactory(), started_on=date(2026, 9, 1), training_programme="provider_led",
                                   other_appropriate_body="Forest TSH")
    assert start_scheduled_claims(today=date(2026, 9, 14)) == []
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    assert claim.status_reason.startswith("Could not start on the day: The hub already has an open induction period")


def test_a_claim_is_decided_once(claim, ab_staff):
    accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY)
    with pytest.raises(ValidationError, match="already accepted"):
        accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY)
    with pytest.raises(ValidationError, match="already accepted"):
        reject_claim(claim, reason="Changed our mind", actor=ab_staff)
    assert InductionPeriod.objects.count() == 1


def test_a_rejection_needs_a_reason_the_school_will_read(claim, ab_staff):
    with pytest.raises(ValidationError) as refused:
        reject_claim(claim, reason="  ", actor=ab_staff)
    assert messages_of(refused) == {"reason": ["Enter the reason, which the school will see"]}
    rejected = reject_claim(claim, reason="The school uses another appropriate body", actor=ab_staff)
    assert (rejected.status, rejected.status_reason, rejected.decided_by) == (Claim.Status.REJECTED, "The school uses another appropriate body", ab_staff)


def test_the_daily_task_starts_the_days_claims(claim, ab_staff, monkeypatch):
    from appropriate_body.claims.tasks import start_scheduled_claims as task

    accept_claim(claim, GOOD, start_date=date(2026, 9, 14), actor=ab_staff, today=TODAY)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 9, 14))
    assert task() == 1 and task() == 0
    assert InductionPeriod.objects.get().claim == claim
