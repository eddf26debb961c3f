"""The pages this portal's identity, signing and upload work added or changed, checked with axe-core in
Chromium: no serious or critical WCAG 2.2 A/AA violation inside the page's main content.

The shared header and footer are checked by the design-system work that replaces them; here the page's
own content (`main`) is what is judged.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.accounts.invitations import accept_invitation, invite_person
from participants.models import Role, TeacherTransfer, TrainingProgramme, WorkingPattern
from participants.tests.factories import TEST_PASSWORD, UserFactory
from registration.tests.factories import register
from registration.tests.uploads.test_bulk import ect_row, upload_rows
from registration.transfers import request_transfer

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHECK = """async (tags) => {
  const result = await axe.run(document.querySelector("main"), {runOnly: {type: "tag", values: tags}});
  return result.violations.filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}"""


def violations(page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("load")
    # Evaluated through the browser's debugging protocol, so the page's content security policy allows it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(CHECK, WCAG)


@pytest.fixture
def a_move(school_a, school_b, tutor_a, tutor_b):
    today = timezone.localdate()
    period = register(school_a, tutor_a, today=today, started_on=today - timedelta(days=30))
    return request_transfer(period.teacher, school_a, school_b, kind=TeacherTransfer.Kind.ECT,
                            started_on=today + timedelta(days=30), actor=tutor_b,
                            working_pattern=WorkingPattern.FULL_TIME, training_programme=TrainingProgramme.SCHOOL_LED)


def test_the_move_pages_pass_axe(page, sign_in, a_move, tutor_a, school_a):
    assert AXE.exists(), "axe-core is installed by `make setup` (package.json)"
    sign_in(tutor_a.email, TEST_PASSWORD)
    for path in (reverse("participants:transfer", args=[school_a.urn, a_move.public_id]),
                 reverse("participants:ect_list", args=[school_a.urn]), "/"):
        assert violations(page, path) == [], path


def test_the_headteacher_confirmation_page_passes_axe(page, sign_in, headteacher_a, tutor_a, school_a):
    invitation = invite_person(email="new.head@example.org", role=Role.HEADTEACHER, school=school_a, invited_by=tutor_a)
    accept_invitation(invitation, user=UserFactory(email="new.head@example.org"))
    sign_in(headteacher_a.email, TEST_PASSWORD)
    path = reverse("participants:headteacher_confirmations")
    assert violations(page, path) == [], path
    assert page.get_by_text("new.head@example.org").count() >= 1


def test_the_upload_preview_and_result_pass_axe(page, sign_in, tutor_a, tutor_b, school_a, school_b):
    today = timezone.localdate()
    held = register(school_b, tutor_b, today=today, started_on=today - timedelta(days=30)).teacher
    upload = upload_rows(school_a, tutor_a, [ect_row(trn=held.trn), ect_row()], today=today)
    sign_in(tutor_a.email, TEST_PASSWORD)
    path = reverse("participants:upload_detail", args=[school_a.urn, upload.public_id])
    assert violations(page, path) == [], path
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and register 2 ECTs").click()
    page.get_by_text("1 more is registered at another school").wait_for()
    assert violations(page, page.url) == [], "the upload's result"
