"""Sign-in journeys in a real browser: tutor to dashboard, staff made to set up MFA, staff with MFA."""

import re

import pytest
from playwright.sync_api import expect

from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from tests.browser.conftest import DESKTOP, PHONE, fresh_totp_code

pytestmark = pytest.mark.browser


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280", "390"])
def viewport(request):
    return request.param


def fits_the_screen(page) -> bool:
    # Nothing scrolls sideways, at 390 px as at 1280 px.
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

MFA_SETUP_PATH = "/accounts/2fa/totp/activate/"


def test_induction_tutor_signs_in_and_opens_school_dashboard(page, sign_in, tutor_a, school_a):
    sign_in(tutor_a.email, TEST_PASSWORD)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Tara")
    tutor_panel = page.locator("section[aria-labelledby='tutor-heading']")
    expect(tutor_panel).to_contain_text(school_a.name)

    tutor_panel.get_by_role("link", name=f"School page ({school_a.name})").click()

    expect(page).to_have_url(re.compile(rf"/schools/{school_a.urn}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(school_a.name)
    expect(page.locator("main")).to_contain_text(f"URN {school_a.urn}")


def test_hub_staff_without_totp_is_made_to_set_it_up(page, sign_in, db):
    staff = user_with_role(Role.HUB_STAFF, email="new.hub.staff@example.org", first_name="Nell")

    sign_in(staff.email, TEST_PASSWORD)

    # allauth asks for the password again before any change to MFA ("reauthenticate");
    # that step, if it comes, must lead on to the set-up page rather than loop.
    page.wait_for_url(re.compile(r"/accounts/(reauthenticate|2fa/totp/activate)/"))
    if "/accounts/reauthenticate/" in page.url:
        page.get_by_label("Password", exact=False).first.fill(TEST_PASSWORD)
        page.locator("main form button[type='submit']").first.click()
    expect(page).to_have_url(re.compile(re.escape(MFA_SETUP_PATH)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    code = page.get_by_label("Security code")
    expect(code).to_be_visible()
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")
    assert fits_the_screen(page)

    # Anything else sends them straight back until TOTP exists.
    for path in ("/schools/", "/"):
        page.goto(path)
        expect(page).to_have_url(re.compile(re.escape(MFA_SETUP_PATH)))
        expect(page.get_by_label("Security code")).to_be_visible()


def test_hub_staff_with_totp_enters_code_and_reaches_hub_panel(page, sign_in, db):
    staff = user_with_role(Role.HUB_STAFF, email="totp.hub.staff@example.org", first_name="Hana")
    secret = add_totp(staff)

    sign_in(staff.email, TEST_PASSWORD)

    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    # The question is the heading, its hint says where the code comes from (GOV.UK's label as heading).
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    code = page.get_by_label("Enter your security code")
    expect(code).to_have_accessible_description(re.compile("Enter the 6-digit code from your authenticator app"))
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    assert fits_the_screen(page)

    # A wrong code: the error summary and the message beside the box.
    code.fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: Enter your security code"))
    expect(page.locator(".govuk-error-message")).to_be_visible()

    page.locator("input[name='code']").fill(fresh_totp_code(secret))
    page.locator("main form button[type='submit']").first.click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Hana")
    hub_panel = page.locator("section[aria-labelledby='hub-staff-heading']")
    expect(hub_panel.get_by_role("heading", name="Hub staff")).to_be_visible()
    expect(hub_panel.get_by_role("link", name="Schools the hub serves")).to_be_visible()


def test_anonymous_visitor_is_sent_to_sign_in_page_with_skip_link_and_no_sign_up(page, db):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    skip_link = page.locator("a[href='#main-content']").first
    expect(skip_link).to_have_text(re.compile("skip to main content", re.I))
    expect(page.locator("#main-content")).to_have_count(1)
    # The skip link is the first thing a keyboard user reaches.
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()

    # Nobody signs up unasked: no link or text offers it.
    expect(page.get_by_role("link", name=re.compile(r"sign\s*up", re.I))).to_have_count(0)
    expect(page.locator("a[href*='/accounts/signup']")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(re.compile(r"sign\s*up", re.I))
