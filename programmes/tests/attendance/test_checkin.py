"""Check-in by QR code: the signed code, the QR image in the reminders, the page at the door and the short code."""

import email
import io
import uuid
from datetime import timedelta

import pytest
import zxingcpp
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from participants.models import Role
from participants.tests.factories import user_with_role
from programmes.attendance.attendance import close_register, mark_attendance
from programmes.attendance.checkin import checkin_path, checkin_token, checkin_url, find_by_checkin_token, short_code
from programmes.events.emails import _notice_message, send_event_notices
from programmes.events.links import find_by_token, reply_token
from programmes.models import Event, EventNotice, Place
from programmes.tests.factories import EventFactory, invite
from programmes.tests.pages import parts_of, qr_image_part


@pytest.fixture
def ada(event, school_a):
    return invite(event, "Ada", "Lovelace", school=school_a, access_needs="Step-free access", dietary_needs="Vegetarian")


def register_url(event):
    return reverse("programmes:register", kwargs={"event": event.public_id})


def code_url(event):
    return reverse("programmes:register_checkin_code", kwargs={"event": event.public_id})


def token_url(event, token):
    return reverse("programmes:register_checkin", kwargs={"event": event.public_id, "token": token})


def html_of(message):
    return next(p for p in parts_of(message) if p.get_content_type() == "text/html").get_payload(decode=True).decode()


def reminder(invitation, kind=EventNotice.Kind.REMINDER_DAY):
    return EventNotice.objects.create(invitation=invitation, kind=kind)


# The code

@pytest.mark.django_db
def test_a_token_finds_its_invitation_and_nothing_else(event, ada):
    token = checkin_token(ada)
    assert find_by_checkin_token(event, token) == ada
    assert find_by_checkin_token(event, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert find_by_checkin_token(event, "nonsense") is None
    assert checkin_url(ada) == "http://testserver" + token_url(event, token)


@pytest.mark.django_db
def test_a_token_of_another_events_invitation_finds_nobody(event, ada):
    elsewhere = invite(EventFactory(title="Mentor conference"), "Ada", "Lovelace")
    assert find_by_checkin_token(event, checkin_token(elsewhere)) is None


@pytest.mark.django_db
def test_reply_links_and_check_in_codes_are_not_interchangeable(event, ada):
    assert find_by_checkin_token(event, reply_token(ada)) is None
    assert find_by_token(checkin_token(ada)) is None


# The reminder emails

@pytest.mark.django_db
@pytest.mark.parametrize("kind", [EventNotice.Kind.REMINDER_WEEK, EventNotice.Kind.REMINDER_DAY])
def test_reminders_carry_a_qr_code_that_scans_to_the_check_in_page(ada, kind):
    notice = reminder(ada, kind)
    send_event_notices([notice.pk])
    [sent] = mail.outbox
    top = email.message_from_bytes(sent.message().as_bytes())
    assert top.get_content_type() == "multipart/related"
    image = qr_image_part(sent)
    assert image["Content-ID"] == "<checkin-qr>" and image.get_content_disposition() == "inline"
    assert '<img src="cid:checkin-qr" alt="Your check-in code"' in html_of(sent)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.get_payload(decode=True))), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [barcode.text for barcode in decoded] == [checkin_url(ada)]
    code = short_code(ada)
    assert len(code) == 8 and code in html_of(sent) and "Show this at registration" in html_of(sent)
    assert f"check-in code: {code}" in sent.body and "for staff to scan" in sent.body
    notice.refresh_from_db()
    assert notice.email_state == notice.EmailState.SENT


@pytest.mark.django_db
def test_other_event_emails_and_online_reminders_carry_no_code(event, ada):
    ada.place = Place.OFFERED
    ada.save()
    offered = _notice_message(reminder(ada, EventNotice.Kind.PLACE_OFFERED).pk)
    assert not [p for p in parts_of(offered) if p.get_content_maintype() == "image"] and "cid:" not in html_of(offered)
    online = EventFactory(title="Online clinic", venue="", online_url="https://meet.example.org/clinic")
    guest = invite(online, "Bob", "Brown")
    message = _notice_message(reminder(guest).pk)
    assert not [p for p in parts_of(message) if p.get_content_maintype() == "image"]
    assert "check-in code" not in message.body and "cid:checkin-qr" not in html_of(message)


# The page at the door

@pytest.mark.django_db
@pytest.mark.parametrize("who", ["facilitator", "hub_staff"])
def test_scanning_shows_the_person_and_changes_nothing(client, request, event, ada, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(token_url(event, checkin_token(ada)))
    body = page.content.decode()
    assert page.status_code == 200
    for shown in ("Ada Lovelace", "Alder Primary School", "Place confirmed", "Step-free access", "Vegetarian", "Mark Ada Lovelace present"):
        assert shown in body
    ada.refresh_from_db()
    assert ada.attended_at is None


@pytest.mark.django_db
def test_marking_present_from_the_page_and_again(client, event, ada, facilitator):
    client.force_login(facilitator)
    url = token_url(event, checkin_token(ada))
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(url, 302)]
    ada.refresh_from_db()
    assert ada.attended_at is not None and ada.marked_by == facilitator
    at = f"{timezone.localtime(ada.attended_at):%H:%M}"
    body = response.content.decode()
    assert "Ada Lovelace is marked present." in body and f"Present since {at}, marked by Fay Cilitator" in body
    assert "Mark Ada Lovelace present" not in body
    # A second scan at the door is harmless and says so.
    first = ada.attended_at
    again = client.post(url, follow=True).content.decode()
    assert f"Ada Lovelace was already marked present at {at}." in again
    ada.refresh_from_db()
    assert ada.attended_at == first


@pytest.mark.django_db
def test_a_closed_register_refuses_and_says_why(client, event, ada, facilitator):
    close_register(event, actor=facilitator, now=timezone.now())
    client.force_login(facilitator)
    url = token_url(event, checkin_token(ada))
    page = client.get(url).content.decode()
    assert "The register is closed" in page and "Mark Ada Lovelace present" not in page
    refused = client.post(url, follow=True).content.decode()
    assert "The register is closed, so attendance can no longer be changed" in refused
    ada.refresh_from_db()
    assert ada.attended_at is None


@pytest.mark.django_db
def test_someone_without_a_confirmed_place_cannot_be_checked_in(client, event, facilitator):
    waiting = invite(event, "Wes", "Waiting", place=Place.WAITING)
    client.force_login(facilitator)
    url = token_url(event, checkin_token(waiting))
    page = client.get(url).content.decode()
    assert "Wes Waiting does not have a confirmed place (on the waiting list)" in page and "Mark Wes Waiting present" not in page
    refused = client.post(url, follow=True).content.decode()
    assert "Wes Waiting does not have a confirmed place, so cannot be marked present" in refused
    waiting.refresh_from_db()
    assert waiting.attended_at is None


@pytest.mark.django_db
def test_a_cancelled_event_shows_the_person_but_no_button(client, event, ada, facilitator):
    Event.objects.filter(pk=event.pk).update(cancelled_at=timezone.now())
    client.force_login(facilitator)
    url = token_url(event, checkin_token(ada))
    assert "This event was cancelled" in client.get(url).content.decode()
    assert "This event was cancelled, so it has no register" in client.post(url, follow=True).content.decode()
    ada.refresh_from_db()
    assert ada.attended_at is None


@pytest.mark.django_db
def test_a_code_that_is_not_for_this_event_says_so(client, event, ada, facilitator):
    elsewhere = invite(EventFactory(title="Mentor conference"), "Bob", "Brown")
    client.force_login(facilitator)
    tampered = checkin_token(ada)[:-2] + "xx"
    for token in (tampered, checkin_token(elsewhere), reply_token(ada)):
        for answer in (client.get(token_url(event, token)), client.post(token_url(event, token))):
            body = answer.content.decode()
            assert answer.status_code == 200 and "This code is not for this event" in body
            assert "Error: " in body and "Ada Lovelace" not in body and register_url(event) in body
    ada.refresh_from_db()
    elsewhere.refresh_from_db()
    assert ada.attended_at is None and elsewhere.attended_at is None


@pytest.mark.django_db
def test_a_facilitator_of_another_event_gets_404(client, event, ada):
    other = user_with_role(Role.FACILITATOR, email="other.facilitator@example.org")
    EventFactory(title="Mentor conference").facilitators.add(other)
    client.force_login(other)
    url = token_url(event, checkin_token(ada))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get(code_url(event), {"code": short_code(ada)}).status_code == 404
    ada.refresh_from_db()
    assert ada.attended_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["tutor_a", "ect", "ab_staff", "no_role"])
def test_other_roles_get_404(client, cast, event, ada, role):
    client.force_login(cast[role])
    assert client.get(token_url(event, checkin_token(ada))).status_code == 404
    assert client.post(token_url(event, checkin_token(ada))).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in_and_other_methods_are_refused(client, event, ada, facilitator):
    url = token_url(event, checkin_token(ada))
    for response in (client.get(url), client.post(url), client.get(code_url(event), {"code": short_code(ada)})):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    ada.refresh_from_db()
    assert ada.attended_at is None
    client.force_login(facilitator)
    assert client.put(url).status_code == 405
    assert client.post(code_url(event), {"code": short_code(ada)}).status_code == 405


# The short code, typed in on the register page

@pytest.mark.django_db
def test_the_register_page_has_the_code_form_until_it_closes(client, event, ada, facilitator):
    client.force_login(facilitator)
    page = client.get(register_url(event)).content.decode()
    assert "Code from the email" in page and f'action="{code_url(event)}"' in page
    close_register(event, actor=facilitator, now=timezone.now())
    assert "Code from the email" not in client.get(register_url(event)).content.decode()


@pytest.mark.django_db
def test_a_typed_code_opens_the_persons_check_in_page(client, event, ada, facilitator):
    client.force_login(facilitator)
    code = short_code(ada)
    for typed in (code, f" {code[:4].lower()} {code[4:].lower()} ", f"{code[:4]}-{code[4:]}"):
        response = client.get(code_url(event), {"code": typed})
        assert response.status_code == 302 and response["Location"] == checkin_path(ada)
    assert "Mark Ada Lovelace present" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_code_nobody_has_goes_back_to_the_register_with_the_reason(client, event, ada, facilitator):
    elsewhere = invite(EventFactory(title="Mentor conference"), "Bob", "Brown")
    client.force_login(facilitator)
    unused = next(c for c in ("00000000", "FFFFFFFF") if c != short_code(ada))
    cases = {
        unused: f"Nobody invited to this event has the code {unused}",
        short_code(elsewhere): f"Nobody invited to this event has the code {short_code(elsewhere)}",
        "": "Enter the code from the email",
        "NOT-A-CODE": "The code from the email is 8 letters and numbers",
    }
    for typed, reason in cases.items():
        response = client.get(code_url(event), {"code": typed}, follow=True)
        assert response.redirect_chain == [(register_url(event), 302)]
        assert reason in response.content.decode()


@pytest.mark.django_db
def test_a_code_two_people_share_picks_nobody(client, event, facilitator):
    for n, name in enumerate(("Ann", "Bea"), start=1):
        invite(event, name, "Twin", public_id=uuid.UUID(f"abcdef12-0000-4000-8000-00000000000{n}"))
    client.force_login(facilitator)
    response = client.get(code_url(event), {"code": "ABCDEF12"}, follow=True)
    assert response.redirect_chain == [(register_url(event), 302)]
    assert "More than one person has the code ABCDEF12" in response.content.decode()


# Speed

@pytest.mark.django_db
@pytest.mark.parametrize("marked", [False, True])
def test_check_in_page_queries_are_pinned(client, event, ada, facilitator, marked, django_assert_max_num_queries):
    for number in range(30):
        invite(event, f"Person{number}", f"Surname{number}")
    if marked:
        mark_attendance(ada, present=True, actor=facilitator, now=timezone.now() - timedelta(minutes=5))
    client.force_login(facilitator)
    # Session, user, roles, the event (scoped to the facilitator), the invitation with school and marker.
    with django_assert_max_num_queries(5):
        page = client.get(token_url(event, checkin_token(ada)))
    assert "Ada Lovelace" in page.content.decode()
