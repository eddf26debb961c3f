"""The length request pages and the post and contract page: who may do what, each step through the browser's
forms, and the lists' query counts (ABD-007, INST-005, MIN-001)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.length_requests.requests import request_reduction
from appropriate_body.models import Claim, LengthRequest
from appropriate_body.tests.factories import claimed, ect_account
from registration.tests.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(school_a, tutor_a, ab_staff):
    return claimed(school_a, tutor_a, ab_staff)


def ask(period, tutor):
    return request_reduction(period.induction, school=period.school, basis="part_time", terms="1", evidence="Served two years at 0.5.",
                             headteacher_name="Hana Head", actor=tutor, today=timezone.localdate())


def page(request):
    return reverse("appropriate_body:length_request", args=[request.public_id])


def test_the_tutor_asks_the_ect_consents_on_their_induction_page_and_the_ab_decides(as_user, period, tutor_a, ab_staff):
    ect_user = ect_account(period)
    new = reverse("appropriate_body:length_request_reduction", args=[period.school.urn, period.induction.public_id])
    refused = as_user(tutor_a).post(new, {"basis": "part_time", "terms": "", "evidence": "", "headteacher_name": ""})
    assert refused.status_code == 200 and "Error: " in refused.content.decode()
    response = as_user(tutor_a).post(new, {"basis": "part_time", "terms": "1", "evidence": "Two years at 0.5 FTE.",
                                          "headteacher_name": "Hana Head"})
    request = LengthRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == page(request)

    # The AB cannot decide yet: the page says why, and nothing changes.
    early = as_user(ab_staff).post(reverse("appropriate_body:length_request_decide", args=[request.public_id]), {"decision": "agree"})
    assert "has not yet consented" in early.content.decode()
    mine = as_user(ect_user).get(reverse("appropriate_body:my_induction")).content.decode()
    assert "Do you consent to this reduction?" in mine
    as_user(ect_user).post(reverse("appropriate_body:length_request_answer", args=[request.public_id]), {"answer": "consented"})
    as_user(ab_staff).post(reverse("appropriate_body:length_request_decide", args=[request.public_id]), {"decision": "agree"})
    request.refresh_from_db()
    period.induction.refresh_from_db()
    assert request.status == LengthRequest.Status.AGREED and period.induction.reduction_terms == 1
    # The case page lists it, and its history names each step.
    case = as_user(ab_staff).get(reverse("appropriate_body:case_detail", args=[period.induction.public_id])).content.decode()
    assert "Reduction of 1.0 terms asked for by the school" in case and "Requests to reduce or extend" in case


def test_access_tutors_of_other_schools_and_other_ects_get_404(as_user, period, tutor_a, tutor_b, ect, ab_staff, hub_staff):
    request = ask(period, tutor_a)
    for user in (tutor_b, ect, hub_staff):
        assert as_user(user).get(page(request)).status_code == 404
        assert as_user(user).post(reverse("appropriate_body:length_request_decide", args=[request.public_id]),
                                  {"decision": "agree"}).status_code == 404
    assert as_user(tutor_a).post(reverse("appropriate_body:length_request_decide", args=[request.public_id]),
                                 {"decision": "agree"}).status_code == 404
    assert as_user(tutor_b).get(reverse("appropriate_body:length_request_reduction",
                                        args=[period.school.urn, period.induction.public_id])).status_code == 404
    assert as_user(None).get(page(request)).status_code == 302
    assert as_user(ab_staff).patch(page(request)).status_code == 405
    request.refresh_from_db()
    assert request.status == LengthRequest.Status.AWAITING_ECT


def test_the_tutor_records_the_post_and_contract_and_both_sides_see_the_checks(as_user, school_a, tutor_a, tutor_b, ab_staff):
    period = register(school_a, tutor_a, started_on=timezone.localdate() + timedelta(days=30))
    claim = period.claims.get()
    url = reverse("appropriate_body:post_and_contract", args=[school_a.urn, claim.public_id])
    assert as_user(tutor_b).get(url).status_code == 404
    missing_date = as_user(tutor_a).post(url, {"suitable_post_confirmed": "on", "contract": "fixed_term"})
    assert "Enter the date the fixed-term contract ends" in missing_date.content.decode()
    ends = timezone.localdate() + timedelta(days=400)
    response = as_user(tutor_a).post(url, {"suitable_post_confirmed": "on", "contract": "fixed_term", "contract_ends_on_day": ends.day,
                                           "contract_ends_on_month": ends.month, "contract_ends_on_year": ends.year})
    assert response.status_code == 302
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.suitable_post_confirmed_on and claim.contract_permanent is False and claim.contract_ends_on == ends
    school_page = as_user(tutor_a).get(reverse("participants:ect_detail", args=[school_a.urn, period.public_id])).content.decode()
    assert "Ready to start" in school_page and "Fixed-term contract to" in school_page
    ab_page = as_user(ab_staff).get(reverse("appropriate_body:claim_detail", args=[claim.public_id])).content.decode()
    assert "QTS is not recorded as awarded" in ab_page


def test_the_to_do_page_lists_requests_and_its_queries_do_not_grow(client, ab_staff, school_a, tutor_a, django_assert_max_num_queries):
    ask(claimed(school_a, tutor_a, ab_staff), tutor_a)
    client.force_login(ab_staff)
    with django_assert_max_num_queries(30) as one:
        content = client.get(reverse("appropriate_body:todo")).content.decode()
    assert "Requests to reduce or extend induction" in content and "working days left" in content
    for _ in range(7):
        ask(claimed(school_a, tutor_a, ab_staff), tutor_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("appropriate_body:todo")).status_code == 200
