"""Fifty people accept at the same moment for the last ten places, on PostgreSQL.

Each acceptance runs in its own thread and database connection; the event row lock
in programmes.replies.reply must let exactly ten through and queue the rest in the
order they were served.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from programmes.events.replies import reply
from programmes.models import Event, EventInvitation, EventKind, Place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL does not name PostgreSQL")


def test_fifty_simultaneous_acceptances_for_the_last_ten_places():
    starts = timezone.now() + timedelta(days=10)
    event = Event.objects.create(title="NPQ induction conference", kind=EventKind.NPQ_INDUCTION, venue="Hub",
                                 starts_at=starts, ends_at=starts + timedelta(hours=5), capacity=60)
    EventInvitation.objects.bulk_create(
        EventInvitation(event=event, email=f"early{n}@example.org", response="accepted", place=Place.CONFIRMED)
        for n in range(50)
    )
    late = EventInvitation.objects.bulk_create(EventInvitation(event=event, email=f"late{n}@example.org") for n in range(50))
    start = threading.Barrier(len(late))
    errors = []

    def accept(invitation):
        try:
            start.wait()
            reply(invitation, accept=True)
        except Exception as exc:  # noqa: BLE001 - reported below with the test's failure
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(invitation,)) for invitation in late]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert event.invitations.filter(place=Place.CONFIRMED).count() == 60
    waiting = list(event.invitations.filter(place=Place.WAITING).order_by("waiting_since", "pk"))
    assert len(waiting) == 40
    # In order: each joined the list strictly after the one before (times taken under the lock).
    times = [invitation.waiting_since for invitation in waiting]
    assert times == sorted(times) and len(set(times)) == 40
    confirmed_late = event.invitations.filter(place=Place.CONFIRMED, email__startswith="late").order_by("replied_at")
    assert confirmed_late.count() == 10 and max(i.replied_at for i in confirmed_late) < min(times)
