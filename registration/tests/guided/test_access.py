"""Who may use the guided ECT registration, and what its check page costs in queries."""

import pytest
from django.urls import reverse

from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod
from participants.tests.factories import next_trn
from registration.ects import register_ect
from registration.guided.flow import session_key
from registration.tests.factories import ect_details, mentor_details, register
from registration.tests.pages import URN, answers, find_data, start_url, step_url, today, walk

# -- access --------------------------------------------------------------------------------------


@pytest.fixture
def registered(school_a, tutor_a):
    return register(school_a, tutor_a, today=today())


def flow_urls(period) -> list[str]:
    return [start_url(), step_url("find"), step_url("check"),
            reverse("participants:register_done", kwargs={"urn": URN, "ect": period.public_id})]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, registered):
    for url in flow_urls(registered):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["tutor_b", "ect", "mentor", "ab_staff", "npq_participant", "no_role"])
def test_other_schools_and_other_roles_get_404(client, cast, registered, role):
    client.force_login(cast[role])
    for url in flow_urls(registered):
        assert client.get(url).status_code == 404, url
    assert client.post(step_url("find"), find_data(next_trn())).status_code == 404
    assert not client.session.get(session_key(URN))


@pytest.mark.django_db
def test_hub_staff_may_register_for_any_school(client, school_a, hub_staff):
    client.force_login(hub_staff)
    walk(client, answers(mentor={"mentor": "later"}))
    response = client.post(step_url("check"))
    period = ECTAtSchoolPeriod.objects.get()
    assert response.status_code == 302 and period.registered_by == hub_staff
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_wrong_methods_get_405(client, tutor_a, registered):
    client.force_login(tutor_a)
    done = reverse("participants:register_done", kwargs={"urn": URN, "ect": registered.public_id})
    assert client.post(done).status_code == 405
    assert client.put(step_url("find")).status_code == 405
    assert client.delete(start_url()).status_code == 405


@pytest.mark.django_db
def test_the_confirmation_of_another_schools_ect_is_404(client, school_a, school_b, tutor_a, tutor_b):
    theirs = register(school_b, tutor_b, today=today())
    client.force_login(tutor_a)
    # Their ECT under our URN, and our URN's page for a made-up id: neither exists for tutor A.
    assert client.get(reverse("participants:register_done", kwargs={"urn": URN, "ect": theirs.public_id})).status_code == 404


# -- query count ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("others", [1, 25])
def test_check_page_query_count_is_pinned(client, school_a, tutor_a, django_assert_max_num_queries, others):
    for _ in range(others):
        register_ect(school_a, ect_details(), actor=tutor_a, today=today(), new_mentor=mentor_details())
    mentor = MentorAtSchoolPeriod.objects.first()
    client.force_login(tutor_a)
    walk(client, answers(mentor={"mentor": str(mentor.public_id)}))
    # Session, user, roles, school, tutor check, the ECT's Teacher and eligible mentors, the TRN's records (2), provider.
    with django_assert_max_num_queries(10):
        response = client.get(step_url("check"))
    assert response.status_code == 200 and mentor.teacher.full_name in response.content.decode()
