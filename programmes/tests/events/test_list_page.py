"""Hub staff's events list: upcoming and past events each a page at a time, with their counts."""

import pytest
from django.urls import reverse

from programmes.models import Event, EventInvitation, EventKind, Place, Response
from programmes.tests.events.days import in_days


@pytest.mark.django_db
def test_list_shows_upcoming_and_past_with_counts(staff_client, conference):
    past = Event.objects.create(title="Last year's conference", kind=EventKind.ECT_WELCOME_Y1, venue="Hub",
                                starts_at=in_days(-300), ends_at=in_days(-300, 16))
    EventInvitation.objects.create(event=conference, email="a@example.org", response=Response.ACCEPTED, place=Place.CONFIRMED)
    EventInvitation.objects.create(event=conference, email="b@example.org", response=Response.ACCEPTED, place=Place.WAITING)
    EventInvitation.objects.create(event=conference, email="c@example.org")
    response = staff_client.get(reverse("programmes:event_list"))
    assert [e.title for e in response.context["upcoming"]] == [conference.title]
    assert [e.title for e in response.context["past"]] == [past.title]
    row = response.context["upcoming"][0]
    assert (row.invited, row.accepted, row.waiting) == (3, 1, 1)


def make_events(count: int) -> None:
    for n in range(count - Event.objects.count()):
        event = Event.objects.create(title=f"Event {n}", kind=EventKind.CPD_SESSION, venue="Hub",
                                     starts_at=in_days(n - 10), ends_at=in_days(n - 10, 12), capacity=10)
        EventInvitation.objects.create(event=event, email=f"p{n}@example.org", place=Place.CONFIRMED)


@pytest.mark.django_db
def test_event_list_queries_do_not_grow_with_events(staff_client, django_assert_max_num_queries):
    for count in (1, 30):
        make_events(count)
        # Session, user, roles, MFA check, both lists' sizes, the page of upcoming and of past events with their counts.
        with django_assert_max_num_queries(7):
            response = staff_client.get(reverse("programmes:event_list"))
        assert response.context["upcoming"].paginator.count + response.context["past"].paginator.count == count


@pytest.mark.django_db
def test_past_events_come_25_at_a_time_newest_first(staff_client):
    for n in range(27):
        Event.objects.create(title=f"Held {n:02d}", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=in_days(-100 + n),
                             ends_at=in_days(-100 + n, 12))
    first = staff_client.get(reverse("programmes:event_list"))
    assert [e.title for e in first.context["past"]][:2] == ["Held 26", "Held 25"] and len(first.context["past"]) == 25
    assert 'aria-label="Pages of past events"' in first.content.decode()
    second = staff_client.get(reverse("programmes:event_list") + "?page=2")
    assert [e.title for e in second.context["past"]] == ["Held 01", "Held 00"]


@pytest.mark.django_db
def test_upcoming_events_come_25_at_a_time_soonest_first_with_their_own_counts(staff_client):
    for n in range(27):
        event = Event.objects.create(title=f"Coming {n:02d}", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=in_days(1 + n),
                                     ends_at=in_days(1 + n, 12))
        EventInvitation.objects.bulk_create(
            [EventInvitation(event=event, email=f"p{k}@example.org", place=place)
             for k, place in enumerate([Place.CONFIRMED] * (n % 3) + [Place.WAITING] * (n % 2) + [Place.NONE])])
    Event.objects.create(title="Held", kind=EventKind.CPD_SESSION, venue="Hub", starts_at=in_days(-5), ends_at=in_days(-5, 12))
    first = staff_client.get(reverse("programmes:event_list"))
    rows = first.context["upcoming"]
    assert [e.title for e in rows][:2] == ["Coming 00", "Coming 01"] and len(rows) == 25
    assert [(e.invited, e.accepted, e.waiting) for e in rows][:3] == [(1, 0, 0), (3, 1, 1), (3, 2, 0)]
    html = first.content.decode()
    assert 'aria-label="Pages of upcoming events"' in html and 'href="?upcoming=2"' in html
    assert 'aria-label="Pages of past events"' not in html and [e.title for e in first.context["past"]] == ["Held"]
    # Each list keeps the other's page: the past events' page stays put while the upcoming ones turn.
    second = staff_client.get(reverse("programmes:event_list") + "?upcoming=2&page=1")
    assert [(e.title, e.invited, e.accepted, e.waiting) for e in second.context["upcoming"]] == [
        ("Coming 25", 3, 1, 1), ("Coming 26", 3, 2, 0)]
    assert 'href="?upcoming=1&amp;page=1"' in second.content.decode()
