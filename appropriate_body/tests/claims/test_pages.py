"""AB staff's claim pages: the list, the check, accept and reject, and who may see them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.models import Claim, InductionPeriod
from appropriate_body.tests.pages import accept_post, date_boxes
from registration.tests.factories import register

pytestmark = pytest.mark.django_db

LIST = reverse("appropriate_body:claim_list")


@pytest.fixture
def claim(school_a, tutor_a):
    return register(school_a, tutor_a, first_name="Ada", last_name="Lovelace", trn="1234567").claims.get()


def detail(claim):
    return reverse("appropriate_body:claim_detail", kwargs={"claim": claim.public_id})


def test_the_list_shows_pending_claims_oldest_first_and_finds_by_trn(ab_client, claim, school_a, tutor_a):
    register(school_a, tutor_a, first_name="Ben", last_name="Jonson")
    page = ab_client.get(LIST)
    assert [c.ect_period.teacher.first_name for c in page.context["page"]] == ["Ada", "Ben"]
    found = ab_client.get(LIST, {"q": "TRN 1234567"})
    assert [c.ect_period.teacher.first_name for c in found.context["page"]] == ["Ada"]
    assert list(ab_client.get(LIST, {"status": "accepted"}).context["page"]) == []


def test_accepting_opens_the_induction_and_says_so(ab_client, claim, ab_staff):
    response = ab_client.post(detail(claim), accept_post(), follow=True)
    assert "Claim for Ada Lovelace accepted. Their induction started on 1 September 2026." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED and claim.decided_by == ab_staff
    assert InductionPeriod.objects.get().started_on == date(2026, 9, 1)


def test_a_start_date_ahead_schedules_the_claim(ab_client, claim):
    ahead = timezone.localdate() + timedelta(days=10)
    response = ab_client.post(detail(claim), accept_post(**date_boxes("start_date", ahead)), follow=True)
    assert "Their induction starts on" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SCHEDULED and not InductionPeriod.objects.exists()


def test_each_rule_the_claim_breaks_shows_on_its_answer_and_nothing_is_saved(ab_client, claim):
    response = ab_client.post(detail(claim), accept_post(
        **date_boxes("qts_awarded_on", date(2026, 9, 2)), induction_status="Passed", has_active_prohibition="yes",
        other_appropriate_body="Forest TSH",
    ))
    form = response.context["form"]
    assert form.errors["start_date"] == ["Start date cannot be before QTS award date (2 September 2026)"]
    assert form.errors["induction_status"] == ["The teacher record shows induction status “passed”, so they cannot be claimed"]
    assert form.errors["has_active_prohibition"] == ["The teacher is prohibited from teaching, so they cannot be claimed"]
    assert form.errors["other_appropriate_body"] == ["Forest TSH holds this ECT's induction: they must release the ECT first"]
    page = response.content.decode()
    assert "<title>Error: " in page and "There is a problem" in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING and claim.checked_at is None


def test_missing_answers_are_named(ab_client, claim):
    form = ab_client.post(detail(claim), {"action": "accept", "start_date_0": "31", "start_date_1": "2", "start_date_2": "2026"}).context["form"]
    assert form.errors["induction_status"] == ["Select the induction status the teacher record shows"]
    assert form.errors["has_active_prohibition"] == ["Select yes if the record shows an active prohibition"]
    assert form.errors["start_date"] == ["The induction start date must be a real date, for example 1 9 2026"]


def test_rejecting_needs_a_reason_and_the_tutor_sees_it(ab_client, claim, client, tutor_a):
    empty = ab_client.post(detail(claim), {"action": "reject", "reason": ""})
    assert empty.context["form"].errors["reason"] == ["Enter the reason, which the school will see"]
    ab_client.post(detail(claim), {"action": "reject", "reason": "The school has chosen another appropriate body"})
    claim.refresh_from_db()
    assert (claim.status, claim.status_reason) == (Claim.Status.REJECTED, "The school has chosen another appropriate body")
    client.force_login(tutor_a)
    ect_page = client.get(reverse("participants:ect_detail", kwargs={"urn": claim.ect_period.school.urn, "ect": claim.ect_period.public_id}))
    assert "The school has chosen another appropriate body" in ect_page.content.decode()


def test_a_decided_claim_offers_no_decision(ab_client, claim):
    ab_client.post(detail(claim), accept_post())
    page = ab_client.get(detail(claim)).content.decode()
    assert "Accept claim" not in page and "Reject claim" not in page
    again = ab_client.post(detail(claim), {"action": "reject", "reason": "Second thoughts"})
    assert "already accepted" in again.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED


@pytest.mark.parametrize("role", ["hub_staff", "tutor_a", "ect"])
def test_only_ab_staff_decide_claims(client, cast, claim, role):
    client.force_login(cast[role])
    assert client.get(detail(claim)).status_code == 404
    assert client.post(detail(claim), accept_post()).status_code == 404
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_the_lists_queries_do_not_grow_with_claims(ab_client, school_a, tutor_a, django_assert_max_num_queries):
    for _ in range(3):
        register(school_a, tutor_a)
    with django_assert_max_num_queries(7) as few:
        ab_client.get(LIST)
    for _ in range(30):
        register(school_a, tutor_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(ab_client.get(LIST).context["page"]) == 33


def test_ask_the_other_ab_to_release_the_ect_once(ab_client, claim, ab_staff, django_capture_on_commit_callbacks):
    from django.core import mail

    missing = ab_client.post(detail(claim), {"action": "release", "appropriate_body_name": "", "email": "not-an-email"})
    assert missing.context["form"].errors == {
        "appropriate_body_name": ["Enter the name of the appropriate body holding the ECT's induction"],
        "email": ["Enter their email address, like induction@otherhub.org.uk"]}
    post = {"action": "release", "appropriate_body_name": "Forest TSH", "email": "Induction@Forest.example.org", "message": "Start is 1 September."}
    with django_capture_on_commit_callbacks(execute=True):
        ab_client.post(detail(claim), post)
    [sent] = mail.outbox
    assert sent.to == ["induction@forest.example.org"] and sent.reply_to == [ab_staff.email]
    assert sent.subject.startswith("Please release Ada Lovelace (TRN 1234567)")
    assert "Alder Primary School has asked" in sent.body and "Start is 1 September." in sent.body
    again = ab_client.post(detail(claim), post)
    assert again.context["form"].errors["email"] == ["induction@forest.example.org has already been asked to release this ECT"]
    assert len(mail.outbox) == 1
    assert "Forest TSH (induction@forest.example.org)" in ab_client.get(detail(claim)).content.decode()


def test_a_release_request_left_queued_is_sent_by_the_sweep_once(claim, ab_staff):
    from datetime import timedelta

    from django.core import mail

    from appropriate_body.claims.release_requests import request_release
    from appropriate_body.models.claims import ReleaseRequest
    from hubportal.tasks import sweep

    # Queued, but its task never ran (the transaction's on-commit hook is not run here, as when a message is lost).
    asked = request_release(claim, appropriate_body_name="Forest TSH", email="induction@forest.example.org", message="", actor=ab_staff)
    ReleaseRequest.objects.filter(pk=asked.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert sweep() == 1
    assert [m.to for m in mail.outbox] == [["induction@forest.example.org"]]
    assert sweep() == 0 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_a_release_request_is_saved_and_will_go_out(ab_client, claim, broker_down):
    from appropriate_body.models.claims import ReleaseRequest
    from hubportal.middleware import QueueHandoverMiddleware

    post = {"action": "release", "appropriate_body_name": "Forest TSH", "email": "induction@forest.example.org", "message": ""}
    response = ab_client.post(detail(claim), post, follow=True)
    assert response.status_code == 200
    assert QueueHandoverMiddleware.MESSAGE in response.content.decode()
    assert ReleaseRequest.objects.get().email_state == "queued"
