"""The pages of moves, headteacher confirmations and uploads, checked with axe-core in Chromium: no
WCAG 2.2 A or AA violation of any impact (the page fixture also checks every page a browser test reaches).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.accounts.invitations import accept_invitation, invite_person
from participants.models import Role, TeacherTransfer, TrainingProgramme, WorkingPattern
from participants.tests.factories import TEST_PASSWORD, UserFactory
from registration.tests.factories import register
from registration.tests.uploads.test_bulk import ect_row, upload_rows
from registration.transfers import request_transfer

from .axe import AXE
from .axe import violations as axe_violations

pytestmark = pytest.mark.browser



def violations(page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("load")
    return axe_violations(page)


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
