"""A real Celery task, through Redis, to a real worker, writing to PostgreSQL and a real SMTP server.

The test process publishes exactly as the web process does (invite_person queues
on commit); a `celery worker` subprocess pointed at pytest-django's test database
consumes it and talks SMTP to aiosmtpd. Nothing is mocked.

Runs only where DATABASE_URL names PostgreSQL and the broker is a reachable Redis
(CI); elsewhere it skips, and the root conftest fails that skip when CI=true.
"""

import email
import re
import time
from email import policy

import pytest
from django.conf import settings

from participants.accounts.emails import send_invitation_email
from participants.accounts.invitations import find_invitation, invite_person
from participants.models import Invitation, Role
from tests.conftest import Worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("require_services", "tasks_through_broker"),
]

TASK_TIMEOUT = 30


def _wait_for_email_state(invitation: Invitation, state: str, worker: Worker) -> Invitation:
    deadline = time.monotonic() + TASK_TIMEOUT
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.email_state == state:
            return invitation
        if worker.process.poll() is not None:
            break
        time.sleep(0.1)
    pytest.fail(f"invitation stayed {invitation.email_state!r}, not {state!r}; worker output:\n{worker.output}")


def _parse(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)


# --- the tests ------------------------------------------------------------------------------------


def test_invitation_email_goes_through_redis_to_a_worker_and_smtp(worker, smtp_server, hub_staff, school_a):
    invitation = invite_person(
        email="New.Tutor@Example.org",
        role=Role.INDUCTION_TUTOR,
        school=school_a,
        first_name="Nina",
        last_name="Newton",
        invited_by=hub_staff,
    )

    invitation = _wait_for_email_state(invitation, Invitation.EmailState.SENT, worker)

    assert invitation.email_sent_at is not None
    assert invitation.email_error == ""
    envelopes = smtp_server.handler.envelopes
    assert len(envelopes) == 1
    assert envelopes[0].rcpt_tos == ["new.tutor@example.org"]
    message = _parse(envelopes[0])
    assert message["To"] == "new.tutor@example.org"
    assert message["Subject"] == f"You're invited to {settings.HUB_NAME}"
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Hello Nina," in text
    assert f"has invited you to join {settings.HUB_NAME}'s portal as induction tutor at {school_a.name}." in text
    link = re.search(rf"{re.escape(settings.SITE_URL)}/join/([^/\s]+)/", text)
    assert link, text
    assert link.group(0) in html
    found = find_invitation(link.group(1))
    assert found is not None and found.pk == invitation.pk


def test_queueing_a_sent_invitation_again_sends_nothing_more(worker, smtp_server, hub_staff, school_a):
    invitation = invite_person(email="twice@example.org", role=Role.MENTOR, invited_by=hub_staff)
    _wait_for_email_state(invitation, Invitation.EmailState.SENT, worker)
    worker.wait_for(r"send_invitation_email\[[0-9a-f-]+\] succeeded", timeout=TASK_TIMEOUT)

    # A retry and a redelivery of the very same message (same task id), as acks_late allows.
    again = send_invitation_email.delay(invitation.pk)
    send_invitation_email.apply_async(args=[invitation.pk], task_id=again.id)
    worker.wait_for(rf"send_invitation_email\[{again.id}\] succeeded", count=2, timeout=TASK_TIMEOUT)

    assert len(smtp_server.handler.envelopes) == 1
    invitation.refresh_from_db()
    assert invitation.email_state == Invitation.EmailState.SENT
    assert f"Invitation {invitation.pk} is not queued; nothing to send" in worker.output


def test_a_double_queued_invitation_is_sent_once(worker, smtp_server, hub_staff, school_a):
    # A double click: the same unsent invitation queued twice before the worker gets to it.
    invitation = invite_person(email="double@example.org", role=Role.ECT, invited_by=hub_staff)
    extra = send_invitation_email.delay(invitation.pk)
    worker.wait_for(rf"send_invitation_email\[{extra.id}\] succeeded", timeout=TASK_TIMEOUT)
    _wait_for_email_state(invitation, Invitation.EmailState.SENT, worker)
    worker.wait_for(r"send_invitation_email\[[0-9a-f-]+\] succeeded", count=2, timeout=TASK_TIMEOUT)

    assert [envelope.rcpt_tos for envelope in smtp_server.handler.envelopes] == [["double@example.org"]]
