"""Choosing a school among thousands in a real browser: the invitation and enrolment forms carry no list of
schools; typing asks the server's school search, a suggestion is picked and the form sends that school.
Each page is checked with axe-core (the page fixture), with the suggestions open too."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from participants.models import Invitation, School
from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from programmes.cohorts.enrolments import cohort_url_kwargs
from programmes.models import Enrolment
from programmes.tests.factories import NPQCohortFactory

from .axe import violations

pytestmark = pytest.mark.browser


@pytest.fixture
def many_schools(db):
    # Several share a name: the town tells them apart.
    School.objects.bulk_create(
        School(urn=200000 + n, name=f"Hazel Primary School {n:03d}", town="Stroud", postcode="GL5 1AA") for n in range(300)
    )
    School.objects.bulk_create([
        School(urn=300001, name="St Mary's Primary School", town="Bath", postcode="BA1 1AA"),
        School(urn=300002, name="St Mary's Primary School", town="Tewkesbury", postcode="GL20 5AA"),
    ])


@pytest.fixture
def staff(page, sign_in_staff, db):
    person = user_with_role(Role.HUB_STAFF, email="schools.staff@example.org", first_name="Hana")
    sign_in_staff(person.email, TEST_PASSWORD, add_totp(person))
    return person


def pick(page, label: str, typed: str, suggestion: str) -> None:
    box = page.get_by_role("combobox", name=label)
    box.press_sequentially(typed, delay=30)
    option = page.get_by_role("option", name=re.compile(re.escape(suggestion)))
    expect(option).to_be_visible()
    # The page with its suggestions showing passes axe too.
    assert violations(page) == []
    option.click()


def test_hub_staff_invite_a_tutor_to_a_school_picked_from_the_suggestions(page, staff, many_schools):
    page.goto("/invitations/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone to the portal")
    assert page.locator("select[name='school'], option", has_text="Hazel").count() == 0

    page.get_by_label("Email address").fill("tess.tutor@example.org")
    page.get_by_label("Role").select_option(label="Induction tutor")
    pick(page, "School", "marys", "St Mary's Primary School (300002), Tewkesbury, GL20 5AA")
    expect(page.get_by_role("combobox", name="School")).to_have_value("St Mary's Primary School (300002)")
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitation").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Invitation sent to tess.tutor@example.org")
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.school.urn) == (Role.INDUCTION_TUTOR, 300002)


def test_a_name_two_schools_share_is_refused_on_the_field_and_kept(page, staff, many_schools):
    page.goto("/invitations/new/")
    page.get_by_label("Email address").fill("tess.tutor@example.org")
    page.get_by_label("Role").select_option(label="Induction tutor")
    box = page.get_by_role("combobox", name="School")
    box.fill("St Mary's Primary School")
    box.press("Escape")  # leave the suggestions closed: what was typed is sent
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitation").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("More than one school matches")
    box = page.get_by_role("combobox", name="School")
    expect(box).to_have_value("St Mary's Primary School")
    # The box describes itself with its hint and its error, as the plain box did.
    expect(box).to_have_accessible_description(re.compile(
        r"^Needed for an induction tutor or a headteacher\. Start typing the school's name or URN\. "
        r"Error: More than one school matches .St Mary's Primary School.; enter its URN\. When results are available"))
    assert not Invitation.objects.exists()


def test_hub_staff_enrol_someone_through_a_school_picked_from_the_suggestions(page, staff, many_schools):
    cohort = NPQCohortFactory()
    page.goto(reverse("programmes:cohort_enrol", kwargs=cohort_url_kwargs(cohort)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enrol someone")
    page.get_by_label("Teacher reference number (TRN)").fill("1234567")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Email").fill("ada@example.org")
    pick(page, "School (optional)", "200123", "Hazel Primary School 123 (200123)")
    with page.expect_navigation():
        page.get_by_role("button", name="Enrol").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is enrolled in")
    assert Enrolment.objects.get().school.urn == 200123
