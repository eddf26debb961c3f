"""Each role's home page in Chromium at 1280 px and at 390 px: axe-clean (the page fixture checks every
page), nothing scrolling sideways on a phone, and a screenshot of each under var/screenshots/ (not
committed) for people to look at."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.tests.factories import TEST_PASSWORD, add_totp
from registration.tests.factories import register

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def look_at_home(page, role: str) -> None:
    """The home page at both widths: a screenshot of each, and no sideways scroll on the phone."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{role} at {name} px"
        page.screenshot(path=str(SCREENSHOTS / f"home-{role}-{name}.png"), full_page=True)
    # On a phone the sections fold behind the service navigation's Menu button.
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


@pytest.fixture
def school_with_an_ect(school_a, tutor_a):
    today = timezone.localdate()
    return register(school_a, tutor_a, today=today, started_on=today - timedelta(days=20))


@pytest.mark.parametrize("role", ["tutor_a", "headteacher_a", "ect", "mentor", "npq_participant", "facilitator"])
def test_home_page(role, page, sign_in, cast, school_with_an_ect):
    sign_in(cast[role].email, TEST_PASSWORD)
    look_at_home(page, role)


@pytest.mark.parametrize("role", ["hub_staff", "ab_staff"])
def test_staff_home_page(role, page, sign_in_staff, cast, school_with_an_ect):
    # Staff sign in with an authenticator code; the fixture's own authenticator is replaced by one we know.
    user = cast[role]
    user.authenticator_set.all().delete()
    secret = add_totp(user)
    sign_in_staff(user.email, TEST_PASSWORD, secret)
    look_at_home(page, role)
