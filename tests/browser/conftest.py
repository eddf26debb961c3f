"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the distribution's /usr/bin/chromium,
which CI installs. Without it these tests skip, and the root conftest turns that
skip into a failure when CI=true.
"""

import os
import re
import time
from pathlib import Path

import pytest

from participants.tests.factories import current_totp_code

CHROMIUM = Path(os.environ.get("HUBPORTAL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
# Generous for a first page load on a cold CI machine; assertions retry until then.
TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Remember each phase's outcome on the item so the page fixture can screenshot a failure.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    # The sync API runs an asyncio loop in this thread while it is started, and Django refuses
    # ORM calls from a thread with a running loop. The test's own ORM calls (fixtures, asserts)
    # are plain synchronous code, so lift the guard for exactly as long as Playwright runs —
    # not for the whole session, where it would hide real async-safety bugs elsewhere.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser context (no cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        try:
            tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(tab.content(), encoding="utf-8")
        except Exception:  # noqa: BLE001 - a failed screenshot must not mask the test's failure
            pass
    context.close()


@pytest.fixture
def sign_in(page):
    """Fill allauth's sign-in form as a person would."""

    def _sign_in(email: str, password: str) -> None:
        page.goto("/accounts/login/")
        # By label, as a screen reader finds them: an unlabelled field fails here.
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=False).first.fill(password)
        # Wait for the answer to the form, so callers may read page.url straight away.
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()

    return _sign_in


def fresh_totp_code(secret: str) -> str:
    # A code typed in the last seconds of its 30-second window may expire in flight; wait for the next.
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    return current_totp_code(secret)


@pytest.fixture
def sign_in_staff(page, sign_in):
    """Sign in as hub or AB staff: the password, then the authenticator code (staff must have TOTP)."""

    def _sign_in_staff(email: str, password: str, totp_secret: str) -> None:
        sign_in(email, password)
        page.locator("input[name='code']").fill(fresh_totp_code(totp_secret))
        with page.expect_navigation():
            page.locator("main form button[type='submit']").first.click()

    return _sign_in_staff
