"""After seven days the export's file is deleted, and an answered request stops naming the person."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from privacy.access.export import DOWNLOAD_DAYS, complete_request, start_export
from privacy.models import DataRequest
from privacy.requests.requests import open_request
from privacy.retention.job import apply_retention

pytestmark = pytest.mark.django_db
State = DataRequest.ExportState


def ready_export(hub_staff, email, django_capture_on_commit_callbacks) -> DataRequest:
    data_request = open_request("access", email=email, trn="", name="Someone", received_on=timezone.localdate(), actor=hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        start_export(data_request, actor=hub_staff)
    data_request.refresh_from_db()
    assert data_request.export_state == State.READY
    return data_request


def test_the_night_after_the_download_expires_the_file_goes_and_an_answered_request_names_nobody(
        hub_staff, files_in_memory, django_capture_on_commit_callbacks):
    answered = ready_export(hub_staff, "answered@example.org", django_capture_on_commit_callbacks)
    complete_request(answered, actor=hub_staff)
    unanswered = ready_export(hub_staff, "unanswered@example.org", django_capture_on_commit_callbacks)
    files = [answered.export_file.name, unanswered.export_file.name]
    expiry_day = timezone.localdate(answered.export_expires_at)
    assert expiry_day == timezone.localdate() + timedelta(days=DOWNLOAD_DAYS)

    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention(expiry_day).get("access_exports", 0) == 0  # still downloadable on its last day
        done = apply_retention(expiry_day + timedelta(days=1))

    assert done["access_exports"] == 2
    assert not any(default_storage.exists(name) for name in files)
    answered.refresh_from_db()
    unanswered.refresh_from_db()
    assert (answered.export_state, answered.email, answered.name, answered.export_file.name) == (State.EXPIRED, "", "", "")
    assert answered.identity_cleared_at is not None
    # Not answered yet: it still needs to say who asked, until hub staff record the answer.
    assert (unanswered.export_state, unanswered.email, unanswered.identity_cleared_at) == (State.EXPIRED, "unanswered@example.org", None)

    assert complete_request(unanswered, actor=hub_staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention(expiry_day + timedelta(days=2))["access_exports"] == 1
    unanswered.refresh_from_db()
    assert unanswered.email == "" and unanswered.identity_cleared_at is not None
