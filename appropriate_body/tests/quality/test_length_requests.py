"""Length requests (ABD-007, LEN-005/006, EXT-002): consent before decision, the change applied, clocks, emails once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from appropriate_body.length_requests import requests as domain
from appropriate_body.length_requests.emails import send_length_request_notices
from appropriate_body.models import AssessmentKind, AssessmentStatus, CompletionDecision, Extension, LengthRequest, LengthRequestNotice
from appropriate_body.tests.factories import claimed, ect_account
from participants.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 11)
Status, Answer = LengthRequest.Status, LengthRequest.EctAnswer


@pytest.fixture
def period(school_a, tutor_a, ab_staff):
    return claimed(school_a, tutor_a, ab_staff)


@pytest.fixture
def ect_user(period):
    return ect_account(period)


def reduction(period, tutor, **changes):
    details = {"school": period.school, "basis": LengthRequest.Basis.PRIOR_EXPERIENCE, "terms": "3",
               "evidence": "Four years teaching whole classes in an independent school.", "headteacher_name": "Hana Head",
               "actor": tutor, "today": TODAY, **changes}
    return domain.request_reduction(period.induction, **details)


def final_assessment(period):
    return period.assessments.get(kind=AssessmentKind.FINAL_ASSESSMENT)


def test_len_006_the_ab_cannot_decide_before_the_ect_consents_then_agrees_and_the_schedule_follows(
        period, tutor_a, ab_staff, ect_user, django_capture_on_commit_callbacks):
    final_before = final_assessment(period).due_on
    with django_capture_on_commit_callbacks(execute=True):
        request = reduction(period, tutor_a)
    assert request.status == Status.AWAITING_ECT
    with pytest.raises(ValidationError) as refused:
        domain.decide_request(request, agree=True, actor=ab_staff, today=TODAY)
    assert "has not yet consented" in refused.value.messages[0]
    period.induction.refresh_from_db()
    assert period.induction.reduction_terms == 0

    with django_capture_on_commit_callbacks(execute=True):
        domain.answer_request(request, answer=Answer.CONSENTED, actor=ect_user, today=date(2027, 1, 13))
    with django_capture_on_commit_callbacks(execute=True):
        decided = domain.decide_request(request, agree=True, actor=ab_staff, today=date(2027, 1, 20))

    assert (decided.status, decided.decided_terms) == (Status.AGREED, Decimal("3"))
    period.induction.refresh_from_db()
    assert period.induction.reduction_terms == Decimal("3")
    assert period.induction.history.first().history_user == ab_staff
    # Resynced: three terms count as served, so the final assessment comes forward and year 2's reviews drop.
    assert final_assessment(period).due_on < final_before
    assert period.assessments.filter(status=AssessmentStatus.NOT_NEEDED).exists()
    # One email per step: the ECT asked, the AB told, the school and the ECT told the decision.
    assert sorted(LengthRequestNotice.objects.values_list("kind", flat=True)) == ["ab_told", "ect_asked", "ect_decision", "school_decision"]
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 4
    assert subjects[0] == "Your school asks to reduce your induction: your answer is needed"
    assert mail.outbox[0].to == [ect_user.email]
    assert mail.outbox[2].to == [tutor_a.email] and "Agreed" in mail.outbox[2].subject


def test_a_retried_send_sends_nothing_twice(period, tutor_a, ect_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reduction(period, tutor_a)
    send_length_request_notices.apply(args=[list(LengthRequestNotice.objects.values_list("pk", flat=True))])
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("answer", [Answer.DECLINED, Answer.FULL_PERIOD])
def test_len_006_a_declined_consent_ends_the_request(period, tutor_a, ab_staff, ect_user, answer):
    request = reduction(period, tutor_a)
    ended = domain.answer_request(request, answer=answer, actor=ect_user, today=TODAY)
    assert ended.status == Status.DECLINED
    with pytest.raises(ValidationError, match="already been decided"):
        domain.decide_request(request, agree=True, actor=ab_staff, today=TODAY)
    period.induction.refresh_from_db()
    assert period.induction.reduction_terms == 0
    # The school can ask again later: the declined request is no longer open.
    assert reduction(period, tutor_a).status == Status.AWAITING_ECT


def test_only_the_ect_answers_and_only_the_current_school_asks(period, tutor_a, ab_staff):
    request = reduction(period, tutor_a)
    with pytest.raises(ValidationError, match="Only the ECT"):
        domain.answer_request(request, answer=Answer.CONSENTED, actor=tutor_a, today=TODAY)
    with pytest.raises(ValidationError, match="current school"):
        domain.request_extension(period.induction, school=SchoolFactory(), reason="illness", terms="1", evidence="x",
                                 actor=tutor_a, today=TODAY)


def test_a_reduction_is_refused_without_evidence_or_headteacher_and_never_below_one_term_left(period, tutor_a):
    with pytest.raises(ValidationError) as refused:
        reduction(period, tutor_a, terms="5.5", evidence=" ", headteacher_name="", basis="illness")
    assert refused.value.message_dict == {
        "basis": ["Select the basis for the reduction"], "terms": ["Induction can be reduced to no less than 1 term"],
        "evidence": ["Enter the evidence the appropriate body needs to decide"],
        "headteacher_name": ["Enter the name of the headteacher you consulted"],
    }
    assert not LengthRequest.objects.exists()


def test_ext_002_an_extension_the_school_recommends_and_the_ab_agrees_makes_the_extension(period, tutor_a, ab_staff):
    CompletionDecision.objects.create(induction=period.induction, completed_on=date(2028, 7, 18))
    request = domain.request_extension(period.induction, school=period.school, reason=LengthRequest.Basis.SUPPORT_PROBLEMS,
                                       terms="1.5", evidence="No mentor for the spring term.", actor=tutor_a, today=date(2028, 7, 19))
    # No consent step: it waits for the AB straight away, with the AB's clock from the request.
    assert request.status == Status.AWAITING_DECISION
    assert [clock.deadline.due_on for clock in domain.clocks(request, today=date(2028, 7, 19))] == [date(2028, 8, 15)]
    decided = domain.decide_request(request, agree=True, terms="1", actor=ab_staff, today=date(2028, 7, 20))
    extension = Extension.objects.get(induction=period.induction)
    assert (extension.terms, decided.extension, decided.status) == (Decimal("1.0"), extension, Status.AGREED)
    assert extension.reason == "Problems with the support given: No mentor for the spring term."


def test_a_refusal_needs_a_reason(period, tutor_a, ab_staff):
    CompletionDecision.objects.create(induction=period.induction, completed_on=date(2028, 7, 18))
    request = domain.request_extension(period.induction, school=period.school, reason="illness", terms="1", evidence="Off ill.",
                                       actor=tutor_a, today=date(2028, 7, 19))
    with pytest.raises(ValidationError) as refused:
        domain.decide_request(request, agree=False, actor=ab_staff, today=date(2028, 7, 20))
    assert list(refused.value.message_dict) == ["reason"]
    decided = domain.decide_request(request, agree=False, reason="The evidence shows the standards are met.", actor=ab_staff,
                                    today=date(2028, 7, 20))
    assert decided.status == Status.REFUSED and not Extension.objects.exists()


def test_clocks_the_ect_answers_within_10_working_days_and_the_ab_decides_within_20_of_consent(period, tutor_a, ect_user, settings):
    request = reduction(period, tutor_a)  # Monday 11 January 2027
    [answer] = domain.clocks(request, today=date(2027, 1, 26))
    assert answer.deadline.due_on == date(2027, 1, 22)
    assert answer.status.state == "overdue"
    request = domain.answer_request(request, answer=Answer.CONSENTED, actor=ect_user, today=date(2027, 1, 25))
    answer, decision = domain.clocks(request, today=date(2027, 1, 26))
    assert answer.status.state == "done late"
    assert decision.deadline.due_on == date(2027, 2, 19) and decision.status.state == "due"
    settings.LENGTH_REQUEST_DECISION_DAYS = 5
    assert domain.decision_due(request).due_on == date(2027, 1, 29)
