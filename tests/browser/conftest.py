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
from playwright.sync_api import Error as PlaywrightError

from participants.tests.factories import current_totp_code

from .axe import violations

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


# Phone-sized pages: the width of most phones' browsers (the tests that ask for it: viewport_width).
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def viewport():
    """The window size the page fixture opens; a test module may override it (PHONE)."""
    return DESKTOP


# What a test does to a page; before the first of them on each document, that document is checked.
LOCATOR_ACTIONS = ("click", "dblclick", "tap", "fill", "press", "type", "check", "uncheck", "set_checked",
                   "select_option", "set_input_files", "press_sequentially")
PAGE_ACTIONS = ("goto", "reload", "go_back", "go_forward", "click", "fill", "press", "check", "select_option")


@pytest.fixture
def page(request, browser, live_server, viewport, monkeypatch):
    """A fresh browser context (no cookies) whose relative URLs go to the live server.

    Every page the test reaches is checked with axe-core (tests/browser/axe.py): each before the test's
    first action on it (so as it first appears, with any errors it shows), and the last when the test
    ends. A violation fails the test.
    """
    from playwright.sync_api import Locator, Page

    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    found: dict[str, list[str]] = {}

    def check(current) -> None:
        try:
            if not current.url.startswith("http") or current.evaluate("() => window.__axeChecked === true"):
                return
            current.wait_for_load_state("load")
            problems = violations(current)
            current.evaluate("() => { window.__axeChecked = true; }")
        except PlaywrightError:
            return  # the page went away while it was checked (a navigation already under way)
        if problems:
            found.setdefault(current.url, problems)

    def checked_first(method, page_of):
        def action(self, *args, **kwargs):
            if page_of(self) is tab:
                check(tab)
            return method(self, *args, **kwargs)
        return action

    for name in LOCATOR_ACTIONS:
        monkeypatch.setattr(Locator, name, checked_first(getattr(Locator, name), lambda locator: locator.page))
    for name in PAGE_ACTIONS:
        monkeypatch.setattr(Page, name, checked_first(getattr(Page, name), lambda current: current))
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed and not tab.is_closed():
        check(tab)
    monkeypatch.undo()
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        try:
            tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(tab.content(), encoding="utf-8")
        except Exception:  # noqa: BLE001 - a failed screenshot must not mask the test's failure
            pass
    context.close()
    if found:
        pytest.fail("axe-core found WCAG 2.2 AA violations:\n" + "\n".join(
            f"{url}\n  " + "\n  ".join(problems) for url, problems in found.items()), pytrace=False)


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


def open_section(page, name: str) -> None:
    """Go to a section of the service navigation as a person would: on a phone, through its Menu button."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    with page.expect_navigation():
        page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


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
