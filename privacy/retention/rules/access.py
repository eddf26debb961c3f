"""Subject access exports: a copy of everything about a person, kept only as long as it takes to send."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Q

from privacy.models import DataRequest
from privacy.requests.requests import forget_requester
from privacy.retention.schedule import Action, Rule, day_start

State = DataRequest.ExportState


def expired_exports(cutoff: date):
    # The cut-off is the day itself (settings.RETENTION_MONTHS["access_exports"] is 0): the download's expiry is the clock.
    expired = Q(export_state=State.READY, export_expires_at__lt=day_start(cutoff))
    # A request answered after its download expired still names the person until the next night.
    answered = Q(export_state=State.EXPIRED, completed_at__isnull=False, identity_cleared_at__isnull=True)
    return DataRequest.objects.filter(Q(kind=DataRequest.Kind.ACCESS) & (expired | answered))


def expire_exports(ids: Sequence[int], today: date) -> None:
    requests = DataRequest.objects.filter(pk__in=ids)
    stored = requests.filter(export_state=State.READY).exclude(export_file="")
    files = [(request.export_file.storage, request.export_file.name) for request in stored]
    requests.filter(export_state=State.READY).update(export_state=State.EXPIRED, export_file="")
    for request in requests.filter(completed_at__isnull=False, identity_cleared_at__isnull=True):
        forget_requester(request)
    # After the commit: a batch that rolls back keeps its files with its rows.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


RULES = [
    Rule(
        key="access_exports",
        length_key="access_exports",
        kind="Copies of a person's data (subject access exports)",
        clock="The download's expiry, 7 days after the copy was made",
        action=Action.DELETE,
        outcome="The copy's file is deleted; an answered request stops naming the person.",
        due=expired_exports,
        apply=expire_exports,
    ),
]
