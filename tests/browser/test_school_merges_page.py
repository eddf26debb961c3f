"""Hub staff's Closed schools page in Chromium: a GIAS move listed and reversed (each page checked with axe)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from participants.models import ECTAtSchoolPeriod, School
from participants.tests.factories import TEST_PASSWORD, SchoolFactory, add_totp
from registration.school_merges.merges import merge_school
from registration.tests.factories import register

pytestmark = pytest.mark.browser


def test_hub_staff_see_a_closed_schools_move_and_reverse_it(page, sign_in_staff, hub_staff, tutor_a):
    closed = SchoolFactory(urn=170_001, name="Ash Infants", status=School.Status.CLOSED)
    successor = SchoolFactory(urn=170_002, name="Ash Academy")
    register(closed, tutor_a, started_on=date(2026, 4, 20), today=date(2026, 4, 1))
    merge_school(closed, successor, link_type="Successor - merged", moved_on=date(2026, 9, 1), actor=None)
    hub_staff.authenticator_set.all().delete()
    sign_in_staff(hub_staff.email, TEST_PASSWORD, add_totp(hub_staff))

    page.goto("/schools/moves/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ash Infants (170001)")
    with page.expect_navigation():
        page.locator("main form button[type='submit']").first.click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("is back at Ash Infants")
    assert ECTAtSchoolPeriod.objects.filter(school=closed, finished_on__isnull=True).exists()
