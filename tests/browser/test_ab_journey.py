"""The AB journey in a real browser: AB staff accept a claim; the tutor submits a progress review; the
tutor, the ECT and the headteacher complete the final assessment in order; AB staff record the pass;
the case's history shows each step with who took it.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appropriate_body.models import Assessment, AssessmentKind, InductionPeriod
from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from registration.tests.factories import register
from tests.browser.conftest import TIMEOUT_MS, fresh_totp_code

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


@pytest.fixture
def signed_in_page(browser, live_server):
    """Make a browser context of a user's own, signed in (each person keeps theirs, as on their own device)."""
    contexts = []

    def make(user, secret=None):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return _sign_in(context.new_page(), user, secret)

    yield make
    for context in contexts:
        context.close()


def _sign_in(tab, user, secret):
    tab.goto("/accounts/login/")
    tab.get_by_label("Email").fill(user.email)
    tab.get_by_label("Password", exact=False).first.fill(TEST_PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign in").click()
    if secret:
        tab.locator("input[name='code']").fill(fresh_totp_code(secret))
        with tab.expect_navigation():
            tab.locator("main form button[type='submit']").first.click()
    return tab


def submit(page, name) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_claim_review_final_assessment_and_pass_with_the_history(signed_in_page, school_a, tutor_a):
    today = timezone.localdate()
    period = register(school_a, tutor_a, first_name="Ada", last_name="Lovelace", started_on=today.replace(day=1))
    ada = user_with_role(Role.ECT, email="ada@example.org", first_name="Ada", last_name="Lovelace")
    period.teacher.user = ada
    period.teacher.save()
    head = user_with_role(Role.HEADTEACHER, school=school_a, email="head@example.org", first_name="Hattie", last_name="Head")
    ab = user_with_role(Role.AB_STAFF, email="ab.journey@example.org", first_name="Abel", last_name="Body")
    ab_secret = add_totp(ab)

    # AB staff check the record and accept the claim.
    page = ab_page = signed_in_page(ab, ab_secret)
    page.goto("/ab/claims/")
    page.get_by_role("link", name="Ada Lovelace").click()
    fill_date(page, "qts_awarded_on", today.replace(day=1).replace(year=today.year - 1))
    page.get_by_label("Induction status on the teacher record").select_option(label="Required to complete")
    page.locator("input[name='has_active_prohibition'][value='no']").check()
    submit(page, "Accept claim")
    expect(page.locator("main")).to_contain_text("Claim for Ada Lovelace accepted.")
    induction = InductionPeriod.objects.get(ect_period=period).induction

    # The tutor submits the first progress review.
    page = tutor_page = signed_in_page(tutor_a)
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
    page = ada_page = signed_in_page(ada)
    page.goto(f"/my/induction/assessments/{final.public_id}/")
    page.get_by_label("Your comments").fill("I agree with the assessment.")
    submit(page, "Save your comments")
    page = tutor_page
    page.goto(f"/schools/{school_a.urn}/assessments/{final.public_id}/")
    submit(page, re.compile("^Sign as"))
    page = signed_in_page(head)
    page.goto(f"/schools/{school_a.urn}/assessments/{final.public_id}/")
    submit(page, re.compile("^Sign as"))
    page = ada_page
    page.goto(f"/my/induction/assessments/{final.public_id}/")
    submit(page, "Sign the report")
    final = Assessment.objects.get(pk=final.pk)
    assert final.status == "signed" and final.tutor_signed_at and final.headteacher_signed_at and final.ect_signed_at

    # AB staff record completion, the recommendation, the ECT's comments and the pass.
    page = ab_page
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

    # The history shows each step, newest first, with who took it.
    page.goto(f"/ab/inductions/{induction.public_id}/")
    history = page.locator("ol[aria-labelledby='history-heading']")
    for text in ("Completion and decision", "Final assessment (term 6)", "Progress review (term 1)", "Claim changed",
                 "Induction period opened", "Decision: not set"):
        expect(history).to_contain_text(text)
    expect(history).to_contain_text(re.compile(r"Outcome: not set\W+(changed to\s*)?Passed"))
    expect(history).to_contain_text(str(ab))
    expect(history).to_contain_text(str(tutor_a))
