"""The ECT lists filtered by status in a real browser, each checked with axe: a school's ECT list (its tutor) and
every registration across the hub (hub staff). The status is read from the registration's own row
(registration.status), so a claim the AB rejects moves its ECT into "Action required" at once."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from appropriate_body.claims.claims import reject_claim
from participants.models import Role
from participants.tests.factories import TEST_PASSWORD, add_totp, user_with_role
from registration.mentors import assign_mentor, register_mentor
from registration.tests.factories import mentor_details, register

from .axe import violations

pytestmark = pytest.mark.browser


@pytest.fixture
def three(school_a, tutor_a, ab_staff):
    """One ECT pending the AB, one whose claim the AB rejected, one with no mentor."""
    today = timezone.localdate()
    mentor = register_mentor(school_a, mentor_details(), actor=tutor_a, today=today)
    pending = register(school_a, tutor_a, today=today, started_on=today, first_name="Pat", last_name="Pending")
    rejected = register(school_a, tutor_a, today=today, started_on=today, first_name="Rita", last_name="Rejected")
    register(school_a, tutor_a, today=today, started_on=today, first_name="Nora", last_name="Nomentor")
    for period in (pending, rejected):
        assign_mentor(period, mentor, actor=tutor_a, today=today)
    reject_claim(rejected.claims.get(), reason="The TRN and name do not match the teacher record.", actor=ab_staff)


def filter_by(page, status: str, button: str) -> None:
    page.get_by_label("Status").select_option(label=status)
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_a_tutor_filters_the_schools_ects_by_status(page, sign_in, three, tutor_a, school_a):
    sign_in(tutor_a.email, TEST_PASSWORD)
    page.goto(reverse("participants:ect_list", args=[school_a.urn]))
    filter_by(page, "Action required", "Search")
    expect(page.get_by_role("status")).to_contain_text("2 ECTs")
    expect(page.get_by_text("Action required: resolve the AB claim")).to_be_visible()
    expect(page.get_by_text("Action required: assign a mentor")).to_be_visible()
    assert page.get_by_text("Pat Pending").count() == 0
    assert violations(page) == [], page.url
    filter_by(page, "Pending AB", "Search")
    expect(page.get_by_role("status")).to_contain_text("1 ECT")
    expect(page.get_by_text("Pat Pending")).to_be_visible()
    assert violations(page) == [], page.url


def test_hub_staff_filter_every_registration_by_status(page, sign_in_staff, three):
    hub_staff = user_with_role(Role.HUB_STAFF, email="filters.staff@example.org", first_name="Fay", last_name="Filters")
    sign_in_staff(hub_staff.email, TEST_PASSWORD, add_totp(hub_staff))
    page.goto(reverse("participants:registration_list"))
    filter_by(page, "Action required", "Apply filters")
    expect(page.locator("#registration-count")).to_contain_text("2 registrations match these filters")
    expect(page.get_by_text("Rita Rejected")).to_be_visible()
    expect(page.get_by_text("Nora Nomentor")).to_be_visible()
    assert page.get_by_text("Pat Pending").count() == 0
    assert violations(page) == [], page.url
