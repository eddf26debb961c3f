"""Demo conferences and events (issue 4, item 8): every invitation state, fast (idempotent: test_seed_demo_command.py)."""

from datetime import date

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from demo.events import plan_events, seed_demo_events
from demo.hub import seed_demo
from demo.people import DEMO_DOMAIN
from hubportal.lib.outbox import EmailState
from participants.models import User
from programmes.events.mine import invitations_of
from programmes.models import (
    Certificate,
    CertificateBatch,
    CertificateNotice,
    Evaluation,
    EvaluationAnswer,
    Event,
    EventInvitation,
    EventKind,
    EventNotice,
    Place,
    Response,
)

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def build_demo():
    # One demo hub for the module (demo/tests/conftest.py); a fresh seed and a second run: test_seed_demo_command.py.
    return lambda: seed_demo(today=TODAY)


def now():
    return timezone.make_aware(timezone.datetime.combine(TODAY, timezone.datetime.min.time()))


def test_demo_has_this_and_last_years_events_of_every_kind(demo):
    assert demo.events_created == len(plan_events(TODAY)) == Event.objects.count()
    titles = set(Event.objects.values_list("title", flat=True))
    assert {"ECT welcome conference Year 1 2026/27", "ECT welcome conference Year 1 2025/26"} <= titles
    assert set(Event.objects.values_list("kind", flat=True)) == set(EventKind.values)
    for kind in (EventKind.ECT_WELCOME_Y1, EventKind.ECT_WELCOME_Y2):
        assert not Event.objects.filter(kind=kind, cohort__isnull=True).exists()
    assert Event.objects.filter(kind=EventKind.AB_CLINIC, venue="").exclude(online_url="").exists()
    # Invitees are real demo people with their school.
    assert not EventInvitation.objects.filter(school__isnull=True).exists()
    assert not EventInvitation.objects.exclude(email__endswith=f"@{DEMO_DOMAIN}").exists()
    assert EventInvitation.objects.filter(teacher__isnull=False).count() > 500


def test_past_events_have_closed_registers_with_most_present(demo):
    past = Event.objects.filter(starts_at__lt=now())
    assert past.filter(starts_at__year=2025).exists() and past.filter(starts_at__gte=timezone.make_aware(timezone.datetime(2026, 9, 1))).exists()
    assert not past.filter(register_closed_at__isnull=True).exists()
    assert not Event.objects.filter(starts_at__gt=now(), register_closed_at__isnull=False).exists()
    for event in past:
        confirmed = event.invitations.filter(place=Place.CONFIRMED)
        present = confirmed.filter(attended_at__isnull=False)
        assert 0.7 <= present.count() / confirmed.count() < 1, event
        assert not present.filter(marked_by__isnull=True).exists()
        assert not event.invitations.exclude(place=Place.CONFIRMED).filter(attended_at__isnull=False).exists()


def test_upcoming_invitations_are_in_every_state(demo):
    upcoming = EventInvitation.objects.filter(event__starts_at__gt=now(), event__cancelled_at__isnull=True)
    assert set(upcoming.values_list("email_state", flat=True)) == {EmailState.QUEUED, EmailState.SENT, EmailState.FAILED}
    assert not upcoming.filter(email_state=EmailState.FAILED, email_error="").exists()
    assert set(upcoming.values_list("response", flat=True)) == set(Response.values)
    assert set(upcoming.values_list("place", flat=True)) == set(Place.values)
    assert not upcoming.filter(place=Place.OFFERED).filter(Q(offer_expires_at__isnull=True) | Q(offer_expires_at__lte=now())).exists()
    assert upcoming.filter(response=Response.DECLINED).exclude(dietary_needs="").exists()
    assert upcoming.exclude(access_needs="").exists() and upcoming.exclude(dietary_needs="").exists()
    # Nobody has a place or a reply without having been sent the invitation.
    assert not upcoming.exclude(email_state=EmailState.SENT).exclude(response="").exists()
    # One full event with a waiting list, in order; no event over capacity.
    full = Event.objects.filter(invitations__place=Place.WAITING).distinct().get()
    held = full.invitations.filter(place__in=[Place.CONFIRMED, Place.OFFERED]).count()
    assert held == full.capacity
    waiting = list(full.invitations.filter(place=Place.WAITING).order_by("waiting_since").values_list("waiting_since", flat=True))
    assert len(waiting) > 5 and None not in waiting
    over = Event.objects.filter(capacity__isnull=False).annotate(
        held=Count("invitations", filter=Q(invitations__place__in=[Place.CONFIRMED, Place.OFFERED]))
    )
    assert not [e for e in over if e.held > e.capacity]
    assert EventNotice.objects.filter(kind=EventNotice.Kind.PLACE_OFFERED, invitation__place=Place.OFFERED).exists()


def test_one_event_is_cancelled_and_everyone_sent_it_was_told(demo):
    cancelled = Event.objects.get(cancelled_at__isnull=False)
    assert cancelled.cancellation_reason and cancelled.starts_at > now()
    told = EventNotice.objects.filter(kind=EventNotice.Kind.CANCELLED, invitation__event=cancelled)
    should = cancelled.invitations.filter(email_state=EmailState.SENT).exclude(response=Response.DECLINED)
    assert told.count() == should.count() > 0


@pytest.mark.parametrize("login", ["ect", "mentor", "tutor"])
def test_demo_logins_see_an_upcoming_place_and_a_past_attendance(demo, login):
    user = User.objects.get(email=f"{login}@{DEMO_DOMAIN}")
    mine = invitations_of(user)
    assert mine.filter(event__starts_at__gt=now(), event__cancelled_at__isnull=True, place=Place.CONFIRMED).exists()
    assert mine.filter(event__starts_at__lt=now(), attended_at__isnull=False).exists()


def test_demo_staff_created_and_facilitator_facilitates(demo):
    hub = User.objects.get(email=f"hub@{DEMO_DOMAIN}")
    facilitator = User.objects.get(email=f"facilitator@{DEMO_DOMAIN}")
    assert not Event.objects.exclude(created_by=hub).exists()
    led = facilitator.facilitated_events.all()
    assert led.filter(starts_at__gt=now()).exists() and led.filter(starts_at__lt=now()).exists()
    assert hub.facilitated_events.exists()


def test_each_demo_event_starts_its_history_created_by_hub_staff_when_it_was_made(demo):
    hub = User.objects.get(email=f"hub@{DEMO_DOMAIN}")
    created = {(row.id, row.history_user_id, row.history_date) for row in Event.history.filter(history_type="+")}
    assert created == set(Event.objects.values_list("pk", "created_by", "created_at"))
    assert {user for _, user, _ in created} == {hub.pk}
    assert Event.history.count() == Event.objects.count()


def delete_demo_events():
    """Events, their invitations and what hangs off them (the demo's certificates and evaluations of held events)."""
    EvaluationAnswer.objects.filter(evaluation__event__isnull=False).delete()
    Evaluation.objects.filter(event__isnull=False).delete()
    CertificateNotice.objects.all().delete()
    Certificate.objects.all().delete()
    CertificateBatch.objects.all().delete()
    EventNotice.objects.all().delete()
    EventInvitation.objects.all().delete()
    Event.objects.all().delete()


def test_same_states_every_build(demo):
    first = set(EventInvitation.objects.values_list("email", "event__title", "email_state", "response", "place", "attended_at"))
    delete_demo_events()
    hub = User.objects.get(email=f"hub@{DEMO_DOMAIN}")
    assert seed_demo_events(today=TODAY, hub_staff=hub) == len(plan_events(TODAY))
    assert set(EventInvitation.objects.values_list("email", "event__title", "email_state", "response", "place", "attended_at")) == first


def test_seeding_events_is_fast_and_sends_nothing(demo, mailoutbox, django_assert_max_num_queries):
    hub = User.objects.get(email=f"hub@{DEMO_DOMAIN}")
    delete_demo_events()
    # Fast means a fixed number of statements (bulk inserts), whatever the machine's speed: on PostgreSQL
    # a fixed number; SQLite splits the bulk insert by its variable limit. (Seconds belong in bench/.)
    with django_assert_max_num_queries(120):
        seed_demo_events(today=TODAY, hub_staff=hub)
    assert EventInvitation.objects.count() > 1000
    assert mailoutbox == []


def test_upcoming_events_stay_upcoming_whenever_the_demo_is_built():
    for today in (date(2026, 9, 2), TODAY, date(2027, 6, 30)):
        plans = plan_events(today)
        assert len({p.title for p in plans}) == len(plans)
        start = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
        assert sum(p.starts_at > start for p in plans) == 6
        assert all(p.starts_at > start for p in plans if p.full or p.cancelled)
        # Last year's events are all over before this academic year starts.
        year = today.year if today.month >= 9 else today.year - 1
        last = [p for p in plans if p.title.endswith(f"{year - 1}/{year % 100:02d}")]
        assert len(last) == 7 and all(p.starts_at.date() < date(year, 9, 1) for p in last)
