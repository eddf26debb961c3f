"""The conference journey in a real browser, with a real worker and SMTP server.

Hub staff create a Year 1 welcome conference, invite the Year 1 cohort and their
mentors, watch the progress bar finish as the worker sends; an ECT accepts through
the link in their email; staff mark them present on the register.
"""

import re
import time
from datetime import datetime, timedelta
from datetime import time as time_of_day

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from programmes.models import Event, EventInvitation, EventKind, Place
from registration.mentors import assign_mentor, register_mentor
from registration.tests.factories import mentor_details, register

from .conftest import DESKTOP, PHONE


def fill_date(page, legend: str, day) -> None:
    """Type a date into GOV.UK's day, month and year boxes, as a person would."""
    boxes = page.get_by_role("group", name=legend, exact=True)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]
# The journey as people make it at a desk and on a phone (DESIGN.md's used-by journeys).
BOTH_WIDTHS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])


@BOTH_WIDTHS
def test_staff_invite_a_cohort_a_participant_accepts_and_is_marked_present(page, sign_in_staff, worker, smtp_server, school_a, tutor_a):
    today = timezone.localdate()
    ada = register(school_a, tutor_a, first_name="Ada", last_name="Lovelace", email="ada@example.org")
    register(school_a, tutor_a, first_name="Ben", last_name="Jonson", email="ben@example.org")
    mentor = register_mentor(school_a, mentor_details(first_name="Grace", last_name="Hopper", email="grace@example.org"),
                             actor=tutor_a, today=today)
    assign_mentor(ada, mentor, actor=tutor_a, today=today)
    # Registration queued their account invitations; those are not what this journey counts.
    time.sleep(1)
    smtp_server.handler.envelopes.clear()

    staff = user_with_role(Role.HUB_STAFF, email="events.staff@example.org", first_name="Hana")
    secret = add_totp(staff)
    sign_in_staff(staff.email, TEST_PASSWORD, secret)

    day = today + timedelta(days=40)
    page.goto("/events/new/")
    page.get_by_label("Title").fill("ECT Welcome Conference: Year 1")
    page.get_by_label("Kind of event").select_option(label="ECT welcome conference (Year 1)")
    page.get_by_label("Cohort (optional)").select_option(label=ada.teacher.enrolments.get().cohort.name)
    page.get_by_label("Venue").fill("Kingsholm, Gloucester")
    fill_date(page, "Date", day)
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("15:30")
    page.get_by_label("Capacity (optional)").fill("150")
    with page.expect_navigation():
        page.get_by_role("button", name="Create event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ECT Welcome Conference: Year 1")

    page.get_by_label(re.compile(r"Everyone in cohort .*2026/27 Year 1")).check()
    page.get_by_label(re.compile(r"Mentors of the ECTs in cohort .*2026/27 Year 1")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Check how many").click()
    expect(page.locator("main")).to_contain_text("3 people match")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Send invitations")).click()
    # The bar polls while the worker sends, and stops at the end.
    expect(page.locator("#event-progress-label")).to_have_text(re.compile(r"^3 of 3 sent, 0 failed$"), timeout=60_000)
    expect(page.locator("#event-progress")).not_to_have_attribute("hx-trigger", "every 2s")
    # The rows below the bar follow it, without a reload.
    invitees = page.get_by_role("region", name="People invited")
    for address in ["ada@example.org", "ben@example.org", "grace@example.org"]:
        expect(invitees.get_by_role("row").filter(has_text=address)).to_contain_text("Sent")
    expect(invitees).not_to_contain_text("Queued")

    envelopes = smtp_server.handler.envelopes
    assert sorted(address for envelope in envelopes for address in envelope.rcpt_tos) == [
        "ada@example.org", "ben@example.org", "grace@example.org",
    ]
    ada_mail = next(envelope for envelope in envelopes if envelope.rcpt_tos == ["ada@example.org"])
    link = re.search(rb"(/events/reply/[^/\s]+/)", ada_mail.content).group(1).decode()

    # Ada replies from her email's link (no sign-in needed: the link is hers).
    page.goto(link)
    page.get_by_label("Yes, I will come").check()
    page.get_by_label("Dietary needs (optional)").fill("Vegetarian")
    with page.expect_navigation():
        page.get_by_role("button", name="Send reply").click()
    expect(page.locator("main")).to_contain_text("your place is confirmed")
    invitation = EventInvitation.objects.get(email="ada@example.org")
    assert (invitation.place, invitation.dietary_needs) == (Place.CONFIRMED, "Vegetarian")

    # On the day: staff take the register.
    page.goto(f"/events/{invitation.event.public_id}/")
    # A link drawn as a button, so it says it is one (GOV.UK's button component).
    page.get_by_role("button", name=re.compile("^Take the register")).click()
    page.get_by_role("button", name="Mark Ada Lovelace present").click()
    expect(page.get_by_role("button", name=re.compile("Present ✓"))).to_be_visible()
    invitation.refresh_from_db()
    assert invitation.attended_at is not None and invitation.marked_by == staff


def test_editing_an_event_shows_its_dates_and_saving_it_keeps_them(page, sign_in_staff):
    """The edit page fills every date's day, month and year boxes and every time, so saving it unchanged keeps them."""
    staff = user_with_role(Role.HUB_STAFF, email="editing.staff@example.org", first_name="Hana")
    secret = add_totp(staff)
    day = timezone.localdate() + timedelta(days=40)
    starts = timezone.make_aware(datetime.combine(day, time_of_day(9, 30)))
    event = Event.objects.create(title="Mentor conference", kind=EventKind.MENTOR_CONFERENCE, venue="Hub, Room 1", starts_at=starts,
                                 ends_at=starts + timedelta(days=1, hours=6), reply_by=day - timedelta(days=7), created_by=staff)
    sign_in_staff(staff.email, TEST_PASSWORD, secret)

    page.goto(f"/events/{event.public_id}/edit/")
    for legend, shown in (("Date", day), ("End date (optional)", day + timedelta(days=1)),
                          ("Reply by (optional)", day - timedelta(days=7))):
        boxes = page.get_by_role("group", name=legend, exact=True)
        expect(boxes.get_by_label("Day")).to_have_value(str(shown.day))
        expect(boxes.get_by_label("Month")).to_have_value(str(shown.month))
        expect(boxes.get_by_label("Year")).to_have_value(str(shown.year))
    expect(page.get_by_label("Start time")).to_have_value("09:30")
    expect(page.get_by_label("End time")).to_have_value("15:30")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    expect(page.locator("main")).to_contain_text("Event details saved.")
    saved = Event.objects.get(pk=event.pk)
    assert (saved.starts_at, saved.ends_at, saved.reply_by) == (event.starts_at, event.ends_at, event.reply_by)


def test_a_sending_batchs_rows_follow_its_progress_bar_without_a_reload(page, sign_in_staff):
    """Rows swapped in by the progress poll (htmx, out of band): what staff see changes as the outbox rows do."""
    staff = user_with_role(Role.HUB_STAFF, email="sending.staff@example.org", first_name="Hana")
    secret = add_totp(staff)
    starts = timezone.now() + timedelta(days=20)
    event = Event.objects.create(title="Mentor conference", kind=EventKind.MENTOR_CONFERENCE, venue="Hub", starts_at=starts,
                                 ends_at=starts + timedelta(hours=6), created_by=staff)
    invitations = EventInvitation.objects.bulk_create(
        [EventInvitation(event=event, email=f"{name.lower()}@example.org", first_name=name, last_name="Tester") for name in ["Ada", "Ben", "Cy"]]
    )
    sign_in_staff(staff.email, TEST_PASSWORD, secret)
    page.goto(f"/events/{event.public_id}/")
    invitees = page.get_by_role("region", name="People invited")
    expect(invitees.get_by_role("row").filter(has_text="Queued")).to_have_count(3)
    expect(page.get_by_role("status")).to_contain_text("0 of 3 sent, 0 failed (3 still to send)")

    # The worker's side, as it records each send.
    EmailState = EventInvitation.EmailState
    EventInvitation.objects.filter(pk=invitations[0].pk).update(email_state=EmailState.SENT)
    EventInvitation.objects.filter(pk=invitations[1].pk).update(email_state=EmailState.FAILED, email_error="The recipient's server refused the address.")
    expect(invitees.get_by_role("row").filter(has_text="ada@example.org")).to_contain_text("Sent")
    expect(invitees.get_by_role("row").filter(has_text="ben@example.org")).to_contain_text("refused the address")
    expect(invitees.get_by_role("button", name="Re-send to ben@example.org")).to_be_visible()
    expect(page.locator("#event-progress")).to_have_attribute("hx-trigger", "every 2s")

    EventInvitation.objects.filter(pk=invitations[2].pk).update(email_state=EmailState.SENT)
    expect(page.get_by_role("status")).to_contain_text("2 of 3 sent, 1 failed")
    expect(invitees.get_by_role("row").filter(has_text="cy@example.org")).to_contain_text("Sent")
    expect(page.locator("#event-progress")).not_to_have_attribute("hx-trigger", "every 2s")
    expect(invitees).not_to_contain_text("Queued")
