"""A participant's certificate of attendance in a real browser: download it, then check it.

The data is made the way the portal makes it: an event that has happened, the participant
marked present, the register closed, certificates issued and rendered by the worker's own
function (a real WeasyPrint render) in the test process. The live server runs in a thread of
this process, so the in-memory file storage is the one both sides see.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from participants.tests.factories import TEST_PASSWORD, Role, add_totp, user_with_role
from programmes.attendance.attendance import close_register, mark_attendance
from programmes.certificates.certificates import issue_event_certificates, new_code, revoke
from programmes.certificates.rendering import render_chunk
from programmes.models import Certificate, Event, EventInvitation, EventKind, Place, RenderState, Response
from programmes.tests.factories import CertificateFactory, EventFactory, invite

from .conftest import DESKTOP, PHONE, open_section

pytestmark = pytest.mark.browser
# The journey as people make it at a desk and on a phone (DESIGN.md's used-by journeys).
BOTH_WIDTHS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])

TITLE = "Phonics in Year 1: teaching the alphabetic code"


@pytest.fixture
def participant(db):
    return user_with_role(Role.ECT, email="zoe.obrien@example.org", first_name="Zoë", last_name="O'Brien")


@pytest.fixture
def certificate(db, files_in_memory, participant) -> Certificate:
    staff = user_with_role(Role.HUB_STAFF, email="certificates.staff@example.org", first_name="Hana")
    starts = timezone.now() - timedelta(days=2)
    event = Event.objects.create(title=TITLE, kind=EventKind.CPD_SESSION, venue="Hub", starts_at=starts,
                                 ends_at=starts + timedelta(hours=3), cpd_hours=3)
    invitation = EventInvitation.objects.create(
        event=event, email=participant.email, user=participant, first_name="Zoë", last_name="O'Brien",
        response=Response.ACCEPTED, place=Place.CONFIRMED,
    )
    mark_attendance(invitation, present=True, actor=staff, now=starts + timedelta(minutes=5))
    close_register(event, actor=staff, now=timezone.now())
    batch = issue_event_certificates(event, actor=staff, now=timezone.now())
    ids = list(batch.certificates.values_list("pk", flat=True))
    # Celery may already have rendered them eagerly on commit; rendering is idempotent either way.
    render_chunk(ids)
    certificate = Certificate.objects.get(pk__in=ids)
    assert certificate.is_ready and certificate.recipient_name == "Zoë O'Brien"
    return certificate


@BOTH_WIDTHS
def test_a_participant_downloads_their_certificate_and_it_carries_name_event_and_code(page, sign_in, participant, certificate):
    sign_in(participant.email, TEST_PASSWORD)
    open_section(page, "Your account")
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Certificates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_role("cell").nth(2)).to_have_text("3")  # CPD hours
    expect(row).to_contain_text(certificate.code)

    with page.expect_download() as info:
        row.get_by_role("link", name=re.compile("^Download PDF")).click()
    download = info.value
    assert download.suggested_filename == f"certificate-{certificate.code}.pdf"
    reader = PdfReader(download.path())
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Zoë O'Brien" in text.replace("’", "'")
    assert TITLE in text
    assert certificate.code in text


@BOTH_WIDTHS
def test_anyone_checks_the_code_and_a_wrong_or_revoked_one_is_shown_as_such(page, certificate, db):
    page.goto("/certificates/verify/")
    # As a person would copy it off the paper: lower case, spaces for hyphens.
    page.get_by_label("Verification code").fill(certificate.code.lower().replace("-", " "))
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    expect(page).to_have_url(re.compile(rf"/certificates/verify/{certificate.code}/$"))
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("This certificate is valid")
    expect(main).to_contain_text("Zoë O'Brien")
    expect(main).to_contain_text(TITLE)
    expect(main).not_to_contain_text(certificate.email)

    unknown = new_code()
    page.goto("/certificates/verify/")
    page.get_by_label("Verification code").fill(unknown)
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("No certificate has this code")
    expect(main).to_contain_text(unknown)
    expect(main).not_to_contain_text("Zoë")

    revoke(certificate, reason="Marked present in error", actor=None, now=timezone.now())
    page.goto(f"/certificates/verify/{certificate.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This certificate has been revoked")
    expect(main).to_contain_text("no longer valid")
    expect(main).not_to_contain_text("Marked present in error")


def test_a_rendering_batchs_rows_and_buttons_follow_its_progress_bar_without_a_reload(page, sign_in_staff, files_in_memory):
    """Hub staff watch an event's certificates being made: each row's state and the ZIP button change as the worker's do."""
    staff = user_with_role(Role.HUB_STAFF, email="rendering.staff@example.org", first_name="Hana")
    secret = add_totp(staff)
    event = EventFactory(title=TITLE)
    certificates = [
        CertificateFactory(invitation=invite(event, first, "Tester", attended_at=event.starts_at), render_state=RenderState.QUEUED)
        for first in ["Ada", "Ben"]
    ]
    sign_in_staff(staff.email, TEST_PASSWORD, secret)
    page.goto(f"/events/{event.public_id}/certificates/")
    table = page.get_by_role("region", name="Certificates issued")
    expect(table.get_by_role("row").filter(has_text="Queued")).to_have_count(2)
    expect(page.get_by_role("status")).to_contain_text("0 of 2 ready, 0 failed (2 still being made)")
    expect(page.get_by_role("button", name="Download all as ZIP")).to_have_count(0)

    # The worker's side, as it records each certificate made (the file is not what this test reads).
    Certificate.objects.filter(pk=certificates[0].pk).update(render_state=RenderState.RENDERED, rendered_at=timezone.now(), pdf="c.pdf")
    expect(table.get_by_role("row").filter(has_text="Ada Tester")).to_contain_text("Ready")
    expect(page.get_by_role("button", name="Download all as ZIP")).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="Ben Tester")).to_contain_text("Queued")

    Certificate.objects.filter(pk=certificates[1].pk).update(render_state=RenderState.FAILED, render_error="The certificate could not be drawn.")
    expect(page.get_by_role("status")).to_contain_text("1 of 2 ready, 1 failed. All done.")
    expect(table.get_by_role("row").filter(has_text="Ben Tester")).to_contain_text("Failed: The certificate could not be drawn.")
    expect(page.get_by_role("button", name="Render failed ones again")).to_be_visible()
    expect(page.locator("#certificate-progress")).not_to_have_attribute("hx-trigger", "every 2s")
