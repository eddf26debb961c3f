"""Finding a school by what was typed: the search behind the school autocomplete, the form field that reads
the same text without JavaScript, and the endpoint the autocomplete asks."""

import factory
import pytest
from django import forms
from django.core.exceptions import ValidationError

from participants.accounts.roles import grant_role
from participants.models import Role, School
from participants.schools.forms import SchoolField
from participants.schools.search import SUGGESTIONS, find_school, search_schools
from participants.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

SEARCH = "/schools/search/"


@pytest.fixture
def saints(db):
    return {
        "mary_bath": SchoolFactory(urn=120001, name="St Mary's Primary School", town="Bath", postcode="BA1 1AA"),
        "mary_stroud": SchoolFactory(urn=120002, name="St Mary's Primary School", town="Stroud", postcode="GL5 2BB"),
        "john": SchoolFactory(urn=120003, name="St John's Academy", town="Bath", postcode="BA2 3CC"),
        "john_closed": SchoolFactory(urn=120004, name="St John's Academy", town="Bath", postcode="BA2 3CC",
                                     status=School.Status.CLOSED),
        "oak": SchoolFactory(urn=100123, name="Oakfield Primary School", town="Gloucester"),
        "oak_annexe": SchoolFactory(urn=100124, name="Oakfield Primary School Annexe", town="Gloucester"),
    }


def urns(schools):
    return [school.urn for school in schools]


# --- Search ------------------------------------------------------------------------------------------


def test_every_word_must_be_in_the_name_town_or_postcode(saints):
    everyone = School.objects.all()
    assert urns(search_schools(everyone, "marys")) == [120001, 120002]  # the apostrophe is not needed
    assert urns(search_schools(everyone, "st mary's stroud")) == [120002]
    assert urns(search_schools(everyone, "  MARY   ba1 ")) == [120001]
    assert search_schools(everyone, "mary leeds") == []
    assert search_schools(everyone, "   ") == []


def test_the_exact_urn_comes_first_then_urns_starting_with_the_digits(saints):
    SchoolFactory(urn=12000, name="A five-digit URN")
    everyone = School.objects.all()
    assert urns(search_schools(everyone, "120003")) == [120003]
    assert urns(search_schools(everyone, "12000")) == [12000, 120001, 120002, 120003, 120004]
    assert urns(search_schools(everyone, "1001")) == [100123, 100124]
    assert search_schools(everyone, "1234567") == []


def test_an_exact_name_comes_first_then_open_schools_by_name(saints):
    everyone = School.objects.all()
    assert urns(search_schools(everyone, "oakfield primary school annexe")) == [100124]
    assert urns(search_schools(everyone, "Oakfield Primary School")) == [100123, 100124]
    assert urns(search_schools(everyone, "oakfield")) == [100123, 100124]
    # The closed St John's comes after every open school in Bath, though its name comes first.
    assert urns(search_schools(everyone, "bath")) == [120003, 120001, 120004]


def test_at_most_a_page_of_suggestions_in_one_query(django_assert_num_queries):
    SchoolFactory.create_batch(SUGGESTIONS + 5, name=factory.Sequence(lambda n: f"Willow Tree School {n:03d}"))
    with django_assert_num_queries(1):
        found = search_schools(School.objects.all(), "willow")
    assert len(found) == SUGGESTIONS
    assert [school.name for school in found] == sorted(school.name for school in found)


def test_the_search_stays_inside_the_scope_it_is_given(saints, tutor_a, school_a):
    from participants import access

    grant_role(tutor_a, Role.INDUCTION_TUTOR, school=saints["oak"])
    scope = access.schools_for(tutor_a)
    assert urns(search_schools(scope, "oakfield")) == [100123]
    assert urns(search_schools(scope, "primary")) == [school_a.urn, 100123]
    assert search_schools(scope, "120001") == []


# --- Reading a typed school ---------------------------------------------------------------------------


def test_a_chosen_suggestion_is_read_by_its_urn(saints):
    assert find_school(School.objects.all(), "St Mary's Primary School (120002)") == saints["mary_stroud"]
    # The URN decides, whatever the name says.
    assert find_school(School.objects.all(), "Anything at all (120001)") == saints["mary_bath"]
    assert find_school(School.objects.all(), " 120003 ") == saints["john"]


def test_a_name_only_one_school_has_is_taken(saints):
    assert find_school(School.objects.all(), "mary bath") == saints["mary_bath"]
    # An exact name is taken though a longer name contains it.
    assert find_school(School.objects.all(), "oakfield primary school") == saints["oak"]


@pytest.mark.parametrize("text, message", [
    ("St Mary's Primary School", "More than one school matches \u201cSt Mary's Primary School\u201d; enter its URN"),
    ("oakfield", "More than one school matches \u201coakfield\u201d; enter its URN"),
    ("Rowan Infants", "No school matches \u201cRowan Infants\u201d. Type part of the school's name, or its URN"),
    ("999999", "No school matches \u201c999999\u201d. Check the URN, or type part of the school's name"),
    ("Oakfield Primary School (999999)", "No school matches \u201cOakfield Primary School (999999)\u201d. Check the URN, "
                                         "or type part of the school's name"),
])
def test_none_or_several_say_so(saints, text, message):
    with pytest.raises(ValidationError) as error:
        find_school(School.objects.all(), text)
    assert error.value.messages == [message]


class PickForm(forms.Form):
    school = SchoolField(label="School", required=False)


class RequiredPickForm(forms.Form):
    school = SchoolField(label="School", error_messages={"required": "Enter the school"})


def test_the_field_cleans_to_a_school_or_none_when_blank(saints):
    form = PickForm({"school": "St John's Academy (120004)"})
    assert form.is_valid() and form.cleaned_data["school"] == saints["john_closed"]
    blank = PickForm({"school": "  "})
    assert blank.is_valid() and blank.cleaned_data["school"] is None
    required = RequiredPickForm({"school": ""})
    assert not required.is_valid() and required.errors["school"] == ["Enter the school"]


def test_the_field_keeps_what_was_typed_when_it_is_refused(saints):
    form = PickForm({"school": "St Mary's Primary School"})
    assert not form.is_valid()
    assert form.errors["school"] == ["More than one school matches \u201cSt Mary's Primary School\u201d; enter its URN"]
    html = str(form["school"])
    assert 'value="St Mary&#x27;s Primary School"' in html
    assert 'data-module="app-autocomplete"' in html and f'data-source="{SEARCH}"' in html


def test_the_field_shows_a_chosen_school_as_a_suggestion_would(saints):
    html = str(PickForm(initial={"school": saints["oak"]})["school"])
    assert 'value="Oakfield Primary School (100123)"' in html and "<select" not in html


def test_the_field_refuses_a_school_outside_its_scope(saints):
    form = PickForm({"school": "100123"})
    form.fields["school"].queryset = School.objects.filter(urn=100124)
    assert not form.is_valid() and "No school matches" in form.errors["school"][0]


# --- The endpoint -------------------------------------------------------------------------------------


def test_hub_staff_get_suggestions_as_json(client, hub_staff, saints):
    client.force_login(hub_staff)
    response = client.get(SEARCH, {"q": "st john"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == {"results": [
        {"urn": 120003, "label": "St John's Academy (120003)", "hint": "Bath, BA2 3CC"},
        {"urn": 120004, "label": "St John's Academy (120004)", "hint": "Bath, BA2 3CC (closed)"},
    ]}
    assert client.get(SEARCH).json() == {"results": []}


def test_a_tutor_finds_only_their_own_schools(client, tutor_a, school_a, school_b):
    client.force_login(tutor_a)
    assert [r["urn"] for r in client.get(SEARCH, {"q": "a"}).json()["results"]] == [school_a.urn]
    assert client.get(SEARCH, {"q": str(school_b.urn)}).json() == {"results": []}


def test_only_those_who_fill_in_a_school_field_may_search(client, cast, school_a):
    for role in ("ab_staff", "headteacher_a", "ect", "mentor", "npq_participant", "itt_trainee", "facilitator", "no_role"):
        client.force_login(cast[role])
        assert client.get(SEARCH, {"q": "alder"}).status_code == 404, role
    client.logout()
    response = client.get(SEARCH, {"q": "alder"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(cast["hub_staff"])
    assert client.post(SEARCH, {"q": "alder"}).status_code == 405


@pytest.mark.parametrize("count", [1, 300])
def test_the_endpoint_answers_in_the_same_queries_and_a_page_at_most_whatever_the_number_of_schools(
        client, hub_staff, count, django_assert_num_queries):
    School.objects.bulk_create(School(urn=200000 + n, name=f"Hazel Primary School {n:03d}") for n in range(count))
    client.force_login(hub_staff)
    client.get(SEARCH, {"q": "warm-up"})
    # The session, the user, their roles, the staff sign-in gate's authenticator check, the search.
    with django_assert_num_queries(5):
        results = client.get(SEARCH, {"q": "hazel primary"}).json()["results"]
    assert len(results) == min(count, SUGGESTIONS)
    assert results[0]["label"] == "Hazel Primary School 000 (200000)"
