"""The hand-over to RIAB in Chromium: AB staff download the claims file, mark it recorded, and upload RIAB's
error file back; every page passes axe-core (the page fixture checks each one reached)."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from appropriate_body.claims.claims import accept_claim
from appropriate_body.models import Claim
from appropriate_body.tests.factories import GOOD
from appropriate_body.tests.riab.helpers import CLAIM_HEADINGS, check_claim_row, error_file, read_back
from participants.models import Role
from participants.tests.factories import TEST_PASSWORD, add_totp, user_with_role
from registration.tests.factories import register

from .axe import violations

pytestmark = pytest.mark.browser


def test_ab_staff_hand_claims_over_and_read_riabs_refusals(page, sign_in_staff, school_a, tutor_a, ab_staff, tmp_path):
    claims = []
    for born in (date(1998, 3, 27), None):
        claim = register(school_a, tutor_a, date_of_birth=born).claims.get()
        claims.append(accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=date(2026, 9, 1)))
    # The cast's AB staff member has an authenticator whose secret the test does not hold: a colleague signs in.
    colleague = user_with_role(Role.AB_STAFF, email="riab.colleague@example.org")
    sign_in_staff(colleague.email, TEST_PASSWORD, add_totp(colleague))

    page.goto(reverse("appropriate_body:riab"))
    assert violations(page) == []
    expect(page.locator("#riab-claims-count")).to_have_text("2")
    expect(page.get_by_text("Needs the date of birth: enter in RIAB by hand")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the CSV of claims").click()
    headings, rows = read_back(open(download.value.path(), "rb").read())
    assert headings == CLAIM_HEADINGS and len(rows) == 1
    check_claim_row(rows[0])

    with page.expect_navigation():
        page.get_by_role("button", name="Mark these 2 as recorded in RIAB").click()
    expect(page.get_by_text("Every accepted claim is recorded in RIAB.")).to_be_visible()
    assert not Claim.objects.exclude(date_of_birth_sealed="").exists()

    refused = claims[0].ect_period.teacher
    upload = tmp_path / "Errors for claims.csv"
    upload.write_bytes(error_file(CLAIM_HEADINGS, [[refused.trn, "1998-03-27", "school-led", "2026-09-01",
                                                   f"{refused.full_name} is already claimed by another appropriate body"]]))
    page.get_by_label("Upload RIAB's error file").set_input_files(str(upload))
    with page.expect_navigation():
        page.get_by_role("button", name="Show what RIAB refused").click()
    expect(page.locator("#riab-refused")).to_contain_text("is already claimed by another appropriate body")
    expect(page.locator("#riab-claims-count")).to_have_text("1")
    assert violations(page) == []
