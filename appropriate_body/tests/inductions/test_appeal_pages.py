"""The appeal forms on the completion page: record the appeal, the AB's reply and TRA's outcome; AB staff only."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.inductions.appeals import record_appeal
from appropriate_body.inductions.decisions import record_completion, record_decision, record_notices, record_recommendation
from appropriate_body.models import Appeal
from appropriate_body.tests.factories import claimed

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def failed(school_a, tutor_a, ab_staff):
    """A fail decided 60 days ago, its notices emailed the same day: the appeal window has passed."""
    today = timezone.localdate()
    completion = record_completion(claimed(school_a, tutor_a, ab_staff, year=2023).induction, completed_on=days_ago(100), actor=ab_staff, today=today)
    record_recommendation(completion, recommendation="unsatisfactory", received_on=days_ago(90), actor=ab_staff, today=today)
    record_decision(completion, decision="fail", decided_on=days_ago(60), reason="Standards not met", number_of_terms="6",
                    fail_confirmation_sent_on=days_ago(60), actor=ab_staff, today=today)
    return record_notices(completion, sent_on=days_ago(60), method="email", actor=ab_staff, today=today)


def url(name, completion):
    return reverse(f"appropriate_body:{name}", kwargs={"induction": completion.induction.public_id})


def boxes(prefix, name, day):
    return {f"{prefix}-{name}_0": day.day, f"{prefix}-{name}_1": day.month, f"{prefix}-{name}_2": day.year}


def test_appeal_reply_and_outcome_from_the_completion_page(ab_client, failed):
    page = ab_client.get(url("case_completion", failed))
    assert list(page.context["appeal_forms"]) == ["appeal"] and "Record an appeal" in page.content.decode()

    recorded = ab_client.post(url("case_appeal", failed), {**boxes("appeal", "copy_received_on", days_ago(10)),
                                                          **boxes("appeal", "lodged_on", days_ago(12))}, follow=True)
    assert recorded.redirect_chain == [(url("case_completion", failed), 302)]
    content = recorded.content.decode()
    # Lodged after the DL-009 window: recorded, and flagged for TRA to judge.
    assert "Appeal recorded: the AB&#x27;s reply to TRA is due by" in content and "after the time limit ended" in content
    assert 'id="appeal-out-of-time"' in content
    assert list(recorded.context["appeal_forms"]) == ["reply", "outcome"]
    assert recorded.context["duties"][-1].deadline.rule_id == "DL-011"

    replied = ab_client.post(url("case_appeal_reply", failed), {**boxes("reply", "sent_on", days_ago(2)), "reply-defends": "yes",
                                                                "reply-oral_hearing_requested": "on",
                                                                "reply-summary": "Defended: the final report and the support plan."})
    assert replied.status_code == 302
    appeal = Appeal.objects.get(completion=failed)
    assert (appeal.defends, appeal.oral_hearing_requested, appeal.response_sent_on) == (True, True, days_ago(2))

    decided = ab_client.post(url("case_appeal_outcome", failed), {"appeal_outcome-outcome": "allowed",
                                                                  **boxes("appeal_outcome", "received_on", days_ago(1))}, follow=True)
    content = decided.content.decode()
    assert "TRA&#x27;s outcome is recorded: allowed." in content and "DfE changes it by hand" in content
    assert 'id="appeal-record-only"' in content and decided.context["appeal_forms"] == {}
    appeal.refresh_from_db()
    assert appeal.outcome == "allowed"


def test_the_to_do_list_shows_the_reply_due(ab_client, failed, ab_staff):
    record_appeal(failed, copy_received_on=days_ago(3), lodged_on=None, actor=ab_staff, today=timezone.localdate())
    content = ab_client.get(reverse("appropriate_body:todo")).content.decode()
    assert 'id="todo-appeal_replies-count">1<' in content and url("case_completion", failed) in content


@pytest.mark.parametrize("name, data, field, message", [
    ("case_appeal", {"appeal-copy_received_on_0": "1", "appeal-copy_received_on_1": "1", "appeal-copy_received_on_2": "2999"},
     "copy_received_on", "The date TRA's copy arrived cannot be in the future"),
    ("case_appeal", {}, "copy_received_on", "Enter the date TRA's copy arrived"),
])
def test_bad_appeal_input_re_renders_with_the_error_on_the_field(ab_client, failed, name, data, field, message):
    refused = ab_client.post(url(name, failed), data)
    assert refused.status_code == 400
    assert refused.context["form"].errors == {field: [message]}
    content = refused.content.decode()
    assert "There is a problem" in content and "<title>Error: " in content
    assert not Appeal.objects.exists()


def test_bad_reply_and_outcome_input_is_refused_with_the_field_error(ab_client, failed, ab_staff):
    record_appeal(failed, copy_received_on=days_ago(10), lodged_on=None, actor=ab_staff, today=timezone.localdate())
    reply = ab_client.post(url("case_appeal_reply", failed), {**boxes("reply", "sent_on", days_ago(2)), "reply-defends": "yes"})
    assert reply.status_code == 400
    assert reply.context["form"].errors == {"summary": ["Enter the AB's response to the grounds and the documents it relies on"]}
    outcome = ab_client.post(url("case_appeal_outcome", failed), {"appeal_outcome-outcome": "extended",
                                                                  **boxes("appeal_outcome", "received_on", days_ago(1))})
    assert outcome.status_code == 400
    assert outcome.context["form"].errors == {"terms": ["Enter the length of the extension TRA set, like 1.5"]}
    assert list(outcome.context["appeal_forms"]) == ["reply", "outcome"]


def test_a_second_appeal_is_refused_at_the_top_of_the_form(ab_client, failed, ab_staff):
    record_appeal(failed, copy_received_on=days_ago(10), lodged_on=None, actor=ab_staff, today=timezone.localdate())
    again = ab_client.post(url("case_appeal", failed), boxes("appeal", "copy_received_on", days_ago(5)))
    assert again.status_code == 400
    assert again.context["form"].non_field_errors() == ["An appeal against this decision is already recorded"]


def test_no_reply_or_outcome_without_an_appeal_and_no_appeal_without_a_completion(ab_client, failed, school_b, tutor_b, ab_staff):
    assert ab_client.post(url("case_appeal_reply", failed), {}).status_code == 404
    assert ab_client.post(url("case_appeal_outcome", failed), {}).status_code == 404
    fresh = claimed(school_b, tutor_b, ab_staff, year=2023).induction
    assert ab_client.post(reverse("appropriate_body:case_appeal", kwargs={"induction": fresh.public_id}), {}).status_code == 404


@pytest.mark.parametrize("name", ["case_appeal", "case_appeal_reply", "case_appeal_outcome"])
def test_anonymous_is_sent_to_sign_in(client, failed, name):
    response = client.post(url(name, failed), {})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", ["case_appeal", "case_appeal_reply", "case_appeal_outcome"])
@pytest.mark.parametrize("who", ["tutor_a", "ect", "hub_staff"])
def test_only_ab_staff_may_record_anything(client, failed, ab_staff, name, who, request):
    record_appeal(failed, copy_received_on=days_ago(10), lodged_on=None, actor=ab_staff, today=timezone.localdate())
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(name, failed), boxes("appeal", "copy_received_on", days_ago(5))).status_code == 404
    assert Appeal.objects.get().response_sent_on is None


@pytest.mark.parametrize("name", ["case_appeal", "case_appeal_reply", "case_appeal_outcome"])
def test_a_get_is_refused(ab_client, failed, name):
    assert ab_client.get(url(name, failed)).status_code == 405


def test_the_case_page_shows_the_clocks_and_leads_to_the_appeal_after_the_period_closed(ab_client, failed, ab_staff, django_assert_max_num_queries):
    case_url = reverse("appropriate_body:case_detail", kwargs={"induction": failed.induction.public_id})
    content = ab_client.get(case_url).content.decode()
    # The fail closed the period: the page still shows every clock, the ECT's appeal window among them.
    assert 'id="deadlines"' in content and "DL-009" in content and "DL-012" in content
    assert "Completion, decision and appeal" in content and url("case_completion", failed) in content

    record_appeal(failed, copy_received_on=days_ago(3), lodged_on=None, actor=ab_staff, today=timezone.localdate())
    with django_assert_max_num_queries(30):
        content = ab_client.get(case_url).content.decode()
    assert "DL-011" in content and "DL-012" not in content


def test_the_caseload_lists_failed_ects_who_are_appealing(ab_client, failed, ab_staff, school_a, tutor_a):
    from appropriate_body.inductions.appeals import record_appeal_outcome
    from appropriate_body.inductions.caseload import APPEALING

    caseload = reverse("appropriate_body:caseload")
    name = failed.induction.teacher.full_name
    assert name not in ab_client.get(caseload, {"status": APPEALING}).content.decode()
    assert name in ab_client.get(caseload, {"status": "Failed"}).content.decode()

    appeal = record_appeal(failed, copy_received_on=days_ago(3), lodged_on=None, actor=ab_staff, today=timezone.localdate())
    page = ab_client.get(caseload, {"status": APPEALING}).content.decode()
    assert name in page and f'value="{APPEALING}" checked>' in page

    record_appeal_outcome(appeal, outcome="dismissed", received_on=timezone.localdate(), terms=None, notes="", actor=ab_staff,
                          today=timezone.localdate())
    assert name not in ab_client.get(caseload, {"status": APPEALING}).content.decode()


def test_the_case_history_shows_the_appeal_and_a_change_of_named_contact(failed, ab_staff):
    from appropriate_body.inductions.case_history import case_history
    from appropriate_body.inductions.contacts import set_named_contact
    from participants.models import Role
    from participants.tests.factories import user_with_role

    appeal = record_appeal(failed, copy_received_on=days_ago(3), lodged_on=None, actor=ab_staff, today=timezone.localdate())
    from appropriate_body.inductions.appeals import record_appeal_response

    record_appeal_response(appeal, sent_on=days_ago(1), defends=True, oral_hearing_requested=False, summary="Defended.",
                           actor=ab_staff, today=timezone.localdate())
    colleague = user_with_role(Role.AB_STAFF, email="colleague@example.org", first_name="Cara", last_name="Colleague")
    set_named_contact(failed.induction, contact=colleague, actor=ab_staff)

    entries = case_history(failed.induction)
    summaries = [entry.summary for entry in entries]
    assert any(s.startswith("Appeal recorded: TRA's copy received on") for s in summaries)
    reply = next(entry for entry in entries if entry.summary == "Appeal")
    assert {change.label for change in reply.changes} == {"AB's reply sent", "The AB defends its decision"}
    contact = next(entry for entry in entries if entry.summary == "Induction changed")
    assert contact.who == str(ab_staff)
    assert [(c.label, c.new) for c in contact.changes] == [("Named contact (REGN-004)", "Cara Colleague")]
