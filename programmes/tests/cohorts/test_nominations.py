"""Schools nominate staff for NPQs and CPD; hub staff approve or decline with a reason the school sees."""


import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.cohorts import nominations
from programmes.cohorts.enrolments import PersonDetails
from programmes.models import Cohort, Enrolment, NPQCourse, Programme, Strand
from programmes.tests.factories import NPQCohortFactory, this_year

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def npq_cohort(course=NPQCourse.SENCO, year=None) -> Cohort:
    return NPQCohortFactory(course=course, academic_year=year or this_year())


def person(trn="1234567", **overrides):
    return PersonDetails(**{"trn": trn, "first_name": "Sam", "last_name": "Senco", "email": f"s{trn}@example.org", **overrides})


def form_data(cohort, trn="1234567", **overrides):
    return {"cohort": cohort.pk, "trn": trn, "first_name": "Sam", "last_name": "Senco", "email": f"s{trn}@example.org", **overrides}


def test_nominating_makes_a_nominated_enrolment_at_the_school(headteacher_a, school_a):
    cohort = npq_cohort()
    nomination = nominations.nominate(school_a, cohort, person(), actor=headteacher_a, today=timezone.localdate())
    assert (nomination.status, nomination.school, nomination.nominated_by) == (Status.NOMINATED, school_a, headteacher_a)


def test_the_same_person_twice_for_one_cohort_is_refused(tutor_a, school_a):
    cohort = npq_cohort()
    nominations.nominate(school_a, cohort, person(), actor=tutor_a, today=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        nominations.nominate(school_a, cohort, person(), actor=tutor_a, today=timezone.localdate())
    assert "already nominated" in error.value.message_dict["trn"][0]


def test_only_npq_and_cpd_cohorts_of_this_year_or_next(tutor_a, school_a):
    ecte = Programme.objects.create(strand=Strand.ECTE, name="ECTE", slug="ecte-n")
    for cohort in (
        Cohort.objects.create(programme=ecte, academic_year=this_year(), stage="year_1"),
        npq_cohort(year=this_year() - 1),
        npq_cohort(NPQCourse.ASO),
    ):
        with pytest.raises(ValidationError):
            nominations.nominate(school_a, cohort, person(), actor=tutor_a, today=timezone.localdate())
    cpd = Cohort.objects.create(programme=Programme.objects.create(strand=Strand.CPD, name="Oracy", slug="oracy"),
                                academic_year=this_year() + 1)
    assert nominations.nominate(school_a, cpd, person(), actor=tutor_a, today=timezone.localdate()).cohort == cpd


def test_approve_and_decline(hub_staff, tutor_a, school_a):
    cohort = npq_cohort()
    first = nominations.nominate(school_a, cohort, person("1111111"), actor=tutor_a, today=timezone.localdate())
    second = nominations.nominate(school_a, cohort, person("2222222"), actor=tutor_a, today=timezone.localdate())
    now = timezone.now()
    approved = nominations.approve(first, actor=hub_staff, now=now)
    assert (approved.status, approved.decided_by, approved.decided_at) == (Status.ACTIVE, hub_staff, now)
    with pytest.raises(ValidationError):
        nominations.approve(first, actor=hub_staff, now=now)
    with pytest.raises(ValidationError):
        nominations.decline(second, "", actor=hub_staff, now=now)
    declined = nominations.decline(second, "Cohort full; apply for spring", actor=hub_staff, now=now)
    assert (declined.status, declined.status_reason) == (Status.DECLINED, "Cohort full; apply for spring")


# --- Pages ------------------------------------------------------------------------------------


def test_a_headteacher_nominates_and_sees_the_decision(client, headteacher_a, hub_staff, school_a):
    cohort = npq_cohort()
    client.force_login(headteacher_a)
    url = reverse("programmes:school_nominations", args=[school_a.urn])
    assert client.get(url).status_code == 200
    assert client.post(url, form_data(cohort)).status_code == 302
    response = client.post(url, form_data(cohort))
    assert response.status_code == 400 and "already nominated" in response.content.decode()
    nominations.decline(Enrolment.objects.get(), "Not funded this year", actor=hub_staff, now=timezone.now())
    page = " ".join(client.get(url).content.decode().split())
    assert re.search(r'<strong class="govuk-tag govuk-tag--red">Declined</strong>\s*<p [^>]*>Not funded this year</p>', page)


def test_outsiders_get_404(client, tutor_b, ab_staff, ect, school_a):
    cohort = npq_cohort()
    url = reverse("programmes:school_nominations", args=[school_a.urn])
    for user in (tutor_b, ab_staff, ect):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(cohort)).status_code == 404
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("count", [1, 12])
def test_hub_staff_see_pending_nominations_in_constant_queries(client, hub_staff, tutor_a, school_a, count, django_assert_max_num_queries):
    cohort = npq_cohort()
    for n in range(count):
        nominations.nominate(school_a, cohort, person(str(3000000 + n)), actor=tutor_a, today=timezone.localdate())
    client.force_login(hub_staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("programmes:pending_nominations"))
    assert response.content.decode().count(">Approve and enrol<") == count


@pytest.mark.parametrize("count", [1, 12])
def test_school_page_in_constant_queries(client, tutor_a, school_a, count, django_assert_max_num_queries):
    cohort = npq_cohort()
    for n in range(count):
        nominations.nominate(school_a, cohort, person(str(3000000 + n)), actor=tutor_a, today=timezone.localdate())
    client.force_login(tutor_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("programmes:school_nominations", args=[school_a.urn]))
    assert response.content.decode().count("Waiting for the hub") == count


def test_hub_staff_approve_and_decline_through_the_page(client, hub_staff, tutor_a, school_a):
    cohort = npq_cohort()
    first = nominations.nominate(school_a, cohort, person("1111111"), actor=tutor_a, today=timezone.localdate())
    second = nominations.nominate(school_a, cohort, person("2222222"), actor=tutor_a, today=timezone.localdate())
    client.force_login(hub_staff)
    approve = reverse("programmes:nomination_decide", args=[first.public_id])
    assert client.get(approve).status_code == 405
    # The radios are named by the nomination, so that every nomination on the page has its own.
    response = client.post(approve, {})
    assert response.status_code == 400 and "Select approve or decline" in response.content.decode()
    assert client.post(approve, {f"{first.public_id}-decision": "approve"}).status_code == 302
    decline = reverse("programmes:nomination_decide", args=[second.public_id])
    response = client.post(decline, {f"{second.public_id}-decision": "decline", f"{second.public_id}-reason": " "})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in page and "Say why the nomination is declined" in page
    # The page comes back with "Decline" still chosen.
    assert f'id="id_{second.public_id}-decision_1" value="decline" checked' in " ".join(page.split())
    assert client.post(decline, {f"{second.public_id}-decision": "decline", f"{second.public_id}-reason": "Full"}).status_code == 302
    assert dict(Enrolment.objects.values_list("teacher__trn", "status")) == {"1111111": Status.ACTIVE, "2222222": Status.DECLINED}
    assert Enrolment.objects.get(teacher__trn="2222222").status_reason == "Full"
    # A decided nomination is no longer pending: 404.
    assert client.post(decline, {f"{second.public_id}-decision": "approve"}).status_code == 404


def test_only_hub_staff_decide(client, tutor_a, school_a):
    nomination = nominations.nominate(school_a, npq_cohort(), person(), actor=tutor_a, today=timezone.localdate())
    client.force_login(tutor_a)
    assert client.get(reverse("programmes:pending_nominations")).status_code == 404
    decide = reverse("programmes:nomination_decide", args=[nomination.public_id])
    assert client.post(decide, {f"{nomination.public_id}-decision": "approve"}).status_code == 404
    assert Enrolment.objects.get().status == Status.NOMINATED
