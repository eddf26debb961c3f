"""Many invitations at once (a CSV of ECTs): chunks over one SMTP connection each, each person once."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from hubportal.lib.queue import CHUNK as EMAIL_CHUNK
from participants.accounts.emails import send_invitation_emails
from participants.accounts.invitations import invite_teachers
from participants.models import Invitation, Role, Teacher


class CountingBackend(EmailBackend):
    """locmem, counting connections opened; fails once on a chosen message, as a dropped link would."""

    opened = 0
    fail_on_message = None  # the nth message sent overall raises SMTPServerDisconnected, once
    sent = 0

    def open(self):
        type(self).opened += 1
        return super().open()

    def send_messages(self, messages):
        type(self).sent += 1
        if type(self).sent == type(self).fail_on_message:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def counting_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened, CountingBackend.sent, CountingBackend.fail_on_message = 0, 0, None
    return CountingBackend


def teachers(count: int) -> list[Teacher]:
    return Teacher.objects.bulk_create(
        Teacher(trn=f"{3_000_000 + n}", first_name="Ada", last_name=f"Teacher{n}", email=f"t{n}@example.org")
        for n in range(count)
    )


@pytest.mark.django_db
def test_a_large_batch_goes_in_chunks_one_connection_each(school_a, tutor_a, counting_backend, django_capture_on_commit_callbacks):
    count = 2 * EMAIL_CHUNK + 7
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invite_teachers(teachers(count), role=Role.ECT, school=school_a, invited_by=tutor_a)
    # One hook on commit hands the three chunks over; each chunk is one task and one connection.
    assert len(callbacks) == 1
    assert counting_backend.opened == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"t{n}@example.org" for n in range(count))
    assert set(Invitation.objects.values_list("email_state", flat=True)) == {Invitation.EmailState.SENT}


@pytest.mark.django_db
def test_a_dropped_connection_mid_chunk_retries_and_nobody_gets_two(
    school_a, tutor_a, counting_backend, django_capture_on_commit_callbacks
):
    counting_backend.fail_on_message = 4
    with django_capture_on_commit_callbacks(execute=False):
        invitations = invite_teachers(teachers(10), role=Role.ECT, school=school_a, invited_by=tutor_a)
    # As a worker would run it: apply() follows the task's own retry (exceptions not propagated).
    from hubportal.celery import app

    app.conf.task_eager_propagates = False
    result = send_invitation_emails.apply(args=[[invitation.pk for invitation in invitations]])
    assert result.successful()
    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == sorted(f"t{n}@example.org" for n in range(10))  # each once, none skipped
    assert counting_backend.opened == 2  # the chunk ran again on a new connection
    assert set(Invitation.objects.values_list("email_state", flat=True)) == {Invitation.EmailState.SENT}


@pytest.mark.django_db
def test_a_refused_recipient_fails_alone_and_the_rest_go(school_a, tutor_a, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        invite_teachers(teachers(5), role=Role.ECT, school=school_a, invited_by=tutor_a)
    states = dict(Invitation.objects.values_list("email", "email_state"))
    assert states.pop("t2@example.org") == Invitation.EmailState.FAILED
    assert set(states.values()) == {Invitation.EmailState.SENT}
    assert Invitation.objects.get(email="t2@example.org").email_error == "The recipient's server refused the address."


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        if messages[0].to == ["t2@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"t2@example.org": (550, b"No such mailbox")})
        return super().send_messages(messages)
