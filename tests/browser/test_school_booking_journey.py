"""A tutor books their school onto a conference; on the day a facilitator checks one of them in by the QR code.

Real browser, real worker, real SMTP server: the QR code is taken from the email the worker
sent, decoded, and opened on a phone-sized screen as a phone camera would.
"""

import email
import io
import re
import time
from datetime import timedelta

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from participants.tests.factories import TEST_PASSWORD, Role, user_with_role
from programmes.models import Event, EventInvitation, EventKind, Place
from registration.mentors import assign_mentor, register_mentor
from registration.tests.factories import mentor_details, register

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]


def wait_for_messages(smtp_server, count: int, *, timeout: float = 60) -> list:
    deadline = time.monotonic() + timeout
    while len(smtp_server.handler.envelopes) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return list(smtp_server.handler.envelopes)


def qr_text(envelope) -> str:
    message = email.message_from_bytes(envelope.content)
    [image] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.get_payload(decode=True))), formats=zxingcpp.BarcodeFormat.QRCode)
    return code.text


def test_a_tutor_books_their_school_and_a_facilitator_checks_one_in_by_qr(page, sign_in, worker, smtp_server, school_a, tutor_a):
    today = timezone.localdate()
    ada = register(school_a, tutor_a, first_name="Ada", last_name="Lovelace", email="ada@example.org")
    register(school_a, tutor_a, first_name="Ben", last_name="Jonson", email="ben@example.org")
    grace = register_mentor(school_a, mentor_details(first_name="Grace", last_name="Hopper", email="grace@example.org"),
                            actor=tutor_a, today=today)
    assign_mentor(ada, grace, actor=tutor_a, today=today)
    starts = timezone.now() + timedelta(days=20)
    conference = Event.objects.create(
        title="ECT Welcome Conference: Year 1", kind=EventKind.ECT_WELCOME_Y1, cohort=ada.teacher.enrolments.get().cohort,
        venue="Kingsholm, Gloucester", starts_at=starts, ends_at=starts + timedelta(hours=6), capacity=2, school_booking=True,
    )
    facilitator = user_with_role(Role.FACILITATOR, email="door@example.org", first_name="Dora")
    conference.facilitators.add(facilitator)
    # Registration queued account invitations; those are not what this journey counts.
    time.sleep(1)
    smtp_server.handler.envelopes.clear()

    sign_in(tutor_a.email, TEST_PASSWORD)
    page.goto(f"/schools/{school_a.urn}/")
    page.get_by_role("link", name="Events and bookings").click()
    page.get_by_role("link", name="ECT Welcome Conference: Year 1").click()
    # The cohort's ECTs and their mentor are ticked already: one click books them all.
    for name in ("Ada Lovelace", "Ben Jonson", "Grace Hopper"):
        expect(page.get_by_label(name)).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Book places").click()
    notice = page.locator("main")
    expect(notice).to_contain_text("2 people booked: Ben Jonson, Ada Lovelace.")
    expect(notice).to_contain_text("The event is full, so 1 person went on the waiting list: Grace Hopper.")
    expect(page.locator("#school-numbers")).to_have_text("2 coming, 1 on the waiting list")

    envelopes = wait_for_messages(smtp_server, 3)
    assert sorted(address for envelope in envelopes for address in envelope.rcpt_tos) == [
        "ada@example.org", "ben@example.org", "grace@example.org",
    ]
    ada_mail = next(envelope for envelope in envelopes if envelope.rcpt_tos == ["ada@example.org"])
    path = re.sub(r"^https?://[^/]+", "", qr_text(ada_mail))

    # At the door, on a phone: the facilitator's camera opens the address in the QR code.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(facilitator.email, TEST_PASSWORD)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    with page.expect_navigation():
        page.get_by_role("button", name="Mark Ada Lovelace present").click()
    expect(page.locator("main")).to_contain_text("Ada Lovelace is marked present.")
    invitation = EventInvitation.objects.get(event=conference, email="ada@example.org")
    assert invitation.place == Place.CONFIRMED and invitation.marked_by == facilitator

    # Back on the register, still on the phone: it fits the screen, and the next arrival is one tap.
    page.get_by_role("link", name="Back to the register").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ECT Welcome Conference: Year 1")
    expect(page.locator("#register-count")).to_have_text("1 of 2 present")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Mark Ben Jonson present").click()
    expect(page.locator("#register-count")).to_have_text("2 of 2 present")
    expect(page.get_by_role("button", name="Present ✓ — undo marking Ben Jonson present")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert EventInvitation.objects.get(event=conference, email="ben@example.org").marked_by == facilitator
