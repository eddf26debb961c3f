"""Freed places go to the waiting list in order, held for a while, then passed on."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from programmes.events.replies import lapse_expired_offers, queue_reminders, reply
from programmes.models import Event, EventInvitation, EventKind, EventNotice, Place


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


@pytest.mark.django_db
def test_reminders_go_a_week_and_a_day_before_each_once(django_capture_on_commit_callbacks):
    now = timezone.now()
    starts = now + timedelta(days=6, hours=12)
    event = Event.objects.create(title="Welcome conference", kind=EventKind.ECT_WELCOME_Y1, venue="Hub",
                                 starts_at=starts, ends_at=starts + timedelta(hours=5), capacity=1)
    coming, waiting = (EventInvitation.objects.create(event=event, email=f"{who}@example.org") for who in ("coming", "waiting"))
    reply(coming, accept=True)
    reply(waiting, accept=True)

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_reminders(now=now) == 1
        assert queue_reminders(now=now + timedelta(hours=1)) == 0
    subject = f"Reminder: Welcome conference, {timezone.localtime(starts):%A} {timezone.localtime(starts).day} {timezone.localtime(starts):%B}"
    assert [(m.to, m.subject) for m in mail.outbox] == [(["coming@example.org"], subject)]
    day_before = starts - timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_reminders(now=day_before) == 1
        assert queue_reminders(now=day_before + timedelta(hours=2)) == 0
    assert [m.to for m in mail.outbox] == [["coming@example.org"], ["coming@example.org"]]
    assert "tell us" in mail.outbox[1].body and "/events/reply/" in mail.outbox[1].body
