"""Data subject requests: opened with the day they were received, answered within a month (UK GDPR
Art. 12(3)), or three months when hub staff extend the clock with a reason."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from participants.models import User
from privacy.models import DataRequest


def open_request(kind: str, *, email: str, trn: str, name: str, received_on: date, actor: User) -> DataRequest:
    return DataRequest.objects.create(
        kind=kind, email=email.strip().lower(), trn=trn.strip(), name=name.strip(), received_on=received_on,
        due_on=DataRequest.due_for(received_on), created_by=actor,
    )


def extend_request(request: DataRequest, *, reason: str, today: date) -> DataRequest:
    """Art. 12(3): two further months where the request is complex or one of many; the person must be told why."""
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        if request.extended_on is None and request.completed_at is None:
            request.extended_on, request.extension_reason = today, reason
            request.due_on = DataRequest.due_for(request.received_on, extended=True)
            request.save(update_fields=["extended_on", "extension_reason", "due_on"])
    return request


def forget_requester(request: DataRequest) -> None:
    """Once answered the request names nobody: it stays as the record that the hub answered, and when."""
    DataRequest.objects.filter(pk=request.pk).update(email="", trn="", name="", identity_cleared_at=timezone.now())


def clock(request: DataRequest, today: date) -> tuple[str, str]:
    """(state, words) for the request's tag: green answered, blue time left, orange due today, red overdue."""
    if request.completed_at:
        late = timezone.localdate(request.completed_at) > request.due_on
        return ("done late", "Answered late") if late else ("done", "Answered")
    days = (request.due_on - today).days
    if days < 0:
        return "overdue", f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today", "Due today"
    return "due", f"{days} day{'s' if days != 1 else ''} left"
