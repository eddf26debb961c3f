"""Pages load without breaking their own content security policy: nothing the browser refuses (htmx's
injected indicator style was refused on every page), and no error in the console."""

import pytest

from participants.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

# Recorded from the first script on the page, before htmx or anything else runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || "inline"} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(RECORD_VIOLATIONS)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def load(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    # htmx runs its set-up (and injected its style) once the deferred scripts have run.
    page.wait_for_function("() => window.htmx !== undefined")
    return page.evaluate("() => window.__cspViolations")


def test_public_pages_break_no_policy(page, watched, db):
    for path in ("/accounts/login/", "/cpd/", "/certificates/verify/", "/accounts/password/reset/"):
        assert load(page, path) == [], path
    assert watched == []


def test_signed_in_pages_break_no_policy(page, watched, sign_in, tutor_a, school_a):
    sign_in(tutor_a.email, TEST_PASSWORD)
    for path in ("/", f"/schools/{school_a.urn}/", f"/schools/{school_a.urn}/ects/upload/", "/my/events/"):
        assert load(page, path) == [], path
    assert watched == []
