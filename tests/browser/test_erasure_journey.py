"""Hub staff answer an erasure request in Chromium: the data retention page, the requests list, the
request with its plan, and the erasure itself (the page fixture checks each page with axe)."""

import pytest
from playwright.sync_api import expect

from participants.models import User
from participants.tests.factories import TEST_PASSWORD, add_totp
from privacy.models import DataRequest
from privacy.tests.erasure.world import someone

pytestmark = pytest.mark.browser


def test_hub_staff_erase_a_person_at_their_request(page, sign_in_staff, cast, school_a, hub_staff, files_in_memory):
    perpetua = someone("Perpetua", "Quennell", "4818181", school=school_a, actor=cast["tutor_a"])
    hub_staff.authenticator_set.all().delete()
    sign_in_staff(hub_staff.email, TEST_PASSWORD, add_totp(hub_staff))

    page.goto("/hub/data-retention/")
    expect(page.get_by_role("heading", name="Data retention", level=1)).to_be_visible()
    page.get_by_role("link", name="Data requests").first.click()
    page.get_by_role("button", name="Record a new request").click()
    page.get_by_label("Erasure").check()
    page.get_by_label("Email address (optional if you give a TRN)").fill(perpetua.email)
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record the request").click()

    expect(page.get_by_role("heading", name="What erasure will do")).to_be_visible()
    expect(page.locator("#erasure-items")).to_contain_text("Sign-in account")
    page.get_by_role("button", name="Erase their records").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you have checked")
    page.get_by_label("I have checked that the request comes from this person").check()
    page.get_by_role("button", name="Erase their records").click()

    expect(page.get_by_role("heading", name="What was done")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Quennell")
    assert DataRequest.objects.get().completed_at is not None
    assert User.objects.get(pk=perpetua.user.pk).anonymised_on is not None
