"""Hub staff's certificate pages: an event's certificates, issuing, the ZIP, and one certificate's record."""

import html
import io
import re
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.attendance.attendance import close_register, mark_attendance
from programmes.models import Certificate, RenderState
from programmes.tests.factories import CertificateFactory, EventFactory, invite
from programmes.tests.pages import page_text

PDF = b"%PDF-1.4\nstand-in\n"
OUTSIDERS = ["tutor_a", "ect", "facilitator"]


pytestmark = pytest.mark.usefixtures("files_in_memory")


@pytest.fixture
def held_event(hub_staff, facilitator, school_a):
    """An event that has happened: Ada and Bo were there, Cy was not."""
    event = EventFactory(title="ECT Welcome Conference")
    event.facilitators.add(facilitator)
    for first, last in [("Ada", "Lovelace"), ("Bo", "Diddley"), ("Cy", "Twombly")]:
        invitation = invite(event, first, last, school=school_a)
        if first != "Cy":
            mark_attendance(invitation, present=True, actor=hub_staff, now=timezone.now())
    return event


@pytest.fixture
def closed_event(held_event, hub_staff):
    return close_register(held_event, actor=hub_staff, now=timezone.now())


def make_certificate(event, name, *, state=RenderState.RENDERED, **fields) -> Certificate:
    """A certificate as the worker leaves it, with a tiny stand-in PDF."""
    first, last = name.split(" ", 1)
    # Ada and Bo of the held event are on its register already.
    invitation = event.invitations.filter(first_name=first, last_name=last).first() or invite(event, first, last, attended_at=event.starts_at)
    return CertificateFactory(invitation=invitation, recipient_name=name, cpd_hours=Decimal("2"), render_state=state,
                              pdf_bytes=PDF + name.encode(), **fields)


def url(name, **kwargs):
    return reverse(f"programmes:{name}", kwargs=kwargs)


# Who may

@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_only_hub_staff_see_the_pages(client, cast, role, closed_event, as_user):
    certificate = make_certificate(closed_event, "Dee Dot")
    paths = [
        url("event_certificates", event=closed_event.public_id),
        url("event_certificates_progress", event=closed_event.public_id),
        url("event_certificates_zip", event=closed_event.public_id),
        url("certificate_detail", certificate=certificate.public_id),
    ]
    for path in paths:
        assert as_user(cast[role]).get(path).status_code == 404
        response = as_user(None).get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert as_user(cast["hub_staff"]).get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_issue_correct_or_revoke(client, cast, role, closed_event, queued, as_user):
    certificate = make_certificate(closed_event, "Dee Dot")
    as_user(cast[role])
    assert client.post(url("event_certificates_issue", event=closed_event.public_id)).status_code == 404
    assert client.post(url("certificate_revoke", certificate=certificate.public_id), {"reason": "x"}).status_code == 404
    assert client.post(url("certificate_rename", certificate=certificate.public_id), {"recipient_name": "X"}).status_code == 404
    assert Certificate.objects.count() == 1
    certificate.refresh_from_db()
    assert certificate.is_valid and certificate.recipient_name == "Dee Dot" and not queued


@pytest.mark.django_db
def test_the_actions_take_post_only(client, hub_staff, closed_event, as_user):
    certificate = make_certificate(closed_event, "Dee Dot")
    as_user(hub_staff)
    for name in ["event_certificates_issue", "event_certificates_render_failed"]:
        assert client.get(url(name, event=closed_event.public_id)).status_code == 405
    for name in ["certificate_revoke", "certificate_rename", "certificate_render"]:
        assert client.get(url(name, certificate=certificate.public_id)).status_code == 405
    assert client.post(url("event_certificates", event=closed_event.public_id)).status_code == 405


# Issuing

@pytest.mark.django_db
def test_the_event_page_links_to_its_certificates(client, hub_staff, held_event, as_user):
    text = page_text(as_user(hub_staff).get(url("event_detail", event=held_event.public_id)))
    assert f'href="{url("event_certificates", event=held_event.public_id)}"' in text


@pytest.mark.django_db
def test_an_open_register_is_closed_first(client, hub_staff, held_event, queued, django_capture_on_commit_callbacks, as_user):
    as_user(hub_staff)
    text = page_text(client.get(url("event_certificates", event=held_event.public_id)))
    assert "The register is not closed yet" in text
    assert reverse("programmes:register", args=[held_event.public_id]) in text
    assert "Issue certificates" not in text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("event_certificates_issue", event=held_event.public_id), follow=True)
    assert "Close the register first" in page_text(response)
    assert not Certificate.objects.exists() and not queued


@pytest.mark.django_db
def test_issuing_certificates_to_everyone_present_once(client, hub_staff, closed_event, queued, django_capture_on_commit_callbacks, as_user):
    as_user(hub_staff)
    page = url("event_certificates", event=closed_event.public_id)
    assert "Issue certificates to 2 people marked present" in page_text(client.get(page))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("event_certificates_issue", event=closed_event.public_id))
    assert response.status_code == 302 and response["Location"] == page
    certificates = list(Certificate.objects.order_by("recipient_name"))
    assert [c.recipient_name for c in certificates] == ["Ada Lovelace", "Bo Diddley"]
    assert queued.ids() == sorted(c.pk for c in certificates)

    text = page_text(client.get(page))
    assert "2 certificates are being made" in text
    assert "Issue certificates to" not in text and "Everyone marked present has a certificate" in text
    assert "0 of 2 ready, 0 failed" in text and 'hx-trigger="every 2s"' in text
    for certificate in certificates:
        assert certificate.code in text and certificate.email in text
        assert reverse("programmes:certificate_detail", args=[certificate.public_id]) in text
    assert text.count(">Queued<") == 2

    # A second click (or a second member of staff) issues nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("event_certificates_issue", event=closed_event.public_id), follow=True)
    assert "Everyone marked present already has a certificate" in page_text(response)
    assert Certificate.objects.count() == 2 and len(queued.ids()) == 2


@pytest.mark.django_db
def test_the_table_shows_each_state_and_the_buttons_that_apply(client, hub_staff, closed_event, as_user):
    make_certificate(closed_event, "Rae Ready")
    make_certificate(closed_event, "Fay Failed", state=RenderState.FAILED, render_error="Font missing")
    make_certificate(closed_event, "Rex Revoked", revoked_at=timezone.now(), revocation_reason="Not there")
    make_certificate(closed_event, "Quin Queued", state=RenderState.QUEUED)
    text = page_text(as_user(hub_staff).get(url("event_certificates", event=closed_event.public_id)))
    for state in [">Ready<", ">Failed</strong><span class=\"govuk-visually-hidden\">:</span> Font missing", ">Revoked<", ">Queued<"]:
        assert state in text
    assert "Download all as ZIP" in text and "Render failed ones again" in text
    assert "2 of 4 ready, 1 failed" in text


@pytest.mark.django_db
def test_no_zip_or_render_buttons_when_nothing_is_ready_or_failed(client, hub_staff, closed_event, as_user):
    make_certificate(closed_event, "Quin Queued", state=RenderState.QUEUED)
    text = page_text(as_user(hub_staff).get(url("event_certificates", event=closed_event.public_id)))
    assert "Download all as ZIP" not in text and "Render failed ones again" not in text


@pytest.mark.django_db
def test_the_list_page_costs_the_same_queries_for_1_or_40_certificates(client, hub_staff, closed_event, django_assert_max_num_queries, as_user):
    as_user(hub_staff)
    page = url("event_certificates", event=closed_event.public_id)
    make_certificate(closed_event, "One Only")
    client.get(page)  # the session and roles, once
    with django_assert_max_num_queries(12) as one:
        assert client.get(page).status_code == 200
    for number in range(39):
        make_certificate(closed_event, f"Many Person{number}", state=RenderState.QUEUED if number % 2 else RenderState.RENDERED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(page)
    assert page_text(response).count("Person") >= 39


# Progress

def poll_address(text: str) -> str:
    """Where the bar in a page or a poll's answer asks next (the address htmx polls)."""
    return html.unescape(re.search(r'id="certificate-progress" hx-get="([^"]+)"', text).group(1))


def row_of(certificate: Certificate, text: str) -> str:
    """The row a poll's answer sends for a certificate, to replace the one of the same id."""
    return re.search(rf'<tr [^>]*id="certificate-row-{certificate.public_id}" hx-swap-oob="true">.*?</tr>', text).group(0)


@pytest.mark.django_db
def test_the_progress_partial_polls_until_every_certificate_is_done(client, hub_staff, closed_event, as_user):
    as_user(hub_staff)
    progress = url("event_certificates_progress", event=closed_event.public_id)
    ready = make_certificate(closed_event, "Rae Ready", rendered_at=timezone.now() - timedelta(hours=1))
    queued_one = make_certificate(closed_event, "Quin Queued", state=RenderState.QUEUED)
    text = page_text(client.get(progress, HTTP_HX_REQUEST="true"))
    assert 'hx-get="' + progress + '?' in text and 'hx-trigger="every 2s"' in text
    assert "1 of 2 ready, 0 failed" in text
    assert 'role="progressbar"' in text and 'aria-valuenow="1"' in text and 'aria-valuemax="2"' in text

    Certificate.objects.filter(pk=queued_one.pk).update(render_state=RenderState.FAILED, render_error="Boom")
    text = page_text(client.get(progress))
    assert "1 of 2 ready, 1 failed" in text and "hx-trigger" not in text
    assert "All done" in text
    assert "<html" not in text and "Certificates of attendance" not in text  # the partial and its rows, not the page
    assert ready.code not in text


@pytest.mark.django_db
def test_the_poll_brings_the_rows_that_moved_and_stops_when_all_are_done(client, hub_staff, closed_event, as_user,
                                                                          django_assert_max_num_queries):
    """The table changes with the bar: each poll sends the rows that moved since the page (or the last poll) looked."""
    as_user(hub_staff)
    earlier = make_certificate(closed_event, "Rae Ready", rendered_at=timezone.now() - timedelta(hours=1))
    waiting = [make_certificate(closed_event, f"Quin Queued{n}", state=RenderState.QUEUED) for n in range(3)]
    page = page_text(client.get(url("event_certificates", event=closed_event.public_id)))
    assert page.count(">Queued<") == 3
    assert 'role="status" aria-live="polite"' in page and page.count("aria-live") == 1  # the bar's region; the rows are outside it
    assert "Download all as ZIP" in page and "Render failed ones again" not in page
    poll = poll_address(page)

    # Nothing moved: 204, which htmx leaves on screen (the live region stays quiet) while it polls on.
    response = client.get(poll)
    assert response.status_code == 204 and response.content == b""

    # One is being made, one is made and one failed: the bar and those three rows, not the one made before.
    Certificate.objects.filter(pk=waiting[0].pk).update(render_state=RenderState.RENDERING)
    Certificate.objects.filter(pk=waiting[1].pk).update(render_state=RenderState.RENDERED, rendered_at=timezone.now())
    Certificate.objects.filter(pk=waiting[2].pk).update(render_state=RenderState.FAILED, render_error="Font missing")
    with django_assert_max_num_queries(8):
        text = page_text(client.get(poll))
    assert "2 of 4 ready, 1 failed (1 still being made)" in text and 'hx-trigger="every 2s"' in text
    assert ">Rendering<" in row_of(waiting[0], text)
    assert ">Ready<" in row_of(waiting[1], text)
    assert ">Failed</strong><span class=\"govuk-visually-hidden\">:</span> Font missing" in row_of(waiting[2], text)
    assert earlier.code not in text
    # The buttons follow the states too: now one can be rendered again.
    assert 'id="certificate-actions" hx-swap-oob="true"' in text and "Render failed ones again" in text

    # The last one made: the answer has no trigger, so the polling stops, and brings that row.
    Certificate.objects.filter(pk=waiting[0].pk).update(render_state=RenderState.RENDERED, rendered_at=timezone.now())
    text = page_text(client.get(poll_address(text)))
    assert "3 of 4 ready, 1 failed. All done." in text and "hx-trigger" not in text and "hx-get" not in text
    assert ">Ready<" in row_of(waiting[0], text)


@pytest.mark.django_db
def test_a_poll_with_a_bad_since_still_answers(client, hub_staff, closed_event, as_user):
    as_user(hub_staff)
    made = make_certificate(closed_event, "Rae Ready")
    progress = url("event_certificates_progress", event=closed_event.public_id)
    for since in ["yesterday", "2026-09-01T10:00:00", ""]:
        response = client.get(progress, {"seen": "0-0-1", "since": since})
        assert response.status_code == 200 and "1 of 1 ready" in page_text(response)
        assert made.code not in page_text(response)  # without a time, only what is being made or failed


@pytest.mark.django_db
def test_a_poll_costs_the_same_queries_however_many_rows_moved(client, hub_staff, closed_event, as_user, django_assert_max_num_queries):
    as_user(hub_staff)
    progress = url("event_certificates_progress", event=closed_event.public_id)
    make_certificate(closed_event, "One Only")
    client.get(progress)  # the session and roles, once
    with django_assert_max_num_queries(10) as one:
        assert client.get(progress, {"seen": "x", "since": timezone.now().isoformat()}).status_code == 200
    since = timezone.now().isoformat()
    for number in range(30):
        make_certificate(closed_event, f"Many Person{number}", state=RenderState.FAILED if number % 2 else RenderState.RENDERED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        text = page_text(client.get(progress, {"seen": "x", "since": since}))
    assert text.count('hx-swap-oob="true">') == 31  # 30 rows and the buttons


# The ZIP

@pytest.mark.django_db
def test_the_zip_holds_every_ready_certificate_that_is_not_revoked(client, hub_staff, closed_event, as_user):
    ready = [make_certificate(closed_event, name) for name in ["Ada Lovelace", "Bo Diddley", "Zoë Ørsted"]]
    make_certificate(closed_event, "Rex Revoked", revoked_at=timezone.now(), revocation_reason="Not there")
    make_certificate(closed_event, "Fay Failed", state=RenderState.FAILED)
    make_certificate(closed_event, "Quin Queued", state=RenderState.QUEUED)
    other = make_certificate(EventFactory(title="Another day"), "Oz Other")

    response = as_user(hub_staff).get(url("event_certificates_zip", event=closed_event.public_id))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificates-ect-welcome-conference-{timezone.localtime(closed_event.starts_at):%Y-%m-%d}.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert sorted(names) == sorted({f"Lovelace-Ada-{ready[0].code}.pdf", f"Diddley-Bo-{ready[1].code}.pdf", f"Orsted-Zoe-{ready[2].code}.pdf"})
    assert archive.read(f"Lovelace-Ada-{ready[0].code}.pdf") == PDF + b"Ada Lovelace"
    assert other.code not in " ".join(names)


@pytest.mark.django_db
def test_no_zip_when_nothing_is_ready(client, hub_staff, closed_event, as_user):
    make_certificate(closed_event, "Quin Queued", state=RenderState.QUEUED)
    make_certificate(closed_event, "Rex Revoked", revoked_at=timezone.now(), revocation_reason="Not there")
    assert as_user(hub_staff).get(url("event_certificates_zip", event=closed_event.public_id)).status_code == 404


# Rendering again

@pytest.mark.django_db
def test_render_failed_again_requeues_only_the_failed_ones(client, hub_staff, closed_event, queued, django_capture_on_commit_callbacks, as_user):
    failed = [make_certificate(closed_event, f"Fay Failed{n}", state=RenderState.FAILED, render_error="Boom", render_attempts=3) for n in range(2)]
    ready = make_certificate(closed_event, "Rae Ready")
    waiting = make_certificate(closed_event, "Quin Queued", state=RenderState.QUEUED)
    as_user(hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("event_certificates_render_failed", event=closed_event.public_id), follow=True)
    assert "2 failed certificates are being made again" in page_text(response)
    assert queued.ids() == sorted(c.pk for c in failed)
    for certificate in failed:
        certificate.refresh_from_db()
        assert certificate.render_state == RenderState.QUEUED and certificate.render_error == ""
    ready.refresh_from_db()
    waiting.refresh_from_db()
    assert ready.render_state == RenderState.RENDERED and waiting.render_state == RenderState.QUEUED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("event_certificates_render_failed", event=closed_event.public_id), follow=True)
    assert "No certificates had failed" in page_text(response)
    assert len(queued.ids()) == 2


# One certificate

@pytest.mark.django_db
def test_the_certificate_page_shows_its_facts_history_and_forms(client, hub_staff, closed_event, as_user):
    certificate = make_certificate(closed_event, "Ada Lovelace", issued_by=hub_staff)
    text = page_text(as_user(hub_staff).get(url("certificate_detail", certificate=certificate.public_id)))
    for fact in ["Ada Lovelace", "ada.lovelace@example.org", "ECT Welcome Conference", certificate.code, "1 September 2026", ">Ready<"]:
        assert fact in text
    assert reverse("programmes:certificate_download", kwargs={"certificate": certificate.public_id}) in text
    assert "Correct the name and re-issue" in text and "Render this certificate again" in text
    assert "verification will say revoked" in text
    assert 'moj-timeline__title">Issued</h3>' in text  # the history's first entry


@pytest.mark.django_db
def test_revoking_needs_a_reason_then_verification_says_revoked(client, hub_staff, closed_event, as_user):
    certificate = make_certificate(closed_event, "Ada Lovelace")
    as_user(hub_staff)
    response = client.post(url("certificate_revoke", certificate=certificate.public_id), {"reason": "  "})
    assert response.status_code == 400
    text = page_text(response)
    assert "<title>Error: " in response.content.decode()
    assert "There is a problem" in text and 'href="#id_reason"' in text and "Say why the certificate is revoked" in text
    certificate.refresh_from_db()
    assert certificate.is_valid

    response = client.post(url("certificate_revoke", certificate=certificate.public_id), {"reason": "Left before lunch"}, follow=True)
    text = page_text(response)
    assert "Certificate revoked" in text and "Left before lunch" in text and ">Revoked<" in text
    assert "Correct the name and re-issue" not in text
    certificate.refresh_from_db()
    assert certificate.revoked_by == hub_staff and certificate.revocation_reason == "Left before lunch"
    assert "Reason for revoking: not set" in text  # the change shows in the history

    as_user(None)
    verified = page_text(client.get(reverse("programmes:certificate_verify_code", args=[certificate.code])))
    assert "This certificate has been revoked" in verified


@pytest.mark.django_db
def test_correcting_the_name_keeps_the_code_and_renders_again(client, hub_staff, closed_event, queued, django_capture_on_commit_callbacks, as_user):
    certificate = make_certificate(closed_event, "Ada Lovelce")
    code = certificate.code
    as_user(hub_staff)
    response = client.post(url("certificate_rename", certificate=certificate.public_id), {"recipient_name": ""})
    assert response.status_code == 400
    assert "Enter the name as it should appear on the certificate" in page_text(response)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("certificate_rename", certificate=certificate.public_id), {"recipient_name": " Ada  Lovelace "}, follow=True)
    certificate.refresh_from_db()
    assert (certificate.recipient_name, certificate.code, certificate.render_state) == ("Ada Lovelace", code, RenderState.QUEUED)
    assert queued.ids() == [certificate.pk]
    text = page_text(response)
    assert f"same code, {code}" in text
    assert "Name: Ada Lovelce → Ada Lovelace" in text.replace('<span aria-hidden="true">→</span><span class="govuk-visually-hidden"> changed to</span>', "→")
    assert f"by {hub_staff}" in text


@pytest.mark.django_db
def test_a_revoked_certificate_cannot_be_renamed(client, hub_staff, closed_event, queued, as_user):
    certificate = make_certificate(closed_event, "Ada Lovelace", revoked_at=timezone.now(), revocation_reason="Not there")
    response = as_user(hub_staff).post(url("certificate_rename", certificate=certificate.public_id), {"recipient_name": "Ada King"})
    assert response.status_code == 400
    assert "was revoked, so it cannot be re-issued" in page_text(response)
    certificate.refresh_from_db()
    assert certificate.recipient_name == "Ada Lovelace" and not queued


@pytest.mark.django_db
def test_render_again_queues_one_certificate(client, hub_staff, closed_event, queued, django_capture_on_commit_callbacks, as_user):
    certificate = make_certificate(closed_event, "Fay Failed", state=RenderState.FAILED, render_error="Boom")
    as_user(hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("certificate_render", certificate=certificate.public_id), follow=True)
    assert "being made again with the same code" in page_text(response)
    assert queued.ids() == [certificate.pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("certificate_render", certificate=certificate.public_id), follow=True)
    assert "already waiting to be made" in page_text(response)
    assert queued.ids() == [certificate.pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_certificates_are_issued_and_rendered_later(client, hub_staff, closed_event, as_user, broker_down):
    from hubportal.middleware import QueueHandoverMiddleware

    as_user(hub_staff)
    response = client.post(url("event_certificates_issue", event=closed_event.public_id), follow=True)
    assert response.status_code == 200
    assert QueueHandoverMiddleware.MESSAGE in page_text(response)
    assert sorted(Certificate.objects.values_list("render_state", flat=True)) == [RenderState.QUEUED] * 2
