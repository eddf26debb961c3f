"""The AB's check of a report in a real browser (SG24 5.11): AB staff return a signed formal assessment with a
comment; the tutor fixes it and resubmits; the ECT comments and all three sign again; AB staff accept it; the
case's history shows every step. At 1280 and 390 px, every page checked with axe-core.
"""

import re

import pytest
from playwright.sync_api import expect

from appropriate_body.assessments import assessments as reports
from appropriate_body.models import Assessment, AssessmentKind, ReviewOutcome
from appropriate_body.tests.factories import NOW, claimed, ect_account, first, written
from participants.tests.factories import Role, add_totp, user_with_role
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_ab_journey import signed_in_page, submit  # noqa: F401 (signed_in_page is a fixture)

pytestmark = [pytest.mark.browser]


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280", "390"])
def viewport(request):
    return request.param


@pytest.fixture
def signed_formal(school_a, tutor_a, headteacher_a, ab_staff):
    """A formal assessment the tutor wrote, the ECT commented on and all three signed, as the AB receives it."""
    period = claimed(school_a, tutor_a, ab_staff)
    ect = ect_account(period)
    formal = written(first(period, AssessmentKind.FORMAL_ASSESSMENT), tutor_a)
    reports.submit(formal, actor=tutor_a, now=NOW)
    reports.add_ect_comments(formal, comments="I agree.", actor=ect, now=NOW)
    for role, who in ((reports.Signer.TUTOR, tutor_a), (reports.Signer.HEADTEACHER, headteacher_a), (reports.Signer.ECT, ect)):
        formal = reports.sign(formal, as_role=role, actor=who, now=NOW)
    return formal, ect


def test_ab_returns_a_formal_assessment_the_school_fixes_it_and_the_ab_accepts(page, signed_in_page, school_a, tutor_a,  # noqa: F811
                                                                                headteacher_a, signed_formal):
    formal, ect = signed_formal
    name = formal.induction.teacher.full_name
    ab = user_with_role(Role.AB_STAFF, email="ab.checker@example.org", first_name="Abel", last_name="Checker")
    signed_in_page(tutor_a, then=f"/schools/{school_a.urn}/inductions/")
    signed_in_page(headteacher_a, then=f"/schools/{school_a.urn}/inductions/")
    signed_in_page(ect, then="/my/induction/")
    signed_in_page(ab, add_totp(ab), then="/ab/")
    report = f"/schools/{school_a.urn}/assessments/{formal.public_id}/"

    # AB staff find it on their to-do list and return it: there is no evidence for TS4.
    signed_in_page.become(ab)
    page.goto("/ab/")
    expect(page.locator("#todo-reports_to_check-count")).to_have_text("1")
    page.get_by_role("link", name="All 1 reports to check").or_(page.get_by_role("link", name="Reports to check")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports to check")
    page.get_by_role("link", name=re.compile("^Check the formal assessment")).click()
    submit(page, "Return to the school")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Add a comment on at least one part of the report to return it")
    page.get_by_label(re.compile("Comment on: TS4")).fill("There is no evidence for TS4.")
    submit(page, "Return to the school")
    expect(page.locator("main")).to_contain_text(f"returned to {school_a.name}")
    expect(page.locator("main")).to_contain_text("0 reports to check.")

    # The tutor reads the comment beside TS4, adds the evidence and resubmits.
    signed_in_page.become(tutor_a)
    page.goto(report)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Returned by the appropriate body")
    expect(page.locator(".app-returned-comment")).to_have_text(re.compile("There is no evidence for TS4."))
    page.get_by_label("Note on TS4").fill("Planning folder, lessons 3 to 9, and two observed lessons.")
    submit(page, "Resubmit to the appropriate body")
    expect(page.locator("main")).to_contain_text("once the ECT has commented and everyone has signed again")

    # What was signed changed: the ECT comments, then the tutor, the headteacher and the ECT sign again.
    signed_in_page.become(ect)
    page.goto(f"/my/induction/assessments/{formal.public_id}/")
    page.get_by_label("Your comments").fill("I agree with the added evidence.")
    submit(page, "Save your comments")
    for who in (tutor_a, headteacher_a):
        signed_in_page.become(who)
        page.goto(report)
        submit(page, re.compile("^Sign as"))
    signed_in_page.become(ect)
    page.goto(f"/my/induction/assessments/{formal.public_id}/")
    submit(page, "Sign the report")
    formal = Assessment.objects.get(pk=formal.pk)
    assert formal.status == "signed" and formal.ect_comments == "I agree with the added evidence."

    # Back with the AB, who accept it.
    signed_in_page.become(ab)
    page.goto("/ab/reports-to-check/")
    expect(page.locator("main")).to_contain_text("Resubmitted")
    page.get_by_role("link", name=re.compile("^Check the formal assessment")).click()
    expect(page.locator("main")).to_contain_text("There is no evidence for TS4.")
    expect(page.locator("main")).to_contain_text("Planning folder, lessons 3 to 9")
    submit(page, "Accept report")
    expect(page.locator("main")).to_contain_text("accepted")
    assert list(formal.reviews.values_list("outcome", flat=True)) == [ReviewOutcome.RETURNED, ReviewOutcome.ACCEPTED]

    # The case's history shows every step, with who took it.
    page.goto(f"/ab/inductions/{formal.induction.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    history = page.locator(".moj-timeline[aria-labelledby='history-heading']")
    kind = f"Formal assessment (end of year 1) (term {formal.term_number})"
    for text in (f"Returned by the AB: {kind}", "There is no evidence for TS4.", f"Resubmitted by the school: {kind}",
                 f"Accepted by the AB: {kind}", "Returned by the appropriate body"):
        expect(history).to_contain_text(text)
    expect(history).to_contain_text(str(ab))
