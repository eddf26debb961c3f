"""A change of an event's time or place reaches everyone holding or waiting for a place, once, with a
calendar file that updates the entry they have (same UID, a higher SEQUENCE); a cancellation's file
names the organiser and its sequence, so calendars remove the entry."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from programmes.events.events import EVENT_FIELDS, cancel_event, event_history, update_event
from programmes.models import Event, EventInvitation, EventKind, EventNotice, Place, Response
from programmes.tests.events.days import in_days
from programmes.tests.pages import page_text
from tests.date_boxes import as_date_boxes

SENT = EventInvitation.EmailState.SENT


def details(event: Event, **changes) -> dict:
    return {**{field: getattr(event, field) for field in EVENT_FIELDS}, **changes}


def vevent(message):
    [(_, content, _)] = [a for a in message.attachments if a[0].endswith(".ics")]
    calendar = Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")[0]


@pytest.fixture
def event(hub_staff):
    return Event.objects.create(title="Mentor conference", kind=EventKind.MENTOR_CONFERENCE, venue="Kingsholm, Gloucester",
                                starts_at=in_days(30), ends_at=in_days(30, 16), capacity=100, created_by=hub_staff)


@pytest.fixture
def invitees(event):
    """Who was sent an invitation and what they answered, and one whose invitation is still to go."""
    def invite(email, **fields):
        return EventInvitation.objects.create(event=event, email=email, first_name=email.split("@")[0].title(), **fields)

    return {
        "coming": invite("coming@example.org", email_state=SENT, response=Response.ACCEPTED, place=Place.CONFIRMED),
        "waiting": invite("waiting@example.org", email_state=SENT, response=Response.ACCEPTED, place=Place.WAITING),
        "declined": invite("declined@example.org", email_state=SENT, response=Response.DECLINED),
        "silent": invite("silent@example.org", email_state=SENT),
        "queued": invite("queued@example.org"),
    }


@pytest.mark.django_db
def test_a_new_time_or_place_reaches_everyone_with_or_waiting_for_a_place_once(event, invitees, hub_staff,
                                                                               django_capture_on_commit_callbacks):
    _, before = vevent_of_invitation(event)
    with django_capture_on_commit_callbacks(execute=True):
        update_event(event, details(event, starts_at=in_days(31, 10), ends_at=in_days(31, 15), venue="Hub, Room 1"), actor=hub_staff)

    assert sorted(m.to[0] for m in mail.outbox) == ["coming@example.org", "waiting@example.org"]
    message = next(m for m in mail.outbox if m.to == ["coming@example.org"])
    assert message.subject.startswith("Changed: Mentor conference")
    assert "Hub, Room 1" in message.body and f"{in_days(31, 10):%A %-d %B %Y}" in message.body
    calendar, item = vevent(message)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(item["uid"]) == str(before["uid"])
    assert int(item["sequence"]) == int(before.get("sequence", 0)) + 1 == 1
    assert item.decoded("dtstart") == in_days(31, 10) and str(item["location"]) == "Hub, Room 1"
    event.refresh_from_db()
    assert event.sequence == 1

    # The invitation still to go carries the new details itself; nobody hears twice from a retried task.
    from programmes.events.emails import send_event_invitations, send_event_notices

    send_event_notices(list(EventNotice.objects.values_list("pk", flat=True)))
    send_event_invitations([invitees["queued"].pk])
    assert len(mail.outbox) == 3
    assert vevent(mail.outbox[-1])[1].decoded("dtstart") == in_days(31, 10)

    # The event's history says what changed and who was told.
    [changed, _created] = event_history(event)
    assert changed.summary == "Changed: 2 people with a place or on the waiting list were emailed the new time or place"


@pytest.mark.django_db
def test_other_changes_tell_nobody_and_keep_the_sequence(event, invitees, hub_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_event(event, details(event, title="Mentor conference 2026", capacity=120, description="Lunch provided."), actor=hub_staff)
    assert mail.outbox == [] and not EventNotice.objects.exists()
    event.refresh_from_db()
    assert event.sequence == 0 and event_history(event)[0].summary == "Changed"


@pytest.mark.django_db
def test_two_changes_before_the_worker_sends_reach_each_person_once_with_the_latest(event, invitees, hub_staff,
                                                                                     django_capture_on_commit_callbacks):
    from programmes.events.emails import send_event_notices

    with django_capture_on_commit_callbacks(execute=False):
        update_event(event, details(event, venue="Hub, Room 1"), actor=hub_staff)
        event.refresh_from_db()
        update_event(event, details(event, venue="Hub, Room 2"), actor=hub_staff)
    send_event_notices(list(EventNotice.objects.order_by("pk").values_list("pk", flat=True)))

    assert sorted(m.to[0] for m in mail.outbox) == ["coming@example.org", "waiting@example.org"]
    for message in mail.outbox:
        _, item = vevent(message)
        assert (str(item["location"]), int(item["sequence"])) == ("Hub, Room 2", 2)


@pytest.mark.django_db
def test_a_past_event_corrected_tells_nobody(hub_staff, django_capture_on_commit_callbacks):
    past = Event.objects.create(title="Clinic", kind=EventKind.AB_CLINIC, venue="Hub", starts_at=in_days(-3), ends_at=in_days(-3, 11))
    EventInvitation.objects.create(event=past, email="came@example.org", email_state=SENT, response=Response.ACCEPTED, place=Place.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        update_event(past, details(past, ends_at=in_days(-3, 12)), actor=hub_staff)
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_edit_page_says_who_is_told(client, hub_staff, event, invitees, django_capture_on_commit_callbacks):
    client.force_login(hub_staff)
    day = in_days(32).date()
    data = as_date_boxes({"title": event.title, "kind": event.kind, "venue": event.venue, "start_date": day, "start_time": "09:00",
                          "end_time": "16:00", "capacity": "100", "cpd_hours": "0"}, ["start_date"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:event_edit", args=[event.public_id]), data, follow=True)
    assert "2 people with a place or on the waiting list are being emailed the new time or place" in page_text(response)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_cancellation_names_the_organiser_and_a_higher_sequence(event, invitees, hub_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_event(event, details(event, venue="Hub, Room 1"), actor=hub_staff)
        event.refresh_from_db()
        cancel_event(event, reason="The venue has flooded.", actor=hub_staff)
    cancellation = next(m for m in mail.outbox if m.subject.startswith("Cancelled") and m.to == ["coming@example.org"])
    calendar, item = vevent(cancellation)
    assert (str(calendar["method"]), str(item["status"]), int(item["sequence"])) == ("CANCEL", "CANCELLED", 2)
    assert str(item["organizer"]) == f"mailto:{settings.HUB_CONTACT_EMAIL}"
    assert item["organizer"].params["CN"] == settings.HUB_NAME


def vevent_of_invitation(event: Event):
    from programmes.events.calendar import event_ics

    calendar = Calendar.from_ical(event_ics(event))
    return calendar, calendar.walk("VEVENT")[0]
