"""GOV.UK Notify as the email channel: what its client asks a local stand-in, what each answer does to the
outbox row, and the delivery receipts it sends back."""

import json
import uuid
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone

from hubportal.lib.notify import (
    NOT_DELIVERED_FOR_NOW,
    NOTIFY_DAILY_LIMIT,
    NOTIFY_GAVE_UP,
    NOTIFY_REFUSED_ADDRESS,
    NOTIFY_REFUSED_KEY,
    NOTIFY_REFUSED_MESSAGE,
    NOTIFY_SLOW_DOWN,
    NOTIFY_TRIAL_MODE,
    after_the_daily_limit_resets,
)
from hubportal.lib.outbox import NO_MAIL_SERVER, REFUSED_ADDRESS
from hubportal.tasks import sweep
from programmes.events.emails import send_event_invitations
from programmes.models import Event, EventInvitation, EventKind

S = EventInvitation.EmailState
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
NOTIFICATION_ID = "740e5834-3a29-46b4-9a6f-16142fde533a"
PATH = "/v2/notifications/email"
CALLBACK_TOKEN = "a-long-shared-secret-for-receipts"


@pytest.fixture
def notify(settings, httpserver):
    """Notify, played by a local HTTP server."""
    settings.EMAIL_BACKEND = "hubportal.lib.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = f"portal_test-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_BASE_URL = httpserver.url_for("")
    settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
    return httpserver


@pytest.fixture
def invitation(db):
    starts = timezone.now() + timedelta(days=9)
    event = Event.objects.create(title="Mentor clinic", kind=EventKind.AB_CLINIC, online_url="https://meet.example.org/c",
                                 starts_at=starts, ends_at=starts + timedelta(hours=1))
    return EventInvitation.objects.create(event=event, email="erin@school-a.example.org", first_name="Erin")


def notify_answers(server, status, body):
    server.expect_oneshot_request(PATH, method="POST").respond_with_json(body, status=status)


def created(reference):
    return {"id": NOTIFICATION_ID, "reference": reference, "uri": f"https://api.example/v2/notifications/{NOTIFICATION_ID}",
            "template": {"id": TEMPLATE_ID, "version": 1, "uri": "https://api.example/t"},
            "content": {"subject": "s", "body": "b", "from_email": "hub@notifications.service.gov.uk"}}


def error(status, kind, message):
    return {"status_code": status, "errors": [{"error": kind, "message": message}]}


@pytest.mark.django_db
def test_an_invitation_goes_through_notify_and_201_records_its_id(notify, invitation):
    notify_answers(notify, 201, created(invitation.email_message_id))
    send_event_invitations.delay([invitation.pk])

    [(request, _)] = notify.log
    assert request.path == PATH and request.headers["Authorization"].startswith("Bearer ")
    sent = request.get_json()
    assert sent["template_id"] == TEMPLATE_ID
    assert sent["email_address"] == "erin@school-a.example.org"
    assert sent["reference"] == invitation.email_message_id
    assert set(sent["personalisation"]) == {"subject", "body"}
    assert "Mentor clinic" in sent["personalisation"]["subject"]
    body = sent["personalisation"]["body"]
    # The text part, not the HTML one: Notify lays the body out itself.
    assert body.startswith("Hello Erin,") and "invites you to Mentor clinic" in body and "<p" not in body
    # The .ics cannot go through the template: the body says so and points to the portal.
    assert "without its attachments (invitation.ics)" in body

    invitation.refresh_from_db()
    assert (invitation.email_state, invitation.email_error, invitation.email_provider_id) == (S.SENT, "", NOTIFICATION_ID)
    assert invitation.email_sent_at is not None


@pytest.mark.django_db
def test_400_is_final_and_said_in_words(notify, invitation):
    notify_answers(notify, 400, error(400, "ValidationError", "email_address Not a valid email address"))
    send_event_invitations.delay([invitation.pk])
    invitation.refresh_from_db()
    assert (invitation.email_state, invitation.email_error, invitation.email_provider_id) == (S.FAILED, NOTIFY_REFUSED_ADDRESS, "")
    assert invitation.email_retry_at is None
    # Final: the sweep does not try it again.
    EventInvitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert sweep() == 0 and len(notify.log) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "kind", "said", "words"), [
    (400, "BadRequestError", "Can't send to this recipient when service is in trial mode - see https://www.notifications.service.gov.uk/trial-mode", NOTIFY_TRIAL_MODE),
    (400, "BadRequestError", "Can't send to this recipient using a team-only API key", NOTIFY_TRIAL_MODE),
    (400, "BadRequestError", "Missing personalisation: body", NOTIFY_REFUSED_MESSAGE),
    (403, "AuthError", "Invalid token: API key not found", NOTIFY_REFUSED_KEY),
])
def test_other_refusals_are_final_and_said_in_words(notify, invitation, status, kind, said, words):
    notify_answers(notify, status, error(status, kind, said))
    send_event_invitations.delay([invitation.pk])
    invitation.refresh_from_db()
    assert (invitation.email_state, invitation.email_error, invitation.email_attempts) == (S.FAILED, words, 0)


@pytest.mark.django_db
def test_429_waits_for_a_retry_like_an_smtp_try_later(notify, invitation, settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    notify_answers(notify, 429, error(429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"))
    send_event_invitations.delay([invitation.pk])
    invitation.refresh_from_db()
    assert (invitation.email_state, invitation.email_attempts, invitation.email_error) == (S.QUEUED, 1, NOTIFY_SLOW_DOWN)
    assert invitation.email_sent_at is None and invitation.email_provider_id == ""
    assert invitation.email_retry_at - timezone.now() == pytest.approx(timedelta(seconds=60), abs=timedelta(seconds=5))
    assert sweep() == 0  # not before its time

    # When due, the sweep sends it again, with the same reference, and Notify takes it.
    notify_answers(notify, 201, created(invitation.email_message_id))
    EventInvitation.objects.filter(pk=invitation.pk).update(email_retry_at=timezone.now() - timedelta(seconds=1))
    assert sweep() == 1
    invitation.refresh_from_db()
    assert (invitation.email_state, invitation.email_error, invitation.email_provider_id) == (S.SENT, "", NOTIFICATION_ID)
    assert [request.get_json()["reference"] for request, _ in notify.log] == [invitation.email_message_id] * 2


@pytest.mark.django_db
def test_the_daily_limit_waits_until_after_midnight_without_using_up_a_try(notify, invitation, settings):
    notify_answers(notify, 429, error(429, "TooManyRequestsError", "Exceeded send limits (1000) for today"))
    send_event_invitations.delay([invitation.pk])
    invitation.refresh_from_db()
    assert (invitation.email_state, invitation.email_attempts, invitation.email_error) == (S.QUEUED, 0, NOTIFY_DAILY_LIMIT)
    assert invitation.email_retry_at - after_the_daily_limit_resets(timezone.now()) == pytest.approx(timedelta(0), abs=timedelta(seconds=5))
    assert sweep() == 0  # not before midnight


@pytest.mark.parametrize("now, after", [
    # Winter: UK time is UTC, one midnight.
    ("2026-12-05T15:00:00+00:00", "2026-12-06T00:05:00+00:00"),
    # Summer: midnight in London (23:00 UTC) comes an hour before midnight in UTC.
    ("2026-06-05T15:00:00+00:00", "2026-06-05T23:05:00+00:00"),
    # Between the two midnights in summer (23:30 UTC is 00:30 in London): the UTC one is next.
    ("2026-06-05T23:30:00+00:00", "2026-06-06T00:05:00+00:00"),
    # Just after UTC midnight in summer (00:30 UTC, 01:30 London): London's, at 23:00 UTC.
    ("2026-06-06T00:30:00+00:00", "2026-06-06T23:05:00+00:00"),
])
def test_the_daily_limit_resets_after_midnight_in_both_utc_and_uk_time(now, after):
    from datetime import datetime

    assert after_the_daily_limit_resets(datetime.fromisoformat(now)) == datetime.fromisoformat(after)


@pytest.mark.django_db
def test_5xx_waits_too_and_repeated_waits_end_in_words(notify, invitation, settings):
    settings.OUTBOX_SMTP_ATTEMPTS = 2
    for _ in range(2):
        notify_answers(notify, 500, error(500, "Exception", "Internal server error"))
        EventInvitation.objects.filter(pk=invitation.pk).update(email_retry_at=None)
        send_event_invitations.delay([invitation.pk])
    invitation.refresh_from_db()
    assert (invitation.email_state, invitation.email_error) == (S.FAILED, NOTIFY_GAVE_UP.format(attempts=2))


def test_a_missing_key_or_template_is_a_configuration_error(settings):
    settings.NOTIFY_API_KEY, settings.NOTIFY_TEMPLATE_ID = "", TEMPLATE_ID
    with pytest.raises(ImproperlyConfigured):
        get_connection("hubportal.lib.notify.NotifyEmailBackend")


# Delivery receipts.

def receipt(invitation, status, **overrides):
    return {"id": invitation.email_provider_id, "reference": invitation.email_message_id, "to": invitation.email,
            "status": status, "created_at": "2026-12-05T17:00:00.000000Z", "notification_type": "email",
            "template_id": TEMPLATE_ID, "template_version": 1, **overrides}


def post_receipt(client, body, token=CALLBACK_TOKEN):
    return client.post(reverse("notify_delivery_receipt"), json.dumps(body), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def sent_invitation(notify, invitation):
    EventInvitation.objects.filter(pk=invitation.pk).update(email_state=S.SENT, email_sent_at=timezone.now(),
                                                            email_provider_id=NOTIFICATION_ID)
    invitation.refresh_from_db()
    return invitation


@pytest.mark.django_db
def test_a_delivered_receipt_is_recorded(client, sent_invitation):
    assert post_receipt(client, receipt(sent_invitation, "delivered")).status_code == 204
    sent_invitation.refresh_from_db()
    assert (sent_invitation.email_state, sent_invitation.email_delivery) == (S.SENT, "delivered")


@pytest.mark.django_db
def test_a_permanent_failure_shows_to_staff_like_an_smtp_refusal(client, sent_invitation, hub_staff, as_user):
    assert post_receipt(client, receipt(sent_invitation, "permanent-failure")).status_code == 204
    sent_invitation.refresh_from_db()
    assert (sent_invitation.email_state, sent_invitation.email_delivery, sent_invitation.email_error) == (
        S.FAILED, "permanent-failure", REFUSED_ADDRESS)
    page = as_user(hub_staff).get(reverse("programmes:event_detail", args=[sent_invitation.event.public_id])).content.decode()
    assert "The recipient&#x27;s server refused the address." in page


@pytest.mark.django_db
def test_a_temporary_failure_is_not_delivered_and_a_technical_one_goes_again(client, sent_invitation, invitation):
    assert post_receipt(client, receipt(sent_invitation, "temporary-failure")).status_code == 204
    sent_invitation.refresh_from_db()
    assert (sent_invitation.email_state, sent_invitation.email_error) == (S.FAILED, NOT_DELIVERED_FOR_NOW)

    EventInvitation.objects.filter(pk=invitation.pk).update(email_state=S.SENT, email_error="")
    assert post_receipt(client, receipt(sent_invitation, "technical-failure")).status_code == 204
    sent_invitation.refresh_from_db()
    assert (sent_invitation.email_state, sent_invitation.email_delivery, sent_invitation.email_attempts) == (
        S.QUEUED, "technical-failure", 1)
    assert sent_invitation.email_retry_at is not None


@pytest.mark.django_db
def test_a_receipt_needs_the_token(client, sent_invitation, settings):
    assert post_receipt(client, receipt(sent_invitation, "permanent-failure"), token="guessed").status_code == 403
    assert client.post(reverse("notify_delivery_receipt"), receipt(sent_invitation, "delivered"),
                       content_type="application/json").status_code == 403
    settings.NOTIFY_CALLBACK_TOKEN = ""  # receipts not set up: nothing answers
    assert post_receipt(client, receipt(sent_invitation, "delivered"), token="").status_code == 404
    sent_invitation.refresh_from_db()
    assert (sent_invitation.email_state, sent_invitation.email_delivery) == (S.SENT, "")


@pytest.mark.django_db
def test_a_receipt_for_no_row_or_an_earlier_send_is_404(client, sent_invitation):
    assert post_receipt(client, receipt(sent_invitation, "delivered", reference="<nobody@example.org>")).status_code == 404
    # The row was sent again since: Notify's receipt for the first notification changes nothing.
    assert post_receipt(client, receipt(sent_invitation, "permanent-failure", id=str(uuid.uuid4()))).status_code == 404
    assert post_receipt(client, receipt(sent_invitation, "opened")).status_code == 404
    assert post_receipt(client, ["not", "a", "receipt"]).status_code == 400
    sent_invitation.refresh_from_db()
    assert (sent_invitation.email_state, sent_invitation.email_delivery) == (S.SENT, "")


def test_a_get_is_refused(client):
    assert client.get(reverse("notify_delivery_receipt")).status_code == 405


@pytest.mark.django_db
def test_notify_out_of_reach_is_a_mail_server_out_of_reach(notify, invitation, settings):
    # Nothing listens there: the chunk's task retries, as for an SMTP server away, and after its last try says so.
    settings.NOTIFY_BASE_URL = "http://127.0.0.1:9/"
    with pytest.raises(Retry):
        send_event_invitations.delay([invitation.pk])
    invitation.refresh_from_db()
    assert (invitation.email_state, invitation.email_error) == (S.QUEUED, "")
    send_event_invitations.apply(args=[[invitation.pk]], retries=send_event_invitations.max_retries)
    invitation.refresh_from_db()
    assert (invitation.email_state, invitation.email_error) == (S.FAILED, NO_MAIL_SERVER)
