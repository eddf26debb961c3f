"""The school's service agreement page (its tutors and hub staff) and every school's status (AB and hub staff).

Terms are dated around today, as the pages use the real date.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from appropriate_body.agreements.agreements import accept_agreement
from appropriate_body.models import AgreementTerms, ServiceAgreement
from participants.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

LIST = reverse("appropriate_body:agreement_list")


def page_of(school) -> str:
    return reverse("appropriate_body:school_agreement", args=[school.urn])


def make_terms(year: int, *, days_left: int) -> AgreementTerms:
    """Terms for `year` that end `days_left` days from today, and the next year's right after them."""
    today = timezone.localdate()
    terms = AgreementTerms.objects.create(academic_year=year, provider_led_fee=Decimal("150.00"), school_led_fee=Decimal("320.50"),
                                          terms_text="The AB checks each ECT's post.\n\nThe school pays the fee per ECT.",
                                          valid_from=today - timedelta(days=300), valid_until=today + timedelta(days=days_left))
    return terms


def next_year(terms: AgreementTerms) -> AgreementTerms:
    return AgreementTerms.objects.create(academic_year=terms.academic_year + 1, provider_led_fee=Decimal(155), school_led_fee=Decimal(330),
                                         terms_text="Next year's terms.", valid_from=terms.valid_until + timedelta(days=1),
                                         valid_until=terms.valid_until + timedelta(days=365))


@pytest.fixture
def terms(db):
    return make_terms(2026, days_left=100)


def answers(year=2026, **changes) -> dict:
    data = {"year": str(year), f"year-{year}-signatory_name": "Helen Head", f"year-{year}-job_title": "Headteacher",
            f"year-{year}-confirmed": "on"}
    data.update({f"year-{year}-{key}": value for key, value in changes.items()})
    return {key: value for key, value in data.items() if value is not None}


def test_a_tutor_reads_the_terms_and_fees_and_sees_the_form(client, tutor_a, school_a, terms):
    client.force_login(tutor_a)
    response = client.get(page_of(school_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2026/27 agreement" in html and "£150.00" in html and "£320.50" in html
    assert "The school pays the fee per ECT." in html
    assert "Not accepted yet" in html
    assert "I confirm that this person is authorised to accept this agreement on behalf of Alder Primary School" in html
    assert 'name="year-2026-signatory_name"' in html


def test_a_tutor_accepts_for_the_school(client, tutor_a, school_a, terms):
    client.force_login(tutor_a)
    response = client.post(page_of(school_a), answers(), follow=True)
    assert response.redirect_chain == [(page_of(school_a), 302)]
    agreement = ServiceAgreement.objects.get()
    assert (agreement.school, agreement.terms, agreement.accepted_by) == (school_a, terms, tutor_a)
    assert (agreement.signatory_name, agreement.signatory_job_title) == ("Helen Head", "Headteacher")
    assert agreement.history.get().history_user == tutor_a
    html = response.content.decode()
    assert "Alder Primary School has accepted the 2026/27 appropriate body service agreement." in html
    assert "Helen Head, Headteacher" in html and 'name="year-2026-signatory_name"' not in html


def test_the_schools_headteacher_accepts_as_its_signatory(client, headteacher_a, school_a, terms):
    client.force_login(headteacher_a)
    assert 'name="year-2026-signatory_name"' in client.get(page_of(school_a)).content.decode()
    client.post(page_of(school_a), answers())
    assert ServiceAgreement.objects.get().accepted_by == headteacher_a


def test_hub_staff_can_accept_for_a_school(client, hub_staff, school_a, terms):
    client.force_login(hub_staff)
    client.post(page_of(school_a), answers(signatory_name="Hana Head"))
    assert ServiceAgreement.objects.get().accepted_by == hub_staff


def test_every_missing_answer_is_reported_on_its_field(client, tutor_a, school_a, terms):
    client.force_login(tutor_a)
    response = client.post(page_of(school_a), answers(signatory_name="", job_title="", confirmed=None))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "signatory_name": ["Enter the full name of the person accepting the agreement"],
        "job_title": ["Enter their job title, for example headteacher"],
        "confirmed": ["Confirm that they are authorised to accept the agreement for the school"],
    }
    html = response.content.decode()
    assert "<title>Error: " in html and 'href="#id_year-2026-confirmed"' in html
    assert not ServiceAgreement.objects.exists()


def test_a_blank_name_of_spaces_is_refused_by_the_rule(client, tutor_a, school_a, terms):
    client.force_login(tutor_a)
    response = client.post(page_of(school_a), answers(signatory_name="   "))
    assert response.context["form"].errors["signatory_name"] == ["Enter the full name of the person accepting the agreement"]
    assert not ServiceAgreement.objects.exists()


def test_a_second_submit_saves_nothing_more(client, tutor_a, school_a, terms):
    client.force_login(tutor_a)
    client.post(page_of(school_a), answers())
    response = client.post(page_of(school_a), answers(signatory_name="Someone Else"))
    assert response.status_code == 200
    assert ServiceAgreement.objects.get().signatory_name == "Helen Head"


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_schools_tutor_and_headteacher_and_ab_staff_get_404_and_nothing_is_saved(client, tutor_b, ab_staff, school_a, school_b, terms, method):
    from participants.models import Role
    from participants.tests.factories import user_with_role

    head_b = user_with_role(Role.HEADTEACHER, school=school_b, email="head.b@example.org")
    for user in (tutor_b, ab_staff, head_b):
        client.force_login(user)
        response = getattr(client, method)(page_of(school_a), answers() if method == "post" else None)
        assert response.status_code == 404
    assert not ServiceAgreement.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, school_a, terms):
    response = client.get(page_of(school_a))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_terms_not_on_offer_cannot_be_posted(client, tutor_a, school_a, terms):
    next_year(terms)  # Published, but 100 days before this year ends: not yet offered.
    client.force_login(tutor_a)
    assert "2027/28" not in client.get(page_of(school_a)).content.decode()
    assert client.post(page_of(school_a), answers(year=2027)).status_code == 404
    assert client.post(page_of(school_a), answers(year=1999)).status_code == 404
    assert not ServiceAgreement.objects.exists()


def test_in_the_last_30_days_next_years_terms_are_offered_too(client, tutor_a, school_a):
    ending = make_terms(2026, days_left=20)
    upcoming = next_year(ending)
    accept_agreement(school_a, ending, signatory_name="Helen Head", job_title="Headteacher", actor=tutor_a, now=timezone.now())
    client.force_login(tutor_a)
    html = client.get(page_of(school_a)).content.decode()
    assert "2027/28 agreement" in html and "Next year&#x27;s terms." in html
    assert 'name="year-2027-signatory_name"' in html and 'name="year-2026-signatory_name"' not in html
    client.post(page_of(school_a), answers(year=2027, signatory_name="Helen Head"))
    assert ServiceAgreement.objects.filter(terms=upcoming, school=school_a).exists()


def test_without_published_terms_the_page_says_so(client, tutor_a, school_a):
    client.force_login(tutor_a)
    html = client.get(page_of(school_a)).content.decode()
    assert "has not published the terms for this year yet" in html


def test_the_school_page_links_to_the_agreement_for_those_who_manage_it(client, tutor_a, ab_staff, school_a):
    client.force_login(tutor_a)
    school_page = reverse("participants:school_detail", args=[school_a.urn])
    assert page_of(school_a) in client.get(school_page).content.decode()
    client.force_login(ab_staff)
    assert page_of(school_a) not in client.get(school_page).content.decode()


@pytest.fixture
def list_schools(school_a, school_b, tutor_a):
    """Near the year's end: A has accepted this year only, B nothing, Cedar both years."""
    ending = make_terms(2026, days_left=20)
    upcoming = next_year(ending)
    cedar = SchoolFactory(name="Cedar School")
    now = timezone.now()
    for school in (school_a, cedar):
        accept_agreement(school, ending, signatory_name="Helen Head", job_title="Headteacher", actor=tutor_a, now=now)
    accept_agreement(cedar, upcoming, signatory_name="Cyril Cedar", job_title="Business manager", actor=tutor_a, now=now)
    return school_a, school_b, cedar


@pytest.mark.parametrize("role", ["ab_staff", "hub_staff"])
def test_ab_and_hub_staff_see_every_schools_status(client, cast, list_schools, role):
    client.force_login(cast[role])
    response = client.get(LIST)
    rows = {school.name: school.status_label for school in response.context["page"]}
    assert rows == {"Alder Primary School": "Signed, next year's not yet", "Birch Academy": "Not signed", "Cedar School": "Signed"}
    assert "Helen Head, Headteacher" in response.content.decode()
    assert response.context["tabs"] == [("not_signed", "Not signed", 1), ("expiring", "Signed, next year's not yet", 1), ("signed", "Signed", 1)]


def test_the_list_filters_by_status(client, ab_staff, list_schools):
    client.force_login(ab_staff)
    assert [s.name for s in client.get(LIST, {"status": "expiring"}).context["page"]] == ["Alder Primary School"]
    assert [s.name for s in client.get(LIST, {"status": "not_signed"}).context["page"]] == ["Birch Academy"]
    assert len(client.get(LIST, {"status": "nonsense"}).context["page"]) == 3


def test_the_list_downloads_as_csv(client, hub_staff, list_schools):
    client.force_login(hub_staff)
    response = client.get(LIST, {"status": "expiring", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0] == "URN,School,Status,Signatory,Job title,Accepted by,Accepted at"
    assert lines[1].startswith("110001,Alder Primary School,\"Signed, next year's not yet\",Helen Head,Headteacher,Tara Tutor,")
    assert len(lines) == 2


@pytest.mark.parametrize("role", ["tutor_a", "headteacher_a", "ect", "no_role"])
def test_the_list_is_not_for_schools_or_participants(client, cast, role):
    client.force_login(cast[role])
    assert client.get(LIST).status_code == 404
    assert client.get(LIST, {"format": "csv"}).status_code == 404


def test_the_list_takes_no_more_queries_for_more_schools(client, ab_staff, tutor_a, terms, django_assert_max_num_queries):
    client.force_login(ab_staff)
    now = timezone.now()
    for _ in range(2):
        accept_agreement(SchoolFactory(), terms, signatory_name="H", job_title="Head", actor=tutor_a, now=now)
    with django_assert_max_num_queries(9) as few:
        client.get(LIST)
    for n in range(60):
        school = SchoolFactory()
        if n % 2:
            accept_agreement(school, terms, signatory_name="H", job_title="Head", actor=tutor_a, now=now)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page"]) == 50
    assert response.context["page"].paginator.count == 63  # and school A, the tutor's
