"""GOV.UK Notify as the portal's email channel (EMAIL_CHANNEL=notify): free for state-funded schools.

Each message goes through one generic Notify template whose personalisation is the portal's own
subject and plain-text body (as DfE's services do), so every email keeps its templates here.
The reference is the outbox row's Message-ID, which Notify's delivery receipt sends back.

Notify's answers map onto the outbox's states (hubportal.lib.outbox): 201 is sent, with Notify's id
kept on the row; 400 (an address Notify will not take, trial mode, a template that does not fit)
and 403 (the key) are final; 429 (the rate limit) and 5xx wait and go again as an SMTP
"try later" does, and the daily limit waits until it resets after midnight without using up a try; Notify out of reach is a dropped SMTP connection (the chunk's task retries).

Attachments (an event's .ics, the check-in QR code, a certificate's PDF) cannot go through a plain
Notify template, and Notify's file links take only some file types (not .ics), so they are left
out: the body says so and points to the portal, where the calendar feed and certificates are.
"""

import hmac
import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from hubportal.lib.outbox import REFUSED_ADDRESS, Delivery, EmailState, Refused, TryLater, outbox_models, try_later

logger = logging.getLogger(__name__)

# What staff read beside a row (Notify's own message goes to the log).
NOTIFY_REFUSED_ADDRESS = "GOV.UK Notify refused the address as not a valid email address."
NOTIFY_TRIAL_MODE = "GOV.UK Notify sends only to the hub's own team until the hub's Notify service goes live."
NOTIFY_REFUSED_KEY = "GOV.UK Notify refused the portal's key; ask the hub to check its Notify settings."
NOTIFY_REFUSED_MESSAGE = "GOV.UK Notify refused the message; ask the hub to check its Notify settings."
NOTIFY_SLOW_DOWN = "GOV.UK Notify asked us to slow down; we will try again."
NOTIFY_BUSY = "GOV.UK Notify was unavailable for a moment; we will try again."
NOTIFY_GAVE_UP = "GOV.UK Notify kept asking us to wait; we stopped after {attempts} tries."
NOTIFY_DAILY_LIMIT = "The hub reached GOV.UK Notify's limit of emails for today; it will be sent after midnight."
NOT_DELIVERED_FOR_NOW = "The recipient's inbox turned it away (full, or a spam filter); it was not delivered."
NOTIFY_TECHNICAL_FAILURE = "GOV.UK Notify could not pass it on; we will try again."

WITHOUT_ATTACHMENTS = "This email comes without its attachments ({names}). Sign in at {site_url} to find your events and certificates."


def notify_settings() -> tuple[str, str]:
    """The API key and template id; their absence is a configuration error, not a failed email."""
    if not (settings.NOTIFY_API_KEY and settings.NOTIFY_TEMPLATE_ID):
        raise ImproperlyConfigured("NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID must be set to send through GOV.UK Notify")
    return settings.NOTIFY_API_KEY, settings.NOTIFY_TEMPLATE_ID


def _attachment_name(attachment) -> str:
    if isinstance(attachment, tuple):
        return attachment[0] or "a file"
    return attachment.get_filename() or "an image"


def personalisation(message: EmailMessage) -> dict[str, str]:
    """The generic template's ((subject)) and ((body)): the portal's own subject and text part."""
    body = message.body
    if message.attachments:
        names = ", ".join(_attachment_name(attachment) for attachment in message.attachments)
        body = f"{body.rstrip()}\n\n{WITHOUT_ATTACHMENTS.format(names=names, site_url=settings.SITE_URL)}\n"
    return {"subject": message.subject, "body": body}


def _notify_says(exc: HTTPError) -> str:
    said = exc.message
    if isinstance(said, list):
        return "; ".join(str(error.get("message", error)) if isinstance(error, dict) else str(error) for error in said)
    return str(said)


def after_the_daily_limit_resets(now: datetime) -> datetime:
    """A few minutes after the next midnight, UTC or UK time, whichever comes first: if Notify's day had not ended
    by then, the limit answers again and the row waits for the other midnight, an hour at most, never a day late."""
    def next_midnight(zone) -> datetime:
        local = now.astimezone(zone)
        return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
    return min(next_midnight(UTC), next_midnight(ZoneInfo("Europe/London"))) + timedelta(minutes=5)


def not_sent(exc: HTTPError) -> Exception:
    """Notify's error answer as the outbox understands it."""
    if exc.response is None:
        # No answer at all: like an SMTP server out of reach, the chunk's task tries again.
        return ConnectionError(f"GOV.UK Notify could not be reached: {exc}")
    said, code = _notify_says(exc), exc.status_code
    detail = f"GOV.UK Notify {code}: {said}"
    if code == 429 and "for today" in said.lower():
        # The service's daily limit: backing off for minutes would only use up the tries.
        return TryLater(NOTIFY_DAILY_LIMIT, NOTIFY_GAVE_UP, detail, until=after_the_daily_limit_resets(timezone.now()))
    if code == 429:
        return TryLater(NOTIFY_SLOW_DOWN, NOTIFY_GAVE_UP, detail)
    if code >= 500:
        return TryLater(NOTIFY_BUSY, NOTIFY_GAVE_UP, detail)
    if code == 403:
        return Refused(NOTIFY_REFUSED_KEY, detail)
    lowered = said.lower()
    if "trial mode" in lowered or "team-only" in lowered:
        return Refused(NOTIFY_TRIAL_MODE, detail)
    if "email_address" in lowered or "not a valid email address" in lowered:
        return Refused(NOTIFY_REFUSED_ADDRESS, detail)
    return Refused(NOTIFY_REFUSED_MESSAGE, detail)


class NotifyEmailBackend(BaseEmailBackend):
    """Django's email API over GOV.UK Notify: one notification per recipient.

    A message's Notify id is left on it as `provider_id` (for the outbox row); a refusal raises the
    outbox's `Refused` or `TryLater` unless `fail_silently`.
    """

    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key, self.template_id = notify_settings()
        self.client: NotificationsAPIClient | None = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        self.client = NotificationsAPIClient(self.api_key, base_url=settings.NOTIFY_BASE_URL)
        return True

    def close(self) -> None:
        if self.client is not None:
            self.client.request_session.close()
            self.client = None

    def send_messages(self, email_messages) -> int:
        opened = self.open()
        sent = 0
        try:
            for message in email_messages:
                try:
                    self._send(message)
                except (Refused, TryLater, ConnectionError):
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        finally:
            if opened:
                self.close()
        return sent

    def _send(self, message: EmailMessage) -> None:
        # The outbox sets each row's Message-ID; anything else sent (allauth's emails) goes without a reference.
        reference = message.extra_headers.get("Message-ID")
        ids = []
        for address in message.recipients():
            try:
                answer = self.client.send_email_notification(
                    email_address=address, template_id=self.template_id,
                    personalisation=personalisation(message), reference=reference,
                )
            except HTTPError as exc:
                raise not_sent(exc) from exc
            ids.append(answer["id"])
        # An outbox row has one recipient, so one id.
        message.provider_id = ids[0] if ids else ""


RECEIPT_STATUSES = {choice.value for choice in Delivery}


def token_matches(authorization: str, token: str) -> bool:
    """The callback's `Authorization: Bearer <token>`, compared in constant time; no token set matches nothing."""
    if not token:
        return False
    return hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode())


def record_receipt(*, reference: str, provider_id: str, status: str) -> bool:
    """Record Notify's delivery receipt on the sent row it is about; False if there is none.

    The row must still hold that notification (reference and Notify id both match, and it is
    sent): a receipt for an earlier send of a row sent again since changes nothing. An address
    refused or an inbox that turned it away fails the row for staff to see, like an SMTP refusal;
    Notify's own technical failure sends it again, through the outbox's "try later".
    """
    if not (reference and provider_id) or status not in RECEIPT_STATUSES:
        return False
    failed = {
        Delivery.PERMANENT_FAILURE: REFUSED_ADDRESS,
        Delivery.TEMPORARY_FAILURE: NOT_DELIVERED_FOR_NOW,
    }
    for model in outbox_models():
        with transaction.atomic():
            row = (
                model.objects.select_for_update()
                .filter(email_message_id=reference, email_provider_id=provider_id, email_state=EmailState.SENT)
                .values("pk", "email_attempts")
                .first()
            )
            if row is None:
                continue
            rows = model.objects.filter(pk=row["pk"])
            rows.update(email_delivery=status)
            if status in failed:
                logger.warning("%s %s was not delivered: GOV.UK Notify says %s", model.__name__, row["pk"], status)
                rows.update(email_state=EmailState.FAILED, email_error=failed[status])
            elif status == Delivery.TECHNICAL_FAILURE:
                try_later(model, row["pk"], row["email_attempts"], Exception(f"GOV.UK Notify {status}"),
                          waiting=NOTIFY_TECHNICAL_FAILURE, gave_up=NOTIFY_GAVE_UP)
            return True
    return False
