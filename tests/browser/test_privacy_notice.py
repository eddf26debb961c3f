"""The privacy notice in a real browser: a person signing in reads it before anything else and goes on
to where they were going; when hub staff publish a new version, the person is shown it at their next page."""

import re

import pytest
from playwright.sync_api import expect

from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from privacy.models import PrivacyNoticeReading
from privacy.notice.notices import publish_notice
from tests.browser.axe import violations
from tests.browser.conftest import DESKTOP, TIMEOUT_MS, fresh_totp_code

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_tab(browser, live_server):
    """Hub staff's own browser, beside the person's: its pages are checked with axe-core as the test goes."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def accessible(tab) -> bool:
    problems = violations(tab)
    assert problems == [], f"{tab.url}\n" + "\n".join(problems)
    return True


def test_a_person_reads_the_notice_then_each_new_version(page, staff_tab, db):
    staff = user_with_role(Role.HUB_STAFF, email="notice.staff@example.org", first_name="Hana", last_name="Hub")
    secret = add_totp(staff)
    publish_notice("## Who we are\nThe hub runs this portal.\n\n## Your rights\nAsk us for a copy of your data.",
                   summary="", actor=staff)
    ect = user_with_role(Role.ECT, email="notice.ect@example.org", first_name="Erin")

    # Signing in on the way to a page: the notice comes first, then that page.
    page.goto("/my/golden-thread/")
    page.get_by_label("Email").fill(ect.email)
    page.get_by_label("Password", exact=False).first.fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/privacy/\?next=/my/golden-thread/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_role("heading", level=2, name="Your rights")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/my/golden-thread/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My golden thread")
    assert PrivacyNoticeReading.objects.filter(user=ect, notice__version=1).exists()

    # Hub staff publish version 2, in their own browser.
    staff_tab.goto("/accounts/login/?next=/hub/privacy-notice/")
    staff_tab.get_by_label("Email").fill(staff.email)
    staff_tab.get_by_label("Password", exact=False).first.fill(TEST_PASSWORD)
    staff_tab.get_by_role("button", name="Sign in").click()
    staff_tab.locator("input[name='code']").fill(fresh_totp_code(secret))
    staff_tab.locator("main form button[type='submit']").first.click()
    expect(staff_tab.get_by_role("heading", level=1)).to_have_text("Privacy notice versions")
    assert accessible(staff_tab)
    staff_tab.get_by_role("link", name="Publish a new version").click()
    text = staff_tab.get_by_label("Text of the privacy notice")
    expect(text).to_have_value(re.compile("The hub runs this portal."))
    assert accessible(staff_tab)
    text.fill("")
    staff_tab.get_by_role("button", name="Publish version 2").click()
    expect(staff_tab.locator(".govuk-error-summary")).to_contain_text("Enter the text of the privacy notice")
    expect(staff_tab).to_have_title(re.compile(r"^Error: "))
    assert accessible(staff_tab)
    text.fill("## Who we are\nThe hub runs this portal from Severn House.\n\n## Your rights\nAsk us for a copy of your data.")
    staff_tab.get_by_label("Summary of changes (optional)").fill("We say where we are.")
    staff_tab.get_by_role("button", name="Publish version 2").click()
    expect(staff_tab.locator(".govuk-notification-banner--success")).to_contain_text("Version 2 of the privacy notice is published")
    expect(staff_tab.get_by_role("row").nth(1)).to_contain_text("We say where we are.")
    assert accessible(staff_tab)

    # The person's next page is the new version, with what changed; then the page they asked for.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/privacy/\?next=/$"))
    expect(page.locator("main")).to_contain_text("We have changed our privacy notice")
    expect(page.locator("main")).to_contain_text("We say where we are.")
    expect(page.get_by_text("Version 2, published")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Erin")
    # The footer's links reach the notice, now with nothing to press, and the accessibility statement.
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("button", name="Continue")).to_have_count(0)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
