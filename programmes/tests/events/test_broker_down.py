"""The broker is down (Redis stopped): inviting and declining still save, say so plainly, and are sent later."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hubportal.middleware import QueueHandoverMiddleware
from hubportal.tasks import sweep
from programmes.events.links import reply_token
from programmes.events.replies import reply
from programmes.models import Event, EventInvitation, EventKind, EventNotice, Place

DELAYED = QueueHandoverMiddleware.MESSAGE


@pytest.fixture
def conference(hub_staff):
    starts = timezone.now() + timedelta(days=30)
    return Event.objects.create(title="ECT Welcome Conference", kind=EventKind.ECT_WELCOME_Y1, venue="Kingsholm",
                                starts_at=starts, ends_at=starts + timedelta(hours=6), capacity=1, created_by=hub_staff)


def page(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


# Real commits, as in production: the hand-over happens (and fails) while the request is still being answered.
# (serialized_rollback: what the migrations made is there again for the tests after.)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_invitations_are_saved_and_the_page_says_they_will_go_out(client, hub_staff, conference, broker_down):
    client.force_login(hub_staff)
    extras = "\n".join(f"guest{n}@example.org" for n in range(60))  # two chunks
    response = client.post(reverse("programmes:event_invite", args=[conference.public_id]), {"extras": extras}, follow=True)
    assert response.status_code == 200
    assert "60 invitations queued to send." in page(response) and DELAYED in page(response)
    assert conference.invitations.filter(email_state="queued").count() == 60
    assert mail.outbox == []


@pytest.mark.django_db
def test_once_the_broker_is_back_the_sweep_sends_each_once(client, hub_staff, conference, settings, django_capture_on_commit_callbacks):
    from tests.brokers import broker_down

    client.force_login(hub_staff)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:event_invite", args=[conference.public_id]), {"extras": "a@example.org\nb@example.org"})
    EventInvitation.objects.update(created_at=timezone.now() - timedelta(seconds=settings.OUTBOX_QUEUED_GRACE_SECONDS + 1))
    assert sweep() == 2 and sweep() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_declining_a_place_is_saved_and_the_next_person_is_told_later(client, conference, broker_down):
    first, waiting = (EventInvitation.objects.create(event=conference, email=f"p{n}@example.org") for n in range(2))
    reply(first, accept=True)
    reply(waiting, accept=True)
    url = reverse("programmes:event_reply", args=[reply_token(first)])
    response = client.post(url, {"answer": "decline", "access_needs": "", "dietary_needs": ""}, follow=True)
    assert response.status_code == 200
    assert "Thank you for letting us know you cannot come." in page(response) and DELAYED in page(response)
    assert EventInvitation.objects.get(pk=waiting.pk).place == Place.OFFERED
    assert EventNotice.objects.filter(invitation=waiting, email_state="queued").exists()

