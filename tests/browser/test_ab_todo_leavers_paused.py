"""The AB's to-do list in a real browser with a leaver to release, a paused induction and a release not yet
handed over to RIAB, each read from what is stored on the induction periods; checked with axe-core."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appropriate_body.inductions.periods import release
from appropriate_body.tests.factories import claimed
from participants.models import LeavingReason, Role
from participants.tests.factories import TEST_PASSWORD, add_totp, user_with_role
from registration.changes import report_leaver

pytestmark = [pytest.mark.browser]


def test_leavers_and_paused_inductions_on_the_to_do_list(page, sign_in_staff, school_a, tutor_a, db):
    today = timezone.localdate()
    ab_staff = user_with_role(Role.AB_STAFF, email="todo.staff@example.org", first_name="Tia", last_name="Todo")
    year = today.year if today.month >= 9 else today.year - 1
    leaving = claimed(school_a, tutor_a, ab_staff, year=year, first_name="Lena", last_name="Leaver")
    report_leaver(leaving.ect_period, finished_on=today + timedelta(days=20), reason=LeavingReason.LEFT_SCHOOL, note="",
                  actor=tutor_a, today=today)
    released = claimed(school_a, tutor_a, ab_staff, year=year, first_name="Paula", last_name="Paused")
    release(released, finished_on=today, number_of_terms=Decimal("1"), actor=ab_staff, today=today)
    sign_in_staff(ab_staff.email, TEST_PASSWORD, add_totp(ab_staff))

    page.goto("/ab/")
    expect(page.get_by_role("heading", level=1)).to_have_text("To do")
    expect(page.locator("#todo-leavers-count")).to_have_text("1")
    expect(page.locator("#todo-paused-count")).to_have_text("1")
    leavers = page.locator("#todo-leavers")
    expect(leavers.get_by_role("heading", level=2)).to_have_text("Leavers to release")
    expect(leavers).to_contain_text("Lena Leaver")
    expect(leavers).to_contain_text(f"leaves {(today + timedelta(days=20)).strftime('%-d %b %Y')}")
    paused = page.locator("#todo-paused")
    expect(paused).to_contain_text("Paula Paused")
    expect(paused).to_contain_text(f"released {today.strftime('%-d %b %Y')}")
    # The release is still to be recorded in RIAB, as are both claims the AB accepted.
    expect(page.locator("#todo-riab-count")).to_have_text("2")
