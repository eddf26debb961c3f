"""The AB journey in a real browser: AB staff accept a claim; the tutor submits a progress review; the
tutor, the ECT and the headteacher complete the final assessment in order; AB staff record the pass;
the case's history shows each step with who took it. At 1280 and 390 px, every page checked with axe-core.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appropriate_body.models import Assessment, AssessmentKind, InductionPeriod
from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from registration.tests.factories import register
from tests.browser.conftest import DESKTOP, PHONE, fresh_totp_code

pytestmark = [pytest.mark.browser]


def fill_date(page, name: str, day) -> None:
    for box, value in zip(("0", "1", "2"), (day.day, day.month, day.year), strict=True):
        page.locator(f"input[name='{name}_{box}']").fill(str(value))


def judge_every_standard(page) -> None:
    for code in ("TS1", "TS2", "TS3", "TS4", "TS5", "TS6", "TS7", "TS8", "P2"):
        page.locator(f"input[name='{code}_on_track'][value='yes']").check()
    page.locator("input[name='on_track'][value='yes']").check()
    page.get_by_label("Summary of the evidence").fill("Observations and planning show secure practice.")
    page.get_by_label("Development targets agreed with the ECT").fill("Sharpen questioning (TS2).")


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280", "390"])
def viewport(request):
    return request.param


@pytest.fixture
def signed_in_page(page):
    """Sign a person in on the one checked page, keeping each person's session to come back to (as on their
    own device): every page anyone reaches goes through the page fixture's axe-core check."""
    sessions = {}

    def make(user, secret=None, *, then="/"):
        page.context.clear_cookies()
        _sign_in(page, user, secret, then)
        sessions[user.pk] = page.context.cookies()
        return user

    def become(user):
        page.context.clear_cookies()
        page.context.add_cookies(sessions[user.pk])
        return page

    make.become = become
    return make


def _sign_in(tab, user, secret, then):
    tab.goto(f"/accounts/login/?next={then}")
    tab.get_by_label("Email").fill(user.email)
    tab.get_by_label("Password", exact=False).first.fill(TEST_PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign in").click()
    if secret:
        tab.locator("input[name='code']").fill(fresh_totp_code(secret))
        with tab.expect_navigation():
            tab.locator("main form button[type='submit']").first.click()
    return tab


def no_sideways_scroll(page) -> bool:
    """Nothing but a table's own scroll region may be wider than the window."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def submit(page, name) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_claim_review_final_assessment_and_pass_with_the_history(page, signed_in_page, viewport, school_a, tutor_a):
    today = timezone.localdate()
    period = register(school_a, tutor_a, first_name="Ada", last_name="Lovelace", started_on=today.replace(day=1))
    ada = user_with_role(Role.ECT, email="ada@example.org", first_name="Ada", last_name="Lovelace")
    period.teacher.user = ada
    period.teacher.save()
    head = user_with_role(Role.HEADTEACHER, school=school_a, email="head@example.org", first_name="Hattie", last_name="Head")
    ab = user_with_role(Role.AB_STAFF, email="ab.journey@example.org", first_name="Abel", last_name="Body")
    ab_secret = add_totp(ab)

    # Each signs in on their own page of the portal.
    signed_in_page(tutor_a, then=f"/schools/{school_a.urn}/inductions/")
    signed_in_page(ada, then="/my/induction/")
    signed_in_page(head, then=f"/schools/{school_a.urn}/inductions/")
    signed_in_page(ab, ab_secret, then="/ab/")

    # AB staff see the claim on their to-do list, check the record and accept it.
    signed_in_page.become(ab)
    page.goto("/ab/")
    expect(page.get_by_role("heading", level=1)).to_have_text("To do")
    expect(page.locator("#todo-claims-count")).to_have_text("1")
    page.goto("/ab/claims/")
    page.get_by_role("link", name="Ada Lovelace").click()
    fill_date(page, "qts_awarded_on", today.replace(day=1).replace(year=today.year - 1))
    page.get_by_label("Induction status on the teacher record").select_option(label="Required to complete")
    page.locator("input[name='has_active_prohibition'][value='no']").check()
    submit(page, "Accept claim")
    expect(page.locator("main")).to_contain_text("Claim for Ada Lovelace accepted.")
    induction = InductionPeriod.objects.get(ect_period=period).induction

    # The tutor submits the first progress review.
    signed_in_page.become(tutor_a)
    page.goto(f"/schools/{school_a.urn}/inductions/")
    page.get_by_role("link", name=re.compile(r"^Progress review for Ada Lovelace, term 1$")).click()
    judge_every_standard(page)
    submit(page, "Submit progress review")
    review = induction.assessments.get(kind=AssessmentKind.PROGRESS_REVIEW, term_number=1)
    assert review.status == "submitted"

    # The final assessment: the tutor completes it with the headteacher's recommendation...
    final = induction.assessments.get(kind=AssessmentKind.FINAL_ASSESSMENT)
    page.goto(f"/schools/{school_a.urn}/assessments/{final.public_id}/")
    judge_every_standard(page)
    fill_date(page, "meeting_on", today)  # FA-005: the meeting whose signed report is due in 10 working days (DL-002)
    page.locator("input[name='headteacher_recommendation'][value='satisfactory']").check()
    submit(page, "Submit final assessment")
    # ...the ECT adds her comments, then the tutor, the headteacher and the ECT sign, in that order.
    signed_in_page.become(ada)
    page.goto(f"/my/induction/assessments/{final.public_id}/")
    page.get_by_label("Your comments").fill("I agree with the assessment.")
    submit(page, "Save your comments")
    signed_in_page.become(tutor_a)
    page.goto(f"/schools/{school_a.urn}/assessments/{final.public_id}/")
    submit(page, re.compile("^Sign as"))
    signed_in_page.become(head)
    page.goto(f"/schools/{school_a.urn}/assessments/{final.public_id}/")
    submit(page, re.compile("^Sign as"))
    signed_in_page.become(ada)
    page.goto(f"/my/induction/assessments/{final.public_id}/")
    submit(page, "Sign the report")
    final = Assessment.objects.get(pk=final.pk)
    assert final.status == "signed" and final.tutor_signed_at and final.headteacher_signed_at and final.ect_signed_at

    # AB staff record completion, the recommendation, the ECT's comments and the pass.
    signed_in_page.become(ab)
    page.goto(f"/ab/inductions/{induction.public_id}/completion/")
    fill_date(page, "completion-completed_on", today)
    submit(page, "Save")
    page.locator("input[name='recommendation-recommendation'][value='satisfactory']").check()
    fill_date(page, "recommendation-received_on", today)
    submit(page, "Save")
    fill_date(page, "representations-received_on", today)
    page.get_by_label("What the ECT said").fill("I agree with the recommendation.")
    page.locator("section[aria-labelledby='step-representations'] button").click()
    page.wait_for_load_state()
    page.locator("input[name='decision-decision'][value='pass']").check()
    fill_date(page, "decision-decided_on", today)
    page.get_by_label(re.compile("number of terms in the current period")).fill("6")
    submit(page, "Save")
    expect(page.locator("main")).to_contain_text("Decision recorded: pass.")
    assert induction.periods.get().outcome == "pass"

    # The caseload finds her; her case page shows the pass, and its history each step, newest first, with who took it.
    page.goto("/ab/inductions/")
    expect(page.locator("#case-count")).to_have_text("1 ECT")
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    expect(page.locator("main")).to_contain_text("Passed")
    assert no_sideways_scroll(page)
    history = page.locator(".moj-timeline[aria-labelledby='history-heading']")
    for text in ("Completion and decision", "Final assessment (term 6)", "Progress review (term 1)", "Claim changed",
                 "Induction period opened", "Decision: not set"):
        expect(history).to_contain_text(text)
    expect(history).to_contain_text(re.compile(r"Outcome: not set\W+(changed to\s*)?Passed"))
    expect(history).to_contain_text(str(ab))
    expect(history).to_contain_text(str(tutor_a))
