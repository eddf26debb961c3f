"""Queueing on commit when the broker cannot be reached: what was saved stays saved, and nothing raises."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from hubportal.lib.queue import queue_chunks_on_commit, queue_on_commit, watching_handover
from programmes.models import Event, EventInvitation, EventKind


@pytest.fixture
def rows(db):
    starts = timezone.now()
    event = Event.objects.create(title="Clinic", kind=EventKind.AB_CLINIC, online_url="https://meet.example.org/c",
                                 starts_at=starts, ends_at=starts + timedelta(hours=1))
    return [EventInvitation.objects.create(event=event, email=f"p{n}@example.org").pk for n in range(120)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_broker_that_is_down_is_logged_and_noted_not_raised(rows, broker_down, caplog):
    with watching_handover() as failed:
        with transaction.atomic():
            EventInvitation.objects.filter(pk=rows[0]).update(first_name="Saved")
            queue_chunks_on_commit("programmes.tasks.send_event_invitations", rows)
            queue_on_commit("programmes.tasks.send_event_invitations", rows[:1])
    assert EventInvitation.objects.get(pk=rows[0]).first_name == "Saved"
    # Three chunks, but one try each time: after the first refusal the rest wait for the sweep.
    assert failed == ["programmes.tasks.send_event_invitations"] * 2
    assert "Could not hand programmes.tasks.send_event_invitations to the broker" in caplog.text
    assert set(EventInvitation.objects.values_list("email_state", flat=True)) == {"queued"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_request_nothing_is_noted_and_nothing_raises(rows, broker_down):
    queue_chunks_on_commit("programmes.tasks.send_event_invitations", rows)


@pytest.mark.django_db
def test_a_mistyped_task_name_fails_in_the_caller():
    with pytest.raises(KeyError):
        queue_on_commit("programmes.tasks.no_such_task", 1)
