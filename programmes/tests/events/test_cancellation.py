"""Cancelling an event tells everyone invited (once), except those who declined or were never sent one."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from programmes.events.events import cancel_event
from programmes.models import Event, EventInvitation, EventKind, EventNotice, Response


@pytest.fixture
def event(hub_staff):
    starts = timezone.now() + timedelta(days=14)
    return Event.objects.create(title="Induction tutor training", kind=EventKind.TUTOR_TRAINING, venue="Hub",
                                starts_at=starts, ends_at=starts + timedelta(hours=2), created_by=hub_staff)


def invite(event, email, **fields):
    return EventInvitation.objects.create(event=event, email=email, first_name="Sam", **fields)


@pytest.mark.django_db
def test_everyone_sent_an_invitation_who_has_not_declined_is_told_once(event, hub_staff, django_capture_on_commit_callbacks):
    sent = EventInvitation.EmailState.SENT
    invite(event, "coming@example.org", email_state=sent, response=Response.ACCEPTED)
    invite(event, "silent@example.org", email_state=sent)
    invite(event, "declined@example.org", email_state=sent, response=Response.DECLINED)
    never_sent = invite(event, "queued@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        told = cancel_event(event, reason="The venue has flooded. We will run it again in spring.", actor=hub_staff)
    assert told == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["coming@example.org", "silent@example.org"]
    message = mail.outbox[0]
    assert message.subject.startswith("Cancelled: Induction tutor training")
    assert "The venue has flooded" in message.body
    ics = Calendar.from_ical(message.attachments[0][1])
    assert str(ics["method"]) == "CANCEL"

    # The queued invitation is never sent now; a second cancel is refused and tells nobody again.
    from programmes.events.emails import send_event_invitations

    send_event_invitations([never_sent.pk])
    assert len(mail.outbox) == 2
    with pytest.raises(Exception, match="already been cancelled"):
        cancel_event(event, reason="Again", actor=hub_staff)
    assert EventNotice.objects.count() == 2


@pytest.mark.django_db
def test_a_reason_is_required(event, hub_staff):
    with pytest.raises(Exception) as raised:
        cancel_event(event, reason="  ", actor=hub_staff)
    assert "Enter why the event is cancelled" in str(raised.value)
    event.refresh_from_db()
    assert event.cancelled_at is None


@pytest.mark.django_db
def test_the_cancel_button(client, event, hub_staff, tutor_a):
    client.force_login(tutor_a)
    assert client.post(f"/events/{event.public_id}/cancel/", {"reason": "x"}).status_code == 404
    client.force_login(hub_staff)
    response = client.post(f"/events/{event.public_id}/cancel/", {"reason": "Speaker unwell"}, follow=True)
    assert "is cancelled" in response.content.decode()
    event.refresh_from_db()
    assert event.cancellation_reason == "Speaker unwell"
