"""Subject access (UK GDPR Art. 15): hub staff build one ZIP of everything the portal holds about a
person, a worker writes it (privacy.access.archive), and it can be downloaded for seven days.

The request row is the export's outbox row: `export_state` goes "" → queued → building → ready (or
failed), and each step checks the state before it in the same statement (queueing under a row
lock), so a double click queues once and a redelivered task finds nothing to claim. The file is stored before the row says ready;
a worker that lost its claim deletes the file it made, so a request never points at two.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hubportal.lib.queue import hand_over, queue_on_commit
from participants.models import User
from privacy.access.archive import STEPS, write_archive
from privacy.models import DataRequest

logger = logging.getLogger(__name__)

State = DataRequest.ExportState
# Long enough to send the link and for the person to be sent the file; short enough that copies do not linger.
DOWNLOAD_DAYS = 7
TASK = "privacy.tasks.build_subject_access_export"
# States from which hub staff may (re)build: nothing yet, a failure, or a download that has expired.
BUILDABLE = [State.NONE, State.FAILED, State.EXPIRED]

COULD_NOT_START = "The export could not be started (the background worker could not be reached). Build it again in a few minutes."
COULD_NOT_STORE = "The export could not be saved on the server. Build it again; if it fails again, tell the portal's support team."
COULD_NOT_WRITE = ("One of the person's records could not be written into the export. Build it again; "
                   "if it fails again, tell the portal's support team.")


def _open_access_requests():
    return DataRequest.objects.filter(kind=DataRequest.Kind.ACCESS, completed_at__isnull=True)


def start_export(data_request: DataRequest, *, actor: User) -> bool:
    """Queue the export's build; False if it is already queued, building or downloadable, or the request is not an open access request."""
    now = timezone.now()
    buildable = Q(export_state__in=BUILDABLE) | Q(export_state=State.READY, export_expires_at__lte=now)
    with transaction.atomic():
        # Locked, so a double click waits here and then finds the export queued.
        row = _open_access_requests().select_for_update().filter(buildable, pk=data_request.pk).first()
        if row is None:
            return False
        # A download past its expiry that the nightly job has not deleted yet: the new build replaces it.
        old = row.export_file.name
        DataRequest.objects.filter(pk=row.pk).update(
            export_state=State.QUEUED, export_since=now, export_steps_done=0, export_steps_total=STEPS, export_error="", export_file="",
            export_ready_at=None, export_expires_at=None,
        )
        if old:
            storage = row.export_file.storage
            transaction.on_commit(lambda: storage.delete(old))
        logger.info("Subject access export of request %s queued by user %s", row.pk, actor.pk)
        queue_on_commit(TASK, row.pk, if_not_handed_over=lambda: _not_started(row.pk))
    return True


def _not_started(request_id: int) -> None:
    DataRequest.objects.filter(pk=request_id, export_state=State.QUEUED).update(export_state=State.FAILED, export_error=COULD_NOT_START)


def _stale_build(now: datetime) -> Q:
    """A build whose worker died: claimed longer ago than any build takes."""
    return Q(export_state=State.BUILDING, export_since__lt=now - timedelta(seconds=settings.SUBJECT_ACCESS_STALE_BUILD_SECONDS))


def requeue_stuck_exports() -> int:
    """Exports queued but never taken (a message lost) or held by a worker that died go to a worker again (the sweep)."""
    now = timezone.now()
    waiting = Q(export_state=State.QUEUED, export_since__lt=now - timedelta(seconds=settings.OUTBOX_QUEUED_GRACE_SECONDS))
    ids = list(_open_access_requests().filter(waiting | _stale_build(now)).values_list("pk", flat=True))
    if ids:
        hand_over(TASK, [(pk,) for pk in ids])
    return len(ids)


def build_export(request_id: int) -> str:
    """Claim the request's export, write the ZIP and store it; the state it ends in ("" if there was nothing to claim)."""
    claimed_at = timezone.now()
    claimed = _open_access_requests().filter(Q(export_state=State.QUEUED) | _stale_build(claimed_at), pk=request_id).update(
        export_state=State.BUILDING, export_since=claimed_at, export_steps_done=0, export_steps_total=STEPS,
    )
    if not claimed:
        return ""
    data_request = DataRequest.objects.get(pk=request_id)
    # Every later write checks this worker still holds the claim: a worker thought dead must not finish over its successor.
    mine = Q(pk=request_id, export_state=State.BUILDING, export_since=claimed_at)

    def step_done(done: int) -> None:
        DataRequest.objects.filter(mine).update(export_steps_done=done)

    field = data_request.export_file.field
    try:
        with tempfile.TemporaryFile() as archive:
            write_archive(archive, data_request, produced_at=timezone.now(), step_done=step_done)
            archive.seek(0)
            try:
                name = field.storage.save(field.generate_filename(data_request, f"subject-access-{data_request.public_id}.zip"),
                                          File(archive))
            except OSError as exc:
                return _failed(mine, request_id, exc, COULD_NOT_STORE)
    except Exception as exc:  # noqa: BLE001 - any failure must reach a state staff can see, not leave it "building"
        return _failed(mine, request_id, exc, COULD_NOT_WRITE)
    now = timezone.now()
    stored = DataRequest.objects.filter(mine).update(
        export_state=State.READY, export_file=name, export_ready_at=now, export_expires_at=now + timedelta(days=DOWNLOAD_DAYS),
        export_steps_done=STEPS, export_error="",
    )
    if not stored:
        # The request moved on while this worker wrote (answered, or its state reset): keep no copy nobody points at.
        field.storage.delete(name)
        return ""
    return State.READY


def _failed(mine: Q, request_id: int, exc: Exception, words: str) -> str:
    logger.exception("Subject access export of request %s failed: %s", request_id, type(exc).__name__)
    DataRequest.objects.filter(mine).update(export_state=State.FAILED, export_error=words)
    return State.FAILED


def complete_request(data_request: DataRequest, *, actor: User) -> bool:
    """Record the request as answered: only once a download has been made available to send to the person."""
    answered = _open_access_requests().filter(pk=data_request.pk, export_state__in=[State.READY, State.EXPIRED]).update(
        completed_at=timezone.now(), completed_by=actor,
    )
    return bool(answered)


@dataclass(frozen=True)
class ExportStatus:
    """What the request page says of the export, read from the row alone (no storage call but the file's size)."""

    state: str
    steps_done: int
    steps_total: int
    error: str
    available: bool
    expired: bool
    expires_at: datetime | None
    size_kb: int

    @property
    def building(self) -> bool:
        return self.state in (State.QUEUED, State.BUILDING)

    @property
    def seen(self) -> str:
        """The figures in short: a poll that saw the same has nothing new to show."""
        return f"{self.state or 'none'}-{self.steps_done}-{self.steps_total}"


def export_status(data_request: DataRequest, now: datetime) -> ExportStatus:
    expires_at = data_request.export_expires_at
    ready = data_request.export_state == State.READY and bool(data_request.export_file)
    available = ready and expires_at is not None and expires_at > now
    expired = data_request.export_state == State.EXPIRED or (ready and not available)
    size = data_request.export_file.size if available else 0
    return ExportStatus(
        state=data_request.export_state, steps_done=data_request.export_steps_done, steps_total=data_request.export_steps_total,
        error=data_request.export_error, available=available, expired=expired, expires_at=expires_at, size_kb=-(-size // 1024),
    )
