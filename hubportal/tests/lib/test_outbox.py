"""The outbox: the sweep that queues again what waits, "try later" answers retried, one Message-ID per row."""

import smtplib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from hubportal.celery import app
from hubportal.lib.outbox import GAVE_UP, REFUSED_ADDRESS, TRY_LATER, OutboxRow, outbox_models, retry_delay
from hubportal.tasks import sweep
from programmes.events.emails import send_event_invitations
from programmes.models import Event, EventInvitation, EventKind

S = EventInvitation.EmailState


class ScriptedBackend(EmailBackend):
    """locmem, but each address in `answers` gets those SMTP refusals first, in order; every try is kept."""

    answers: dict[str, list[tuple[int, bytes]]] = {}
    tries: list[tuple[str, str]] = []  # (address, Message-ID) of every message handed to it

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0]
            type(self).tries.append((address, message.message()["Message-ID"]))
            waiting = type(self).answers.get(address)
            if waiting:
                raise smtplib.SMTPRecipientsRefused({address: waiting.pop(0)})
        return super().send_messages(messages)


@pytest.fixture
def scripted(settings):
    settings.EMAIL_BACKEND = f"{__name__}.ScriptedBackend"
    ScriptedBackend.answers, ScriptedBackend.tries = {}, []
    return ScriptedBackend


@pytest.fixture
def event(db):
    starts = timezone.now() + timedelta(days=9)
    return Event.objects.create(title="Clinic", kind=EventKind.AB_CLINIC, online_url="https://meet.example.org/c",
                                starts_at=starts, ends_at=starts + timedelta(hours=1))


GREYLISTED = (451, b"4.7.1 Greylisted, please try again later")


@pytest.mark.django_db
def test_stuck_rows_are_sent_once_and_fresh_or_sent_ones_left_alone(settings, event):
    settings.OUTBOX_STALE_CLAIM_SECONDS = 60
    settings.OUTBOX_QUEUED_GRACE_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=30)

    def row(email, **fields):
        return EventInvitation.objects.create(event=event, email=email, **fields)

    row("queued-long@example.org", created_at=long_ago)
    row("dead-worker@example.org", created_at=long_ago, email_state=S.SENDING, email_claimed_at=long_ago)
    row("fresh@example.org")  # its own task is on the way
    row("busy@example.org", created_at=long_ago, email_state=S.SENDING, email_claimed_at=timezone.now())
    row("done@example.org", created_at=long_ago, email_state=S.SENT)

    assert sweep() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["dead-worker@example.org", "queued-long@example.org"]
    assert sweep() == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_dead_workers_claim_is_swept_within_the_minute(settings, event):
    # Not 10 minutes: a claim a minute old belongs to a worker that died (EMAIL_TIMEOUT is 30 s a step).
    assert settings.OUTBOX_STALE_CLAIM_SECONDS <= 60 and settings.OUTBOX_QUEUED_GRACE_SECONDS <= 60
    a_minute_ago = timezone.now() - timedelta(seconds=61)
    EventInvitation.objects.create(event=event, email="dead@example.org", created_at=a_minute_ago,
                                   email_state=S.SENDING, email_claimed_at=a_minute_ago)
    EventInvitation.objects.create(event=event, email="lost@example.org", created_at=a_minute_ago)
    assert sweep() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["dead@example.org", "lost@example.org"]


@pytest.mark.django_db
def test_try_later_waits_and_goes_again_with_the_same_message_id(scripted, event, settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    row = EventInvitation.objects.create(event=event, email="new@greylisting.example.org")
    scripted.answers[row.email] = [GREYLISTED]

    send_event_invitations.delay([row.pk])
    row.refresh_from_db()
    # Not final: it waits for its next try, and staff read why in words.
    assert (row.email_state, row.email_attempts, row.email_error) == (S.QUEUED, 1, TRY_LATER)
    assert row.email_retry_at - timezone.now() == pytest.approx(timedelta(seconds=60), abs=timedelta(seconds=5))
    assert mail.outbox == []

    # Neither a redelivered task nor the sweep sends it before its time.
    send_event_invitations.delay([row.pk])
    assert sweep() == 0
    assert len(scripted.tries) == 1

    EventInvitation.objects.filter(pk=row.pk).update(email_retry_at=timezone.now() - timedelta(seconds=1))
    assert sweep() == 1
    row.refresh_from_db()
    assert (row.email_state, row.email_error, row.email_retry_at) == (S.SENT, "", None)
    [message] = mail.outbox
    # One Message-ID for both tries, the one the row was made with.
    assert [message_id for _, message_id in scripted.tries] == [row.email_message_id] * 2
    assert message.message()["Message-ID"] == row.email_message_id
    assert sweep() == 0 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_refused_address_is_final_and_said_in_words(scripted, event):
    row = EventInvitation.objects.create(event=event, email="nobody@example.org")
    scripted.answers[row.email] = [(550, b"5.1.1 <nobody@example.org>: Recipient address rejected")]
    send_event_invitations.delay([row.pk])
    row.refresh_from_db()
    assert (row.email_state, row.email_error) == (S.FAILED, REFUSED_ADDRESS)
    assert "SMTP" not in row.email_error and "5.1.1" not in row.email_error
    EventInvitation.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert sweep() == 0 and len(scripted.tries) == 1


@pytest.mark.django_db
def test_try_later_is_tried_a_bounded_number_of_times_with_growing_waits(scripted, event, settings):
    settings.OUTBOX_SMTP_ATTEMPTS = 3
    settings.OUTBOX_RETRY_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS = 60, 100
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 100, 100]
    row = EventInvitation.objects.create(event=event, email="always-later@example.org")
    scripted.answers[row.email] = [GREYLISTED] * 10
    for _ in range(3):
        EventInvitation.objects.filter(pk=row.pk).update(email_retry_at=None)
        send_event_invitations.delay([row.pk])
    row.refresh_from_db()
    assert (row.email_state, row.email_attempts) == (S.FAILED, 3)
    assert row.email_error == GAVE_UP.format(attempts=3) == "The recipient's server kept asking us to try later; we stopped after 3 tries."
    assert len(scripted.tries) == 3


@pytest.mark.django_db
def test_every_row_is_made_with_a_message_id_of_its_own(event):
    rows = EventInvitation.objects.bulk_create([EventInvitation(event=event, email=f"p{n}@example.org") for n in range(3)])
    ids = [row.email_message_id for row in EventInvitation.objects.filter(pk__in=[r.pk for r in rows])]
    assert len(set(ids)) == 3 and all(i.startswith("<") and i.endswith(">") for i in ids)


@pytest.mark.django_db
def test_a_row_from_before_message_ids_gets_one_it_keeps(scripted, event):
    row = EventInvitation.objects.create(event=event, email="old@example.org")
    EventInvitation.objects.filter(pk=row.pk).update(email_message_id="")
    scripted.answers[row.email] = [GREYLISTED]
    send_event_invitations.delay([row.pk])
    row.refresh_from_db()
    assert row.email_message_id and scripted.tries == [(row.email, row.email_message_id)]


@pytest.mark.django_db
def test_staff_see_the_reason_in_words_on_the_event_page(event, hub_staff, as_user):
    EventInvitation.objects.create(event=event, email="later@example.org", email_attempts=1, email_error=TRY_LATER,
                                   email_retry_at=timezone.now() + timedelta(minutes=1))
    EventInvitation.objects.create(event=event, email="gone@example.org", email_state=S.FAILED, email_error=REFUSED_ADDRESS)
    page = as_user(hub_staff).get(reverse("programmes:event_detail", args=[event.public_id])).content.decode()
    assert "The recipient&#x27;s server asked us to try later; we will." in page
    assert "The recipient&#x27;s server refused the address." in page


def test_every_outbox_names_a_task_the_worker_has_that_sends_a_chunk():
    app.loader.import_default_modules()
    outboxes = outbox_models()
    assert len(outboxes) == len([m for m in apps.get_models() if issubclass(m, OutboxRow)]) >= 9
    missing = {model.__name__: model.send_task for model in outboxes if model.send_task not in app.tasks}
    assert missing == {}
