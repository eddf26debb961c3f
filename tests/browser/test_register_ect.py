"""The first used-by journey, in a real browser with a real worker and SMTP server.

An induction tutor registers an ECT through the guided flow, changes an answer from
check-your-answers, finds the ECT on the school's list needing a mentor, registers a
new mentor for them, and both people's invitation emails go through Redis to a
Celery worker process and out over SMTP. On a desktop and on a phone: at 390 px the
ECT list's table scrolls inside its own region, never the page.
"""

import email
import re
import time
from datetime import timedelta
from email import policy

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.models import ECTAtSchoolPeriod, Invitation
from participants.tests.factories import TEST_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]

MAIL_TIMEOUT = 30
# Nothing but a table's own scroll region may scroll sideways (WCAG 1.4.10 reflow).
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280", "390"])
def viewport(request):
    return request.param


def fill_date(page, legend, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def continue_(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def wait_for_envelopes(smtp_server, count: int, worker) -> list:
    deadline = time.monotonic() + MAIL_TIMEOUT
    while time.monotonic() < deadline:
        if len(smtp_server.handler.envelopes) >= count:
            return smtp_server.handler.envelopes
        time.sleep(0.2)
    pytest.fail(f"{len(smtp_server.handler.envelopes)} emails arrived, not {count}; worker output:\n{worker.output}")


def test_tutor_registers_an_ect_and_assigns_a_mentor(page, sign_in, worker, smtp_server, tutor_a, school_a):
    start = timezone.localdate() + timedelta(days=40)
    sign_in(tutor_a.email, TEST_PASSWORD)

    page.goto(f"/schools/{school_a.urn}/ects/register/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()

    # TRN as a tutor might type it (ID-TRN-003 keeps the digits and pads to seven).
    page.get_by_label("Teacher reference number (TRN)").fill("RP 12/345")
    fill_date(page, "Date of birth", start.replace(year=start.year - 26))
    continue_(page)

    page.get_by_label("First name").fill("Siân")
    page.get_by_label("Last name").fill("O'Neill")
    page.get_by_role("group", name="Do they use a different name at school?").get_by_label("No").check()
    continue_(page)

    page.get_by_label("Email address").fill("sian.first@example.org")
    continue_(page)
    fill_date(page, re.compile("start at your school as an ECT"), start)
    continue_(page)
    page.get_by_label("Full time").check()
    continue_(page)
    page.get_by_label("School-led", exact=True).check()
    continue_(page)
    page.get_by_label("I'll assign a mentor later").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    main = page.locator("main")
    expect(main).to_contain_text("0012345")
    expect(main).to_contain_text("sian.first@example.org")

    # Change one answer: the email page, then straight back to check your answers.
    page.get_by_role("link", name=re.compile(r"^Change email", re.I)).click()
    page.get_by_label("Email address").fill("sian.oneill@example.org")
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    expect(main).to_contain_text("sian.oneill@example.org")
    expect(main).not_to_contain_text("sian.first@example.org")

    with page.expect_navigation():
        page.get_by_role("button", name="Register ECT").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ECT registered")

    page.goto(f"/schools/{school_a.urn}/ects/")
    row = page.get_by_role("row").filter(has_text="Siân O'Neill")
    expect(row).to_contain_text("Action required: assign a mentor")
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the ECT list scrolls sideways"
    expect(page.get_by_role("region", name=re.compile("Early career teachers"))).to_be_visible()

    row.get_by_role("link", name=re.compile("Siân O'Neill")).click()
    page.get_by_role("button", name="Assign a mentor").first.click()  # a link drawn as a button
    page.get_by_label("Someone else: register a new mentor").check()
    page.get_by_label("Teacher reference number (TRN)").fill("7654321")
    page.get_by_label("Mentor's first name").fill("Grace")
    page.get_by_label("Mentor's last name").fill("Hopper")
    page.get_by_label("Mentor's email address").fill("grace.hopper@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Save mentor").click()
    expect(page.locator("main")).to_contain_text("Grace Hopper")

    page.goto(f"/schools/{school_a.urn}/ects/")
    row = page.get_by_role("row").filter(has_text="Siân O'Neill")
    expect(row).to_contain_text("Pending AB")
    expect(row).not_to_contain_text("Action required")
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the ECT list scrolls sideways"

    # Both invitations went through the broker to the worker and out over SMTP, once each.
    envelopes = wait_for_envelopes(smtp_server, 2, worker)
    assert sorted(recipient for envelope in envelopes for recipient in envelope.rcpt_tos) == [
        "grace.hopper@example.org", "sian.oneill@example.org",
    ]
    bodies = {
        envelope.rcpt_tos[0]: email.message_from_bytes(envelope.content, policy=policy.default)
        .get_body(preferencelist=("plain",)).get_content()
        for envelope in envelopes
    }
    assert f"{school_a.name} has registered you as an early career teacher" in bodies["sian.oneill@example.org"]
    assert f"{school_a.name} has registered you as a mentor" in bodies["grace.hopper@example.org"]
    period = ECTAtSchoolPeriod.objects.select_related("teacher", "mentor__teacher").get(teacher__trn="0012345")
    assert period.mentor.teacher.trn == "7654321"
    assert set(Invitation.objects.values_list("email", "email_state")) == {
        ("sian.oneill@example.org", Invitation.EmailState.SENT),
        ("grace.hopper@example.org", Invitation.EmailState.SENT),
    }
