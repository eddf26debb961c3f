"""A participant's own events page and their secret calendar feed."""


import pytest
from icalendar import Calendar

from programmes.events.mine import feed_for
from programmes.models import EventInvitation, EventKind, Place, Response
from programmes.tests.factories import EventFactory
from registration.tests.factories import register


def make_event(title, days):
    return EventFactory(title=title, kind=EventKind.CPD_SESSION, venue="Hub", capacity=None, days_ago=-days, hours=2)


@pytest.mark.django_db
def test_my_events_lists_mine_only_with_reply_links(client, ect, mentor, school_a, tutor_a):
    period = register(school_a, tutor_a)
    period.teacher.user = ect
    period.teacher.save()
    coming = make_event("Welcome conference", 10)
    EventInvitation.objects.create(event=coming, email=period.teacher.email, teacher=period.teacher,
                                   response=Response.ACCEPTED, place=Place.CONFIRMED)
    EventInvitation.objects.create(event=make_event("Last year's conference", -300), email=ect.email, user=ect)
    EventInvitation.objects.create(event=make_event("Someone else's", 5), email=mentor.email, user=mentor)

    client.force_login(ect)
    page = client.get("/my/events/").content.decode()
    assert "Welcome conference" in page and "Last year&#x27;s conference" in page
    assert "Someone else" not in page
    assert "/events/reply/" in page and "Accepted: place confirmed" in page


@pytest.mark.django_db
def test_the_calendar_feed_has_my_places_and_a_reset_stops_the_old_address(client, ect):
    confirmed, waiting = make_event("Confirmed one", 10), make_event("Waiting one", 12)
    EventInvitation.objects.create(event=confirmed, email=ect.email, user=ect, response=Response.ACCEPTED, place=Place.CONFIRMED)
    EventInvitation.objects.create(event=waiting, email=ect.email, user=ect, response=Response.ACCEPTED, place=Place.WAITING)
    feed = feed_for(ect)
    response = client.get(f"/calendar/{feed.token}.ics")  # no sign-in: calendar apps cannot
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")] == ["Confirmed one"]

    client.force_login(ect)
    client.post("/my/events/calendar/reset/")
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404
    assert client.get(f"/calendar/{feed_for(ect).token}.ics").status_code == 200


@pytest.mark.django_db
def test_my_events_and_my_golden_thread_count_the_same_invitations(client, ect, mentor):
    # One rule for both pages: an invitation naming another account is theirs, even if sent to my address.
    EventInvitation.objects.create(event=make_event("Mine by account", 10), email=ect.email, user=ect)
    EventInvitation.objects.create(event=make_event("Mine by address", 11), email=ect.email.upper())
    EventInvitation.objects.create(event=make_event("Theirs at my address", 12), email=ect.email, user=mentor)

    client.force_login(ect)
    for page in (client.get("/my/events/").content.decode(), client.get("/my/golden-thread/").content.decode()):
        assert "Mine by account" in page and "Mine by address" in page
        assert "Theirs at my address" not in page


@pytest.mark.django_db
def test_the_calendar_address_is_the_portals_public_one(client, ect, settings):
    settings.SITE_URL = "https://portal.example.org"
    client.force_login(ect)
    page = client.get("/my/events/", HTTP_HOST="localhost:8101").content.decode()
    assert f"https://portal.example.org/calendar/{feed_for(ect).token}.ics" in page
    assert "localhost:8101" not in page
