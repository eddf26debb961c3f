"""Sending email from outbox rows: each row is sent once, whatever the retries and redeliveries.

A row (an invitation to the portal, an invitation to an event, ...) has `email_state`
(queued → sending → sent | failed), `email_claimed_at`, `email_sent_at` and `email_error`.
A task claims each row with a conditional UPDATE before sending, so a repeated or
redelivered task finds it taken (STYLE 5). A chunk of rows shares one SMTP connection
(STYLE 7); a transient SMTP failure retries the whole chunk, which skips what was sent
(STYLE 6), and anything else is recorded on the row for staff to see.

A recipient's server that answers "try later" (an SMTP 4xx reply, as greylisting does to every
first-time sender) is not a failure: the row waits (`email_retry_at`, back-off doubling up to a
bound) and the sweep sends it again; only a 5xx reply, or too many 4xx, is final. Each row keeps one
Message-ID from its creation, so a resend after a lost "250" reaches the recipient's server as the
same message, which it can recognise. Staff read the reason in words (`email_error`), never
Python's; the technical detail goes to the log.

Another channel (GOV.UK Notify, hubportal.lib.notify) plugs in as an email backend: it raises
`Refused` (final) or `TryLater` (the row waits, as after an SMTP 4xx) with the words staff read, and
leaves the provider's own id for the message on it as `provider_id`, which the row keeps.

The sweep (`requeue_all_stuck`, run by the beat job in hubportal.tasks) queues again every row
that is waiting: never handed to the broker (it was down), claimed by a worker that died, or due
for another try. Every outbox model names the task that sends a chunk of its rows (`send_task`).
"""

import logging
import smtplib
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import ClassVar
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hubportal.lib.queue import chunks, hand_over

logger = logging.getLogger(__name__)


def stale_claim() -> timedelta:
    """A claim older than this belongs to a worker that died mid-send; another task may take it over.

    (If that worker had already handed the message to the mail server, this one sends it again, with
    the same Message-ID: the one duplicate we accept rather than an email that is never sent.)
    """
    return timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)


def queued_grace() -> timedelta:
    """A row queued this long ago and never claimed lost its task (the broker was down, a worker died)."""
    return timedelta(seconds=settings.OUTBOX_QUEUED_GRACE_SECONDS)


def new_message_id() -> str:
    """A Message-ID made once per row, on the portal's own domain."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


def retry_delay(attempts: int) -> timedelta:
    """The wait before try number `attempts` + 1 after a "try later": doubling, up to a bound."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


# Worth another try: the mail server was briefly away. Anything else is final.
TRANSIENT_SMTP_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, ConnectionError)

# What staff read beside a row (the technical detail is logged).
TRY_LATER = "The recipient's server asked us to try later; we will."
GAVE_UP = "The recipient's server kept asking us to try later; we stopped after {attempts} tries."
REFUSED_ADDRESS = "The recipient's server refused the address."
REFUSED_MESSAGE = "The recipient's server refused the message."
REFUSED_SENDER = "Our mail server refused to send from the portal's address."
NO_MAIL_SERVER = "We could not reach our mail server; ask the hub to check its email settings."
MAIL_SERVER_REFUSED = "Our mail server refused to send it; ask the hub to check its email settings."
NO_LONGER_TO_BE_SENT = "No longer to be sent"


class NotSent(Exception):
    """A channel other than SMTP turning one message away; `words` are what staff read."""

    def __init__(self, words: str, detail: str = ""):
        super().__init__(detail or words)
        self.words = words


class Refused(NotSent):
    """Final: the row is failed with `words`."""


class TryLater(NotSent):
    """Not now: the row waits and goes again, as after an SMTP 4xx; `gave_up` is said after the last try.

    With `until`, the channel said when it will take the message (a daily limit that resets at midnight):
    the row waits until then, and the wait is not counted as a try.
    """

    def __init__(self, words: str, gave_up: str, detail: str = "", *, until: datetime | None = None):
        super().__init__(words, detail)
        self.gave_up = gave_up
        self.until = until


def smtp_reply_code(exc: Exception) -> int | None:
    """The SMTP reply code behind `exc` (for refused recipients, the most final of theirs); None if none."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values() if isinstance(code, int)]
        return max(codes) if codes else None
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code
    return None


def reason_in_words(exc: Exception) -> str:
    """What a final failure means, for staff."""
    if isinstance(exc, NotSent):
        return exc.words
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return REFUSED_ADDRESS
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return REFUSED_SENDER
    if isinstance(exc, smtplib.SMTPDataError):
        return REFUSED_MESSAGE
    if isinstance(exc, TRANSIENT_SMTP_ERRORS):
        return NO_MAIL_SERVER
    return MAIL_SERVER_REFUSED



class EmailState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Delivery(models.TextChoices):
    """What the provider's delivery receipt said (GOV.UK Notify's final statuses); SMTP gives none."""

    DELIVERED = "delivered", "Delivered"
    PERMANENT_FAILURE = "permanent-failure", "Address refused"
    TEMPORARY_FAILURE = "temporary-failure", "Inbox refused it for now"
    TECHNICAL_FAILURE = "technical-failure", "Provider's technical failure"


class OutboxRow(models.Model):
    """The fields that make a model's rows an email outbox for `deliver`."""

    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.QUEUED)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)
    # One per row for ever: every try of this email carries it (rows made before it existed get one at their first try).
    email_message_id = models.CharField(max_length=255, blank=True, default=new_message_id)
    # Tries the recipient's server answered "try later", and when the next may go.
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_retry_at = models.DateTimeField(null=True, blank=True)
    # A provider's id for the message it took (GOV.UK Notify's notification id; empty over SMTP), and
    # what its delivery receipt said: receipts find the row by it, so it is indexed.
    email_provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    email_delivery = models.CharField(max_length=20, choices=Delivery.choices, blank=True)

    EmailState = EmailState
    # The task (by name) that sends a chunk of this model's rows, taking a list of ids: the sweep queues it.
    send_task: ClassVar[str] = ""

    class Meta:
        abstract = True


def _due(now) -> Q:
    return Q(email_retry_at__isnull=True) | Q(email_retry_at__lte=now)


def _claim(model, pk: int) -> bool:
    now = timezone.now()
    claimable = (Q(email_state=EmailState.QUEUED) & _due(now)) | Q(
        email_state=EmailState.SENDING, email_claimed_at__lt=now - stale_claim()
    )
    return bool(model.objects.filter(claimable, pk=pk).update(email_state=EmailState.SENDING, email_claimed_at=now))


def _message_id_and_attempts(model, pk: int) -> tuple[str, int]:
    message_id, attempts = model.objects.filter(pk=pk).values_list("email_message_id", "email_attempts").get()
    if not message_id:
        # A row from before Message-IDs were kept: it gets its one now, for this and every later try.
        model.objects.filter(pk=pk, email_message_id="").update(email_message_id=new_message_id())
        message_id = model.objects.filter(pk=pk).values_list("email_message_id", flat=True).get()
    return message_id, attempts


def record_failure(model, pk: int, exc: Exception) -> None:
    logger.warning("%s %s could not be sent: %s: %s", model.__name__, pk, type(exc).__name__, exc)
    model.objects.filter(pk=pk).update(email_state=EmailState.FAILED, email_retry_at=None, email_error=reason_in_words(exc))


def try_later(model, pk: int, attempts: int, exc: Exception, *, waiting: str = TRY_LATER, gave_up: str = GAVE_UP) -> None:
    """The recipient's server said "try later" (4xx): wait and try again, up to OUTBOX_SMTP_ATTEMPTS tries in all.

    `waiting` and `gave_up` are what staff read meanwhile and after the last try (another channel says its own).
    """
    if until := getattr(exc, "until", None):
        logger.info("%s %s: the channel takes it again at %s: %s", model.__name__, pk, until, exc)
        model.objects.filter(pk=pk).update(email_state=EmailState.QUEUED, email_claimed_at=None, email_retry_at=until, email_error=waiting)
        return
    attempts += 1
    if attempts >= settings.OUTBOX_SMTP_ATTEMPTS:
        logger.warning("%s %s: still refused for now after %s tries, giving up: %s", model.__name__, pk, attempts, exc)
        model.objects.filter(pk=pk).update(
            email_state=EmailState.FAILED, email_attempts=attempts, email_retry_at=None,
            email_error=gave_up.format(attempts=attempts),
        )
        return
    logger.info("%s %s: asked to try later (try %s): %s", model.__name__, pk, attempts, exc)
    model.objects.filter(pk=pk).update(
        email_state=EmailState.QUEUED, email_attempts=attempts, email_claimed_at=None,
        email_retry_at=timezone.now() + retry_delay(attempts), email_error=waiting,
    )


def _fail_still_queued(model, ids: list[int], exc: Exception) -> None:
    logger.warning("%s %s could not be sent: %s: %s", model.__name__, ids, type(exc).__name__, exc)
    model.objects.filter(pk__in=ids, email_state=EmailState.QUEUED).update(
        email_state=EmailState.FAILED, email_retry_at=None, email_error=reason_in_words(exc)
    )


def deliver(task, model, ids: list[int], build_message: Callable[[int], EmailMessage | None]) -> None:
    """Send each claimable row of `model` in `ids` once, with `build_message(pk)`, from inside `task`.

    `build_message` returns None for a row that should no longer be sent (it is marked failed).
    The SMTP connection opens at the first row claimed: a redelivered chunk whose rows are all
    sent (the sweep queues a chunk again while its first task is still on the way) costs no connection.
    """
    connection, opened = get_connection(), False
    try:
        for pk in ids:
            if not _claim(model, pk):
                logger.info("%s %s is not queued; nothing to send", model.__name__, pk)  # or not due yet
                continue
            message = build_message(pk)
            if message is None:
                model.objects.filter(pk=pk).update(email_state=EmailState.FAILED, email_error=NO_LONGER_TO_BE_SENT)
                continue
            message_id, attempts = _message_id_and_attempts(model, pk)
            message.extra_headers["Message-ID"] = message_id
            try:
                if not opened:
                    connection.open()  # kept open for the rest of the chunk
                    opened = True
                connection.send_messages([message])
            except TRANSIENT_SMTP_ERRORS:
                model.objects.filter(pk=pk).update(email_state=EmailState.QUEUED)
                raise
            except TryLater as exc:
                try_later(model, pk, attempts, exc, waiting=exc.words, gave_up=exc.gave_up)
                continue
            except Refused as exc:
                record_failure(model, pk, exc)
                continue
            except smtplib.SMTPException as exc:
                code = smtp_reply_code(exc)
                if code is not None and 400 <= code < 500:
                    try_later(model, pk, attempts, exc)
                else:
                    record_failure(model, pk, exc)
                continue
            except OSError as exc:
                record_failure(model, pk, exc)
                continue
            model.objects.filter(pk=pk).update(
                email_state=EmailState.SENT, email_sent_at=timezone.now(), email_error="", email_retry_at=None,
                email_provider_id=getattr(message, "provider_id", ""), email_delivery="",
            )
    except TRANSIENT_SMTP_ERRORS as exc:
        if task.request.retries < task.max_retries:
            raise task.retry(exc=exc) from exc
        _fail_still_queued(model, ids, exc)
    except (smtplib.SMTPException, OSError) as exc:
        # The connection itself was refused for good (bad credentials, say): nothing left in the chunk went.
        _fail_still_queued(model, ids, exc)
    finally:
        connection.close()


def outbox_models() -> list[type[OutboxRow]]:
    """Every installed model whose rows are an email outbox."""
    return [model for model in apps.get_models() if issubclass(model, OutboxRow)]


def requeue_stuck(model: type[OutboxRow], *, queued_before: timedelta | None = None) -> int:
    """Queue again every row of `model` waiting to be sent; the number of rows.

    Waiting: queued over `queued_before` ago (default OUTBOX_QUEUED_GRACE_SECONDS) and never tried
    (its task never reached the broker, or a worker died holding it), due for another try after a
    "try later", or claimed by a worker that died. Claims make sure nobody gets two.
    `model` needs a `created_at`.
    """
    now = timezone.now()
    queued_before = queued_grace() if queued_before is None else queued_before
    stuck = model.objects.filter(
        Q(email_state=EmailState.QUEUED, email_retry_at__isnull=True, created_at__lt=now - queued_before)
        | Q(email_state=EmailState.QUEUED, email_retry_at__lte=now)
        | Q(email_state=EmailState.SENDING, email_claimed_at__lt=now - stale_claim())
    )
    ids = list(stuck.order_by("pk").values_list("pk", flat=True))
    # A beat job or a daily one, outside any transaction: the rows are committed already, so queue at once.
    if ids:
        hand_over(model.send_task, [(chunk,) for chunk in chunks(ids)])
    return len(ids)


def requeue_all_stuck() -> int:
    """The sweep over every outbox (hubportal.tasks.sweep): what is waiting goes to a worker again."""
    return sum(requeue_stuck(model) for model in outbox_models())
