"""The AB's planning and request pages in a real browser, each checked with axe: the QA queue, a QA check, a
school's QA log, the workload and a week of it, planning an item, My work, an induction whose teaching record
now shows a prohibition (case page and to-do list), a school's request to reduce an induction (the tutor asks,
the ECT answers, AB staff decide) and the tutor's post and contract page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appropriate_body.length_requests.requests import request_reduction
from appropriate_body.models import Assessment, AssessmentStatus, Induction
from appropriate_body.qa.workload import monday
from appropriate_body.tests.factories import claimed, ect_account
from participants.models import Role
from participants.tests.factories import TEST_PASSWORD, add_totp, user_with_role
from registration.tests.factories import register

pytestmark = pytest.mark.browser


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def test_ab_staff_planning_pages(page, sign_in_staff, school_a, tutor_a, db):
    today = timezone.localdate()
    ab_staff = user_with_role(Role.AB_STAFF, email="planning.staff@example.org", first_name="Pia", last_name="Planner")
    year = today.year if today.month >= 9 else today.year - 1
    period = claimed(school_a, tutor_a, ab_staff, year=year)
    Induction.objects.filter(pk=period.induction_id).update(record_read_at=timezone.now(), record_induction_status="InProgress",
                                                            record_prohibited=True)
    review = Assessment.objects.filter(induction=period.induction, status=AssessmentStatus.NOT_STARTED,
                                       due_on__gte=today).order_by("due_on").first()
    sign_in_staff(ab_staff.email, TEST_PASSWORD, add_totp(ab_staff))

    page.goto("/ab/qa/")
    heading(page, "QA queue")
    page.goto(f"/ab/qa/inductions/{period.induction.public_id}/check/")
    expect(page.locator("main")).to_contain_text(period.induction.teacher.full_name)
    page.goto(f"/ab/qa/schools/{school_a.urn}/")
    expect(page.locator("main")).to_contain_text(school_a.name)
    page.goto("/ab/workload/")
    heading(page, "Workload")
    page.goto(f"/ab/workload/week/?week={monday(today).isoformat()}")
    expect(page.locator("main")).to_contain_text("Week")
    page.goto(f"/ab/workload/review/{review.public_id}/plan/")
    expect(page.locator("main")).to_contain_text(period.induction.teacher.full_name)
    page.goto("/ab/my-work/")
    heading(page, "My work")
    page.goto(f"/ab/inductions/{period.induction.public_id}/")
    expect(page.locator("#teaching-record")).to_contain_text("The record now shows a prohibition")
    page.goto("/ab/")
    expect(page.locator("main")).to_contain_text("ECTs the teaching record now shows prohibited")


def test_a_reduction_asked_for_answered_and_decided(page, sign_in, sign_in_staff, school_a, tutor_a, db):
    today = timezone.localdate()
    ab_staff = user_with_role(Role.AB_STAFF, email="requests.staff@example.org", first_name="Ravi", last_name="Request")
    year = today.year if today.month >= 9 else today.year - 1
    period = claimed(school_a, tutor_a, ab_staff, year=year)
    ect = ect_account(period)
    pending = register(school_a, tutor_a, today=today, started_on=today + timedelta(days=30)).claims.get()

    sign_in(tutor_a.email, TEST_PASSWORD)
    page.goto(f"/schools/{school_a.urn}/inductions/{period.induction.public_id}/reduction/new/")
    expect(page.locator("main")).to_contain_text(period.induction.teacher.full_name)
    page.goto(f"/schools/{school_a.urn}/claims/{pending.public_id}/post-and-contract/")
    expect(page.locator("main")).to_contain_text("contract")
    request = request_reduction(period.induction, school=school_a, basis="prior_experience", terms=2,
                                evidence="Four years teaching in an independent school.", headteacher_name="Hana Head",
                                actor=tutor_a, today=today)

    page.context.clear_cookies()
    sign_in(ect.email, TEST_PASSWORD)
    page.goto("/my/induction/")
    expect(page.locator("main")).to_contain_text("Do you consent to this reduction?")
    page.get_by_role("group", name="Do you consent to this reduction?").get_by_label("I consent to the reduction").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answer").click()
    expect(page.locator("main")).to_contain_text("Waiting for the appropriate body's decision")

    page.context.clear_cookies()
    sign_in_staff(ab_staff.email, TEST_PASSWORD, add_totp(ab_staff))
    page.goto(f"/length-requests/{request.public_id}/")
    expect(page.locator("main")).to_contain_text("Waiting for the appropriate body's decision")
