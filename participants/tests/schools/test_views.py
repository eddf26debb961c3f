import pytest

from participants.accounts.roles import grant_role
from participants.models import Role
from participants.tests.factories import SchoolFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_staff_search_schools_by_name_urn_or_postcode(client, hub_staff, school_a, school_b):
    client.force_login(hub_staff)
    assert [s.urn for s in client.get("/schools/", {"q": "alder"}).context["page"]] == [school_a.urn]
    assert [s.urn for s in client.get("/schools/", {"q": str(school_b.urn)}).context["page"]] == [school_b.urn]
    assert len(client.get("/schools/", {"q": "GL5"}).context["page"]) == 2


def test_a_tutor_lists_only_their_school(client, tutor_a, school_a, school_b):
    client.force_login(tutor_a)
    page = client.get("/schools/").context["page"]
    assert [s.urn for s in page] == [school_a.urn]


def test_the_school_dashboard_names_its_tutors(client, tutor_a, school_a):
    client.force_login(tutor_a)
    content = client.get(f"/schools/{school_a.urn}/").content.decode()
    assert '<h1 class="govuk-heading-l">Alder Primary School</h1>' in content and str(tutor_a) in content


def test_another_schools_dashboard_is_not_found(client, tutor_a, school_b):
    client.force_login(tutor_a)
    assert client.get(f"/schools/{school_b.urn}/").status_code == 404
    assert client.get("/schools/999999/").status_code == 404


def test_a_closed_school_says_so(client, hub_staff):
    closed = SchoolFactory(urn=130001, name="Old Mill School", status="closed")
    client.force_login(hub_staff)
    assert b"closed" in client.get(f"/schools/{closed.urn}/").content


@pytest.mark.parametrize("schools", [1, 60])
def test_school_list_query_count_does_not_grow(client, hub_staff, schools, django_assert_max_num_queries):
    for n in range(schools):
        school = SchoolFactory(urn=140000 + n)
        grant_role(user_with_role(Role.MENTOR, email=f"t{n}@example.org"), Role.INDUCTION_TUTOR, school=school)
    client.force_login(hub_staff)
    with django_assert_max_num_queries(10):
        response = client.get("/schools/")
    assert response.status_code == 200
    assert len(response.context["page"]) == min(schools, 50)


def test_paging_keeps_the_search(client, hub_staff):
    for n in range(55):
        SchoolFactory(urn=150000 + n, name=f"Oak School {n:02d}")
    client.force_login(hub_staff)
    content = client.get("/schools/", {"q": "Oak"}).content.decode()
    assert "?q=Oak&amp;page=2" in content
