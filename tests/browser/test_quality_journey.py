"""AB staff plan and record a school's fidelity check (E25-003) and raise, monitor and close a concern about
an ECT (ABD-004); the school's tutor and the ECT see what is theirs. Every page is checked with axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appropriate_body.tests.factories import claimed, ect_account
from participants.models import Role
from participants.tests.factories import TEST_PASSWORD, add_totp, user_with_role

pytestmark = pytest.mark.browser


def fill_date(page, name: str, day) -> None:
    page.locator(f"input[name='{name}_day']").fill(str(day.day))
    page.locator(f"input[name='{name}_month']").fill(str(day.month))
    page.locator(f"input[name='{name}_year']").fill(str(day.year))


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


@pytest.fixture
def staff(db):
    user = user_with_role(Role.AB_STAFF, email="quality.staff@example.org", first_name="Quinn", last_name="Quality")
    return user, add_totp(user)


def test_ab_staff_plan_and_record_a_fidelity_check(page, sign_in_staff, staff, school_a, tutor_a):
    ab_staff, secret = staff
    today = timezone.localdate()
    claimed(school_a, tutor_a, ab_staff, year=today.year if today.month >= 9 else today.year - 1)
    sign_in_staff(ab_staff.email, TEST_PASSWORD, secret)

    page.goto("/ab/fidelity-checks/")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Plan a visit to {school_a.name}").click()
    submit(page, "Plan the visit")  # nothing filled in: the errors show
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the visit")
    fill_date(page, "visit_on", today)
    submit(page, "Plan the visit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fidelity check")

    with page.expect_navigation():
        page.get_by_role("link", name="Record the visit").click()
    submit(page, "Record the check")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select met, partly met or not met")
    for value in ("coverage_0", "mentoring_1", "timetable_0", "oversight_0"):
        page.locator(f"input[id='id_{value}']").check()
    page.locator("input[id='id_outcome_1']").check()
    submit(page, "Record the check")
    main = page.locator("main")
    expect(main).to_contain_text("Partly met")
    expect(main).to_contain_text("£500.00")

    with page.expect_navigation():
        page.get_by_role("link", name="Add a follow-up").click()
    page.get_by_label("What needs doing").fill("Protect mentor time")
    fill_date(page, "due_on", today + timedelta(days=30))
    submit(page, "Add the follow-up")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Mark as done.*Protect mentor time$")).click()
    expect(page.locator("main")).to_contain_text("Follow-up done: Protect mentor time")
    page.goto("/ab/fidelity-checks/?show=completed")
    expect(page.locator("main")).to_contain_text(school_a.name)
    page.goto(f"/schools/{school_a.urn}/")
    expect(page.locator("#fidelity-state")).to_contain_text("Completed")


def test_a_concern_is_raised_monitored_and_closed_and_the_ect_sees_it_open(page, sign_in, sign_in_staff, staff, school_a, tutor_a):
    ab_staff, secret = staff
    period = claimed(school_a, tutor_a, ab_staff, first_name="Cassie", last_name="Concern")
    own = ect_account(period)
    today = timezone.localdate()

    sign_in(tutor_a.email, TEST_PASSWORD)
    page.goto(f"/schools/{school_a.urn}/inductions/")
    with page.expect_navigation():
        page.get_by_role("link", name="Raise a concern about Cassie Concern").click()
    page.get_by_label("What is the concern?").fill("Planning is not secure.")
    submit(page, "Raise the concern")
    expect(page.get_by_role("heading", level=1)).to_have_text("Concern about Cassie Concern")
    with page.expect_navigation():
        page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What needs doing").fill("Weekly planning check")
    page.get_by_label("Who does it").fill("Mentor")
    fill_date(page, "due_on", today + timedelta(days=7))
    submit(page, "Add the action")
    with page.expect_navigation():
        page.get_by_role("link", name="Record a visit").click()
    fill_date(page, "visit_on", today)
    submit(page, "Save the visit")
    page.goto(f"/schools/{school_a.urn}/")
    expect(page.locator("main")).to_contain_text("Open concerns")

    page.context.clear_cookies()
    sign_in(own.email, TEST_PASSWORD)
    page.goto("/my/induction/")
    expect(page.locator("#concern-open")).to_contain_text("A concern about your induction is open")
    expect(page.locator("main")).not_to_contain_text("Planning is not secure")

    page.context.clear_cookies()
    sign_in_staff(ab_staff.email, TEST_PASSWORD, secret)
    page.goto("/ab/concerns/")
    with page.expect_navigation():
        page.get_by_role("link", name="Cassie Concern").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Close the concern").click()
    page.get_by_label("Why is the concern closed?").fill("Planning is now secure.")
    submit(page, "Close the concern")
    expect(page.locator("main")).to_contain_text("Planning is now secure.")
    page.goto(f"/ab/inductions/{period.induction.public_id}/")
    expect(page.locator("#concerns")).to_contain_text("Closed")
