"""Freed places go to the waiting list in order, held for a while, then passed on."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from programmes.models import Event, EventInvitation, EventKind, EventNotice, Place
from programmes.replies import lapse_expired_offers, reply


@pytest.fixture
def full_event(db):
    starts = timezone.now() + timedelta(days=20)
    event = Event.objects.create(title="Mentor conference", kind=EventKind.MENTOR_CONFERENCE, venue="Hub",
                                 starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=1)
    people = [EventInvitation.objects.create(event=event, email=f"p{n}@example.org", first_name=f"P{n}") for n in range(3)]
    for person in people:
        reply(person, accept=True)
    return event, people


def places(people):
    return [EventInvitation.objects.get(pk=p.pk).place for p in people]


@pytest.mark.django_db
def test_a_decline_offers_the_place_to_the_first_waiting_who_can_take_it(full_event, settings, django_capture_on_commit_callbacks):
    event, people = full_event
    assert places(people) == [Place.CONFIRMED, Place.WAITING, Place.WAITING]
    with django_capture_on_commit_callbacks(execute=True):
        reply(people[0], accept=False)
    assert places(people) == [Place.NONE, Place.OFFERED, Place.WAITING]
    offered = EventInvitation.objects.get(pk=people[1].pk)
    assert offered.offer_expires_at - timezone.now() == pytest.approx(timedelta(hours=settings.EVENT_OFFER_HOURS), abs=timedelta(minutes=1))
    assert [m.to for m in mail.outbox] == [["p1@example.org"]]
    assert mail.outbox[0].subject == "A place has come up: Mentor conference" and "/events/reply/" in mail.outbox[0].body
    # A newcomer cannot take the held place.
    newcomer = EventInvitation.objects.create(event=event, email="late@example.org")
    assert reply(newcomer, accept=True).place == Place.WAITING
    # Taking the offer confirms it.
    assert reply(people[1], accept=True).place == Place.CONFIRMED


@pytest.mark.django_db
def test_an_offer_not_taken_lapses_and_passes_on_once(full_event, django_capture_on_commit_callbacks):
    event, people = full_event
    with django_capture_on_commit_callbacks(execute=True):
        reply(people[0], accept=False)
    later = timezone.now() + timedelta(hours=49)
    with django_capture_on_commit_callbacks(execute=True):
        assert lapse_expired_offers(now=later) == 1
        assert lapse_expired_offers(now=later) == 0
    assert places(people) == [Place.NONE, Place.OFFER_LAPSED, Place.OFFERED]
    assert EventNotice.objects.count() == 2
    assert [m.to for m in mail.outbox] == [["p1@example.org"], ["p2@example.org"]]


@pytest.mark.django_db
def test_declining_a_waiting_place_frees_nothing(full_event):
    event, people = full_event
    reply(people[2], accept=False)
    assert places(people) == [Place.CONFIRMED, Place.WAITING, Place.NONE]
    assert not EventNotice.objects.exists()
