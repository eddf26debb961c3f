"""allauth's pages in the portal's design, each checked with axe-core at 1280 and 390 px: asking for a
password reset, signing out, and a hub staff member's two-step sign-in and recovery codes."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from tests.browser.conftest import DESKTOP, PHONE, fresh_totp_code

pytestmark = pytest.mark.browser


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280", "390"])
def viewport(request):
    return request.param


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_someone_asks_for_a_password_reset_and_is_told_to_check_their_email(page, tutor_a):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    email = page.get_by_label("Email address")
    expect(email).to_have_attribute("autocomplete", "email")
    assert fits_the_screen(page)

    # Nothing typed: the error summary links to the box, which shows its own message.
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: Reset your password"))
    expect(page.locator("#div_id_email.govuk-form-group--error")).to_be_visible()

    page.get_by_label("Email address").fill(tutor_a.email)
    page.get_by_role("button", name="Send the link").click()

    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert fits_the_screen(page)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [tutor_a.email]


def sign_in_to(page, path: str, email: str, totp_secret: str | None = None) -> None:
    """Sign in from a link to `path` (an account page), as someone following it would."""
    page.goto(f"/accounts/login/?next={path}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if totp_secret:
        page.get_by_label("Enter your security code").fill(fresh_totp_code(totp_secret))
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def test_signing_in_and_out_say_so_in_notification_banners(page, tutor_a):
    sign_in_to(page, "/accounts/email/", tutor_a.email)
    expect(page.locator(".govuk-notification-banner--success")).to_have_text(re.compile(r"Success\s+You are signed in as Tara Tutor\.\s*$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your email addresses")
    expect(page.get_by_role("radio", name=re.compile(re.escape(tutor_a.email)))).to_be_checked()
    assert fits_the_screen(page)

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("You have signed out.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_hub_staff_see_their_two_step_sign_in_and_recovery_codes(page, db):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    staff = user_with_role(Role.HUB_STAFF, email="codes.hub.staff@example.org", first_name="Rhia")
    secret = add_totp(staff)
    RecoveryCodes.activate(staff)
    sign_in_to(page, "/accounts/2fa/", staff.email, secret)

    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    app_card = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name="Authenticator app"))
    expect(app_card.locator(".govuk-tag")).to_have_text("On")
    expect(app_card.get_by_role("link", name="Turn off two-step sign-in")).to_be_visible()
    codes_card = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name="Recovery codes"))
    expect(codes_card).to_contain_text("You have 10 of 10 recovery codes left")
    assert fits_the_screen(page)

    codes_card.get_by_role("link", name="View recovery codes").click()

    # Codes are shown only to someone who has just proved it is them.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.get_by_role("list", name="Unused recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    expect(codes.first).to_have_text(re.compile(r"^\d{8}$"))
    expect(page.get_by_role("button", name="Download codes")).to_be_visible()
    assert fits_the_screen(page)
