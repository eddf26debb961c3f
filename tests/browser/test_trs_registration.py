"""Registering an ECT with the Teaching Record System's stand-in answering over HTTP, in Chromium: the
name comes from the record, a wrong date of birth is refused, and the AB's claim page shows the
record's QTS date and induction status without anyone typing them (each page checked with axe)."""

import json
import re
import threading
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appropriate_body.models import Claim
from participants.people.trs_standin import TRSStandIn, load_fixture, make_standin_server
from participants.tests.factories import TEST_PASSWORD, add_totp

from .test_register_ect import continue_, fill_date

pytestmark = pytest.mark.browser

KEY = "browser-standin-key"
ELLIE = {
    "trn": "1000001", "firstName": "Ellie", "lastName": "Evans", "dateOfBirth": "1998-03-14", "emailAddress": "ellie@example.org",
    "qts": {"awarded": "2025-07-20", "statusDescription": "Qualified"},
    "induction": {"status": "RequiredToComplete", "startDate": None, "completedDate": None},
    "alerts": [], "initialTeacherTraining": [{"provider": {"name": "Severn Vale SCITT", "ukprn": "10055501"}}],
}


@pytest.fixture
def trs(tmp_path, settings):
    fixture = tmp_path / "persons.json"
    fixture.write_text(json.dumps({"persons": [ELLIE]}))
    server = make_standin_server(TRSStandIn(load_fixture(fixture), api_key=KEY), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.TRS_API_URL, settings.TRS_API_KEY, settings.TRS_RETRIES = f"http://127.0.0.1:{server.server_port}", KEY, 0
    settings.TEACHER_RECORD_LOOKUP = "participants.people.trs_records.TRSTeacherRecords"
    yield
    server.shutdown()
    server.server_close()


def test_the_record_fills_in_the_name_and_the_abs_checks(trs, page, sign_in, sign_in_staff, tutor_a, ab_staff, school_a):
    from datetime import date

    start = timezone.localdate() + timedelta(days=40)
    sign_in(tutor_a.email, TEST_PASSWORD)
    page.goto(f"/schools/{school_a.urn}/ects/register/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()

    page.get_by_label("Teacher reference number (TRN)").fill("1000001")
    fill_date(page, "Date of birth", date(1998, 3, 15))
    continue_(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("We cannot find a teacher with this TRN and date of birth")
    # Refused on the date of birth's own field, its boxes marked.
    expect(page.locator("#id_date_of_birth_error")).to_contain_text("We cannot find a teacher")

    fill_date(page, "Date of birth", date(1998, 3, 14))
    continue_(page)
    expect(page.locator("main")).to_contain_text("Ellie Evans")
    page.get_by_role("group", name="Is this the teacher you want to register?").get_by_label("Yes").check()
    page.get_by_role("group", name="Do they use a different name at school?").get_by_label("No").check()
    continue_(page)
    page.get_by_label("Email address").fill("ellie@example.org")
    continue_(page)
    fill_date(page, re.compile("start at your school as an ECT"), start)
    continue_(page)
    page.get_by_label("Full time").check()
    continue_(page)
    page.get_by_label("School-led", exact=True).check()
    continue_(page)
    page.get_by_label("I'll assign a mentor later").check()
    continue_(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Register ECT").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ECT registered")

    claim = Claim.objects.get(ect_period__teacher__trn="1000001")
    page.context.clear_cookies()
    ab_staff.authenticator_set.all().delete()
    sign_in_staff(ab_staff.email, TEST_PASSWORD, add_totp(ab_staff))
    page.goto(f"/ab/claims/{claim.public_id}/")
    expect(page.locator("#record-read")).to_contain_text("Filled in from the Teaching Record System")
    qts = page.get_by_role("group", name=re.compile("QTS award date"))
    expect(qts.get_by_label("Day")).to_have_value("20")
    expect(qts.get_by_label("Month")).to_have_value("7")
    expect(qts.get_by_label("Year")).to_have_value("2025")
    expect(page.get_by_label("Induction status on the teacher record")).to_have_value("RequiredToComplete")
    expect(page.get_by_role("group", name="Does the record show an active prohibition from teaching?").get_by_label("No")).to_be_checked()


def test_ab_staff_give_a_moved_ects_date_of_birth_and_the_claim_fills_in_from_the_record(trs, page, sign_in_staff, tutor_a, ab_staff,
                                                                                       school_a):
    from datetime import date

    from registration.tests.factories import register

    # A claim made by a move between schools carries no date of birth.
    claim = register(school_a, tutor_a, trn="1000001", first_name="Ellie", last_name="Evans").claims.get()
    ab_staff.authenticator_set.all().delete()
    sign_in_staff(ab_staff.email, TEST_PASSWORD, add_totp(ab_staff))
    page.goto(f"/ab/claims/{claim.public_id}/")
    form = page.locator("#read-record")
    expect(form).to_contain_text("holds no date of birth")

    fill_date(page, "Date of birth", date(1998, 3, 15))
    with page.expect_navigation():
        form.get_by_role("button", name="Read the teacher record").click()
    expect(page.locator("#id_date_of_birth_error")).to_contain_text("We cannot find a teacher with this TRN and date of birth")

    fill_date(page, "Date of birth", date(1998, 3, 14))
    with page.expect_navigation():
        page.locator("#read-record").get_by_role("button", name="Read the teacher record").click()
    expect(page.locator("#record-read")).to_contain_text("Filled in from the Teaching Record System")
    expect(page.get_by_label("Induction status on the teacher record")).to_have_value("RequiredToComplete")
    expect(page.locator("#read-record")).to_have_count(0)


def test_the_bulk_claims_page_says_records_come_from_the_service(trs, page, sign_in_staff, ab_staff):
    ab_staff.authenticator_set.all().delete()
    sign_in_staff(ab_staff.email, TEST_PASSWORD, add_totp(ab_staff))
    page.goto("/ab/bulk/")
    expect(page.locator("main")).to_contain_text("read from the Teaching Record System: you do not type it")
    expect(page.get_by_role("region", name="Columns of the claims file")).to_contain_text("Date of birth")
