"""Sending email from outbox rows: each row is sent once, whatever the retries and redeliveries.

A row (an invitation to the portal, an invitation to an event, ...) has `email_state`
(queued → sending → sent | failed), `email_claimed_at`, `email_sent_at` and `email_error`.
A task claims each row with a conditional UPDATE before sending, so a repeated or
redelivered task finds it taken (STYLE 5). A chunk of rows shares one SMTP connection
(STYLE 7); a transient SMTP failure retries the whole chunk, which skips what was sent
(STYLE 6), and anything else is recorded on the row for staff to see.
"""

import logging
import smtplib
import socket
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hubportal.lib.queue import chunks, task_named

logger = logging.getLogger(__name__)


def stale_claim() -> timedelta:
    """A claim older than this belongs to a worker that died mid-send; another task may take it over.

    (If that worker had already handed the message to the mail server, this one sends it again: the
    one duplicate we accept rather than an email that is never sent.)
    """
    return timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)

# Worth another try: the mail server was briefly away. Anything else is final.
TRANSIENT_SMTP_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, ConnectionError)

class EmailState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxRow(models.Model):
    """The fields that make a model's rows an email outbox for `deliver`."""

    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.QUEUED)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    EmailState = EmailState

    class Meta:
        abstract = True


def _claim(model, pk: int) -> bool:
    now = timezone.now()
    claimable = Q(email_state=EmailState.QUEUED) | Q(email_state=EmailState.SENDING, email_claimed_at__lt=now - stale_claim())
    return bool(model.objects.filter(claimable, pk=pk).update(email_state=EmailState.SENDING, email_claimed_at=now))


def record_failure(model, pk: int, exc: Exception) -> None:
    logger.warning("%s %s could not be sent: %s", model.__name__, pk, exc)
    model.objects.filter(pk=pk).update(email_state=EmailState.FAILED, email_error=f"{type(exc).__name__}: {exc}"[:500])


def _fail_still_queued(model, ids: list[int], exc: Exception) -> None:
    logger.warning("%s %s could not be sent: %s", model.__name__, ids, exc)
    model.objects.filter(pk__in=ids, email_state=EmailState.QUEUED).update(
        email_state=EmailState.FAILED, email_error=f"{type(exc).__name__}: {exc}"[:500]
    )


def deliver(task, model, ids: list[int], build_message: Callable[[int], EmailMessage | None]) -> None:
    """Send each claimable row of `model` in `ids` once, with `build_message(pk)`, from inside `task`.

    `build_message` returns None for a row that should no longer be sent (it is marked failed).
    """
    try:
        with get_connection() as connection:
            for pk in ids:
                if not _claim(model, pk):
                    logger.info("%s %s is not queued; nothing to send", model.__name__, pk)
                    continue
                message = build_message(pk)
                if message is None:
                    model.objects.filter(pk=pk).update(email_state=EmailState.FAILED, email_error="No longer to be sent")
                    continue
                try:
                    connection.send_messages([message])
                except TRANSIENT_SMTP_ERRORS:
                    model.objects.filter(pk=pk).update(email_state=EmailState.QUEUED)
                    raise
                except (smtplib.SMTPException, OSError) as exc:
                    record_failure(model, pk, exc)
                    continue
                model.objects.filter(pk=pk).update(email_state=EmailState.SENT, email_sent_at=timezone.now(), email_error="")
    except TRANSIENT_SMTP_ERRORS as exc:
        if task.request.retries < task.max_retries:
            raise task.retry(exc=exc) from exc
        _fail_still_queued(model, ids, exc)
    except (smtplib.SMTPException, OSError) as exc:
        # The connection itself was refused for good (bad credentials, say): nothing left in the chunk went.
        _fail_still_queued(model, ids, exc)


def requeue_stuck(model, task_name: str, *, queued_before: timedelta = timedelta(minutes=2)) -> int:
    """Queue again every row still waiting: queued for a while, or claimed by a worker that died.

    A killed worker's task may not come back from the broker for a long time (Redis's visibility
    timeout); this sweep (a beat job) makes sure nobody is skipped, and claims make sure nobody
    gets two. `model` needs a `created_at`; `task_name` is the task that sends a chunk of its rows.
    """
    task = task_named(task_name)
    now = timezone.now()
    stuck = model.objects.filter(
        Q(email_state=EmailState.QUEUED, created_at__lt=now - queued_before)
        | Q(email_state=EmailState.SENDING, email_claimed_at__lt=now - stale_claim())
    )
    ids = list(stuck.order_by("pk").values_list("pk", flat=True))
    # A beat job, outside any transaction: the rows are committed already, so queue at once.
    for chunk in chunks(ids):
        task.delay(chunk)
    return len(ids)
