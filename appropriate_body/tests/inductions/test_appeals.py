"""Appeals against an extend or fail decision: each refusal, the clocks (DL-009..DL-013), TRA's outcomes (DL-015, EXT-003), history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from appropriate_body.inductions.appeals import out_of_time, record_appeal, record_appeal_outcome, record_appeal_response
from appropriate_body.inductions.decisions import deadlines_for, record_completion, record_decision, record_notices, record_recommendation
from appropriate_body.inductions.todo import todo_list
from appropriate_body.models import Appeal
from appropriate_body.tests.factories import claimed

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)
# §2.11's worked example: decision Fri 19 Dec 2025, notices emailed Tue 23 Dec 2025, so the
# ECT is deemed to receive them on Thu 25 Dec and may appeal until Mon 26 Jan 2026 (DL-009, DL-010).
DECIDED, NOTICES, WINDOW_ENDS = date(2025, 12, 19), date(2025, 12, 23), date(2026, 1, 26)


@pytest.fixture
def completion(school_a, tutor_a, ab_staff):
    induction = claimed(school_a, tutor_a, ab_staff, year=2023).induction
    completion = record_completion(induction, completed_on=date(2025, 7, 18), actor=ab_staff, today=TODAY)
    return record_recommendation(completion, recommendation="unsatisfactory", received_on=date(2025, 12, 1), actor=ab_staff, today=TODAY)


def decide(completion, actor, decision="fail", *, notices=True):
    if decision == "extend":
        record_decision(completion, decision="extend", decided_on=DECIDED, reason="Illness in the final term", number_of_terms="6",
                        extension_terms="2", actor=actor, today=TODAY)
    else:
        record_decision(completion, decision=decision, decided_on=DECIDED, reason="Standards not met", number_of_terms="6",
                        fail_confirmation_sent_on=NOTICES, actor=actor, today=TODAY)
    if notices:
        record_notices(completion, sent_on=NOTICES, method="email", actor=actor, today=TODAY)
    completion.refresh_from_db()
    return completion


@pytest.fixture
def failed(completion, ab_staff):
    return decide(completion, ab_staff)


@pytest.fixture
def appeal(failed, ab_staff):
    # The same dates as §2.11's 20-working-day worked example (received Mon 30 Mar 2026 → due Tue 28 Apr 2026).
    return record_appeal(failed, copy_received_on=date(2026, 3, 30), lodged_on=date(2026, 1, 20), actor=ab_staff, today=TODAY)


def states(completion, today=TODAY):
    completion = type(completion).objects.get(pk=completion.pk)
    return [(d.deadline.rule_id, d.deadline.due_on, d.status.state if d.status else None) for d in deadlines_for(completion, today=today)]


def test_an_appeal_needs_an_extend_or_fail_decision(completion, ab_staff):
    with pytest.raises(ValidationError, match="Only a decision to extend or fail can be appealed"):
        record_appeal(completion, copy_received_on=date(2026, 1, 5), lodged_on=None, actor=ab_staff, today=TODAY)
    passed = decide(completion, ab_staff, "pass")
    with pytest.raises(ValidationError, match="Only a decision to extend or fail can be appealed"):
        record_appeal(passed, copy_received_on=date(2026, 1, 5), lodged_on=None, actor=ab_staff, today=TODAY)
    assert not Appeal.objects.exists()


def test_dl_009_an_appeal_needs_the_notices_first(completion, ab_staff):
    undecided_notices = decide(completion, ab_staff, notices=False)
    with pytest.raises(ValidationError, match="Record the notices of the decision first"):
        record_appeal(undecided_notices, copy_received_on=date(2026, 1, 5), lodged_on=None, actor=ab_staff, today=TODAY)


def test_one_appeal_per_decision(appeal, ab_staff):
    with pytest.raises(ValidationError, match="An appeal against this decision is already recorded"):
        record_appeal(appeal.completion, copy_received_on=date(2026, 4, 1), lodged_on=None, actor=ab_staff, today=TODAY)


@pytest.mark.parametrize("copy_received_on, lodged_on, errors", [
    (date(2026, 7, 1), None, {"copy_received_on": ["The date TRA's copy arrived cannot be in the future"]}),
    (date(2025, 12, 22), None, {"copy_received_on": ["TRA's copy cannot arrive before the notices were sent (23 December 2025)"]}),
    (date(2026, 1, 5), date(2026, 7, 1), {"lodged_on": ["The date the ECT appealed cannot be in the future"]}),
    (date(2026, 1, 5), date(2025, 12, 22), {"lodged_on": ["The ECT cannot appeal before the notices were sent (23 December 2025)"]}),
    (date(2026, 1, 5), date(2026, 1, 6), {"lodged_on": ["The ECT must have appealed on or before the day TRA's copy arrived"]}),
])
def test_appeal_dates_are_checked(failed, ab_staff, copy_received_on, lodged_on, errors):
    with pytest.raises(ValidationError) as refused:
        record_appeal(failed, copy_received_on=copy_received_on, lodged_on=lodged_on, actor=ab_staff, today=TODAY)
    assert refused.value.message_dict == errors
    assert not Appeal.objects.exists()


def test_dl_011_the_abs_reply_runs_from_tras_copy(appeal, ab_staff):
    # 20 working days beginning Mon 30 Mar 2026, skipping Good Friday (3 Apr) and Easter Monday (6 Apr).
    assert states(appeal.completion, today=date(2026, 4, 1))[-2:] == [("DL-009", WINDOW_ENDS, None), ("DL-011", date(2026, 4, 28), "due")]
    assert states(appeal.completion, today=date(2026, 4, 29))[-1] == ("DL-011", date(2026, 4, 28), "overdue")
    record_appeal_response(appeal, sent_on=date(2026, 4, 27), defends=True, oral_hearing_requested=True,
                           summary="Defended: the final assessment report and the support plan.", actor=ab_staff, today=TODAY)
    assert states(appeal.completion)[-1] == ("DL-011", date(2026, 4, 28), "done")


def test_dl_011_over_the_christmas_bank_holidays(failed, ab_staff):
    # Copy received Wed 24 Dec 2025: 25 and 26 Dec and 1 Jan are not working days → due Fri 23 Jan 2026.
    appeal = record_appeal(failed, copy_received_on=date(2025, 12, 24), lodged_on=None, actor=ab_staff, today=TODAY)
    assert states(appeal.completion, today=date(2026, 1, 2))[-1] == ("DL-011", date(2026, 1, 23), "due")


def test_dl_009_an_appeal_after_the_window_is_recorded_and_flagged(failed, ab_staff):
    late = record_appeal(failed, copy_received_on=date(2026, 2, 2), lodged_on=date(2026, 1, 27), actor=ab_staff, today=TODAY)
    assert out_of_time(late).due_on == WINDOW_ENDS
    Appeal.objects.filter(pk=late.pk).update(lodged_on=WINDOW_ENDS)
    late.refresh_from_db()
    assert out_of_time(late) is None
    Appeal.objects.filter(pk=late.pk).update(lodged_on=None)
    late.refresh_from_db()
    assert out_of_time(late) is None


def test_dl_012_the_employers_clock_once_the_window_passes_with_no_appeal(failed):
    assert states(failed, today=WINDOW_ENDS)[-1] == ("DL-009", WINDOW_ENDS, None)
    # The time limit ends with Mon 26 Jan; 10 working days from Tue 27 Jan → Mon 9 Feb 2026.
    assert states(failed, today=date(2026, 1, 27))[-1] == ("DL-012", date(2026, 2, 9), None)


def test_dl_012_not_after_an_extension_nor_once_an_appeal_is_recorded(completion, ab_staff):
    extended = decide(completion, ab_staff, "extend")
    assert states(extended, today=date(2026, 3, 1))[-1] == ("DL-009", WINDOW_ENDS, None)
    record_appeal(extended, copy_received_on=date(2026, 1, 26), lodged_on=None, actor=ab_staff, today=TODAY)
    assert [rule for rule, _, _ in states(extended)] == ["DL-001", "DL-003", "DL-004", "DL-006", "DL-009", "DL-011"]


def test_dl_013_a_dismissed_appeal_starts_the_employers_clock(appeal, ab_staff):
    assert "DL-012" not in [rule for rule, _, _ in states(appeal.completion)]
    # Outcome received Thu 2 Apr 2026: skipping 3 and 6 April, the employer has until Fri 17 Apr 2026.
    record_appeal_outcome(appeal, outcome="dismissed", received_on=date(2026, 4, 2), terms=None, notes="", actor=ab_staff, today=TODAY)
    assert states(appeal.completion)[-1] == ("DL-013", date(2026, 4, 17), None)


def test_dl_013_not_after_a_dismissed_appeal_against_an_extension(completion, ab_staff):
    appeal = record_appeal(decide(completion, ab_staff, "extend"), copy_received_on=date(2026, 1, 5), lodged_on=None, actor=ab_staff, today=TODAY)
    record_appeal_outcome(appeal, outcome="dismissed", received_on=date(2026, 3, 2), terms=None, notes="", actor=ab_staff, today=TODAY)
    assert states(appeal.completion)[-1][0] == "DL-011"


@pytest.mark.parametrize("reply, errors", [
    ({"sent_on": date(2026, 7, 1)}, {"sent_on": ["The date the reply was sent cannot be in the future"]}),
    ({"sent_on": date(2026, 3, 27)}, {"sent_on": ["The reply cannot be sent before TRA's copy arrived (30 March 2026)"]}),
    ({"defends": None}, {"defends": ["Select whether the AB defends its decision"]}),
    ({"summary": "  "}, {"summary": ["Enter the AB's response to the grounds and the documents it relies on"]}),
    ({"defends": False, "summary": "", "oral_hearing_requested": True},
     {"oral_hearing_requested": ["The AB asks for an oral hearing only if it defends its decision"]}),
])
def test_dl_011_the_reply_is_checked(appeal, ab_staff, reply, errors):
    answer = {"sent_on": date(2026, 4, 20), "defends": True, "oral_hearing_requested": False, "summary": "Defended.", **reply}
    with pytest.raises(ValidationError) as refused:
        record_appeal_response(appeal, **answer, actor=ab_staff, today=TODAY)
    assert refused.value.message_dict == errors
    appeal.refresh_from_db()
    assert appeal.response_sent_on is None


def test_one_reply_and_none_after_the_outcome(appeal, ab_staff):
    record_appeal_response(appeal, sent_on=date(2026, 4, 20), defends=False, oral_hearing_requested=False, summary="",
                           actor=ab_staff, today=TODAY)
    with pytest.raises(ValidationError, match="The AB's reply to this appeal is already recorded"):
        record_appeal_response(appeal, sent_on=date(2026, 4, 21), defends=True, oral_hearing_requested=False, summary="Defended.",
                               actor=ab_staff, today=TODAY)
    other = Appeal.objects.get(pk=appeal.pk)
    Appeal.objects.filter(pk=appeal.pk).update(response_sent_on=None, defends=None, outcome="allowed", outcome_received_on=date(2026, 5, 1))
    with pytest.raises(ValidationError, match="TRA has already decided this appeal"):
        record_appeal_response(other, sent_on=date(2026, 4, 21), defends=True, oral_hearing_requested=False, summary="Defended.",
                               actor=ab_staff, today=TODAY)


@pytest.mark.parametrize("outcome, terms, received_on, errors", [
    ("upheld", None, date(2026, 5, 1), {"outcome": ["Select TRA's outcome"]}),
    ("extended", None, date(2026, 5, 1), {"terms": ["Enter the length of the extension TRA set, like 1.5"]}),
    ("extended", "1.25", date(2026, 5, 1), {"terms": ["Enter the extension in terms to one decimal place, like 1.5"]}),
    ("extended", "17", date(2026, 5, 1), {"terms": ["An extension must be between 0.1 and 16 terms"]}),
    ("extended", "0", date(2026, 5, 1), {"terms": ["An extension must be between 0.1 and 16 terms"]}),
    ("dismissed", "2", date(2026, 5, 1), {"terms": ["Enter a length only when TRA extended the induction"]}),
    ("allowed", None, date(2026, 7, 1), {"received_on": ["The date the outcome arrived cannot be in the future"]}),
    ("allowed", None, date(2026, 3, 29), {"received_on": ["The outcome cannot arrive before the appeal did (30 March 2026)"]}),
])
def test_dl_015_the_outcome_is_checked(appeal, ab_staff, outcome, terms, received_on, errors):
    with pytest.raises(ValidationError) as refused:
        record_appeal_outcome(appeal, outcome=outcome, received_on=received_on, terms=terms, notes="", actor=ab_staff, today=TODAY)
    assert refused.value.message_dict == errors
    appeal.refresh_from_db()
    assert appeal.outcome == ""


def test_dl_015_an_extension_on_appeal_against_a_fail_is_recorded_only(appeal, ab_staff):
    # ELIG-009: the outcome changes nothing in the induction; DfE reopens it by hand.
    done = record_appeal_outcome(appeal, outcome="extended", received_on=date(2026, 5, 1), terms="1.5", notes="Extended by TRA.",
                                 actor=ab_staff, today=TODAY)
    assert (done.outcome, done.outcome_terms, done.outcome_notes) == ("extended", Decimal("1.5"), "Extended by TRA.")
    induction = done.completion.induction
    assert [p.outcome for p in induction.periods.all()] == ["fail"] and not induction.extensions.exists()
    with pytest.raises(ValidationError, match="TRA's outcome of this appeal is already recorded"):
        record_appeal_outcome(done, outcome="allowed", received_on=date(2026, 5, 2), terms=None, notes="", actor=ab_staff, today=TODAY)


def test_ext_003_tra_substitutes_another_extension_length(completion, ab_staff):
    appeal = record_appeal(decide(completion, ab_staff, "extend"), copy_received_on=date(2026, 1, 5), lodged_on=date(2026, 1, 2),
                           actor=ab_staff, today=TODAY)
    done = record_appeal_outcome(appeal, outcome="extended", received_on=date(2026, 3, 2), terms=Decimal(1), notes="",
                                 actor=ab_staff, today=TODAY)
    assert done.outcome_terms == Decimal("1.0")
    # The AB's own extension stays as decided: the record follows TRA's outcome by hand.
    assert [e.terms for e in done.completion.induction.extensions.all()] == [Decimal("2.0")]


def test_every_step_is_in_the_history_with_its_actor(appeal, ab_staff, hub_staff):
    record_appeal_response(appeal, sent_on=date(2026, 4, 20), defends=True, oral_hearing_requested=False, summary="Defended.",
                           actor=hub_staff, today=TODAY)
    record_appeal_outcome(appeal, outcome="allowed", received_on=date(2026, 6, 1), terms=None, notes="", actor=ab_staff, today=TODAY)
    rows = list(appeal.history.order_by("history_date").values_list("history_type", "history_user", "response_sent_on", "outcome"))
    assert rows == [("+", ab_staff.pk, None, ""), ("~", hub_staff.pk, date(2026, 4, 20), ""), ("~", ab_staff.pk, date(2026, 4, 20), "allowed")]
    assert appeal.created_by == ab_staff


@pytest.mark.parametrize("change", [
    {"outcome": "dismissed", "outcome_received_on": None},
    {"response_sent_on": date(2026, 4, 20), "defends": None},
    {"defends": True},
    {"outcome": "dismissed", "outcome_received_on": date(2026, 5, 1), "outcome_terms": Decimal("1.0")},
    {"outcome": "extended", "outcome_received_on": date(2026, 5, 1), "outcome_terms": None},
])
def test_the_database_refuses_inconsistent_appeals(appeal, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(**change)


def test_dl_011_the_to_do_list_shows_replies_due(appeal, ab_staff):
    [replies] = [item for item in todo_list(today=date(2026, 4, 1)) if item.key == "appeal_replies"]
    assert replies.count == 1 and replies.rows[0] == appeal
    assert (replies.rows[0].next_duty.deadline.due_on, replies.rows[0].next_duty.status.state) == (date(2026, 4, 28), "due")
    record_appeal_response(appeal, sent_on=date(2026, 4, 20), defends=False, oral_hearing_requested=False, summary="",
                           actor=ab_staff, today=TODAY)
    assert [item.count for item in todo_list(today=date(2026, 4, 21)) if item.key == "appeal_replies"] == [0]
