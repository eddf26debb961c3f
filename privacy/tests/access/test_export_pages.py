"""The export's part of an access request's page: build it, watch it, download it, answer the request."""

from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from participants.tests.factories import TeacherFactory
from privacy.access.archive import STEPS
from privacy.access.export import start_export
from privacy.models import DataRequest
from privacy.requests.requests import open_request
from programmes.tests.factories import CertificateFactory, InvitationFactory

pytestmark = pytest.mark.django_db
State = DataRequest.ExportState


def url(name, data_request, **query):
    address = reverse(f"privacy:{name}", args=[data_request.public_id])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def access(hub_staff, files_in_memory):
    TeacherFactory(trn="4818182", email="perpetua@example.org", first_name="Perpetua", last_name="Quillfeather")
    return open_request("access", email="perpetua@example.org", trn="", name="Perpetua", received_on=timezone.localdate(),
                        actor=hub_staff)


def test_hub_staff_build_the_export_and_download_it_then_answer_the_request(
        as_user, hub_staff, access, django_capture_on_commit_callbacks):
    client = as_user(hub_staff)
    page = client.get(url("request_detail", access)).content.decode()
    assert "Build the export" in page and "Mark the request as answered" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("access_export_start", access))
    assert response.status_code == 302 and response["Location"] == url("request_detail", access)

    access.refresh_from_db()
    page = client.get(url("request_detail", access)).content.decode()
    size_kb = -(-access.export_file.size // 1024)
    assert f"Download the export (ZIP, {size_kb} KB)" in page
    assert f"Available until {timezone.localtime(access.export_expires_at):%-d %B %Y}" in page
    assert "Build the export" not in page and "Mark the request as answered" in page

    download = client.get(url("access_export_download", access))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"] == f'attachment; filename="subject-access-{access.received_on:%Y-%m-%d}.zip"'
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content).startswith(b"PK")

    assert client.post(url("access_complete", access)).status_code == 302
    access.refresh_from_db()
    assert access.completed_by == hub_staff and access.completed_at is not None
    page = client.get(url("request_detail", access)).content.decode()
    assert "Mark the request as answered" not in page and "Download the export" in page


def test_a_request_is_answered_only_once_a_download_was_made_available(as_user, hub_staff, access):
    assert as_user(hub_staff).post(url("access_complete", access)).status_code == 302
    access.refresh_from_db()
    assert access.completed_at is None


def test_the_download_answers_404_once_expired_and_the_page_says_so(as_user, hub_staff, access, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        start_export(access, actor=hub_staff)
    DataRequest.objects.filter(pk=access.pk).update(export_expires_at=timezone.now() - timedelta(minutes=1))
    access.refresh_from_db()
    client = as_user(hub_staff)

    assert client.get(url("access_export_download", access)).status_code == 404
    page = client.get(url("request_detail", access)).content.decode()
    assert "The download expired on" in page and "Download the export" not in page
    assert "Build the export again" in page and "Mark the request as answered" in page

    # Built again before the nightly job deleted the old file: the new one replaces it.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("access_export_start", access)).status_code == 302
    access.refresh_from_db()
    assert access.export_state == State.READY and access.export_expires_at > timezone.now()
    assert default_storage.listdir("data-requests")[1] == [access.export_file.name.split("/")[-1]]
    assert client.get(url("access_export_download", access)).status_code == 200


def test_the_download_answers_404_before_the_export_is_ready(as_user, hub_staff, access):
    assert as_user(hub_staff).get(url("access_export_download", access)).status_code == 404


def test_the_poll_answers_204_until_the_figures_change_then_stops_when_ready(as_user, hub_staff, access, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        start_export(access, actor=hub_staff)
    client = as_user(hub_staff)
    first = client.get(url("access_export_progress", access))
    page = first.content.decode()
    assert first.status_code == 200 and 'hx-trigger="every 2s"' in page and "<progress" in page and "Waiting to start" in page

    assert client.get(url("access_export_progress", access, seen=f"queued-0-{STEPS}")).status_code == 204
    DataRequest.objects.filter(pk=access.pk).update(export_state=State.BUILDING, export_steps_done=3)
    moved = client.get(url("access_export_progress", access, seen=f"queued-0-{STEPS}")).content.decode()
    assert f"Being built: 3 of {STEPS}" in moved

    DataRequest.objects.filter(pk=access.pk).update(export_state=State.FAILED, export_error="The export could not be saved.")
    failed = client.get(url("access_export_progress", access, seen=f"building-3-{STEPS}")).content.decode()
    assert "The export failed. The export could not be saved." in failed and "hx-trigger" not in failed
    assert "Build the export again" in failed


@pytest.mark.parametrize("records", [1, 15])
def test_the_poll_runs_the_same_queries_however_many_records(as_user, hub_staff, access, records, django_assert_max_num_queries,
                                                             django_capture_on_commit_callbacks):
    for _ in range(records):
        CertificateFactory(invitation=InvitationFactory(email="perpetua@example.org"))
    with django_capture_on_commit_callbacks():
        start_export(access, actor=hub_staff)
    client = as_user(hub_staff)
    with django_assert_max_num_queries(6):
        assert client.get(url("access_export_progress", access)).status_code == 200


@pytest.mark.parametrize("name, method", [("access_export_start", "post"), ("access_export_progress", "get"),
                                          ("access_export_download", "get"), ("access_complete", "post")])
def test_only_hub_staff_reach_an_export(client, as_user, cast, access, name, method):
    assert getattr(as_user(None), method)(url(name, access)).status_code == 302  # to sign in
    for role in ("tutor_a", "ab_staff", "ect", "no_role"):
        assert getattr(as_user(cast[role]), method)(url(name, access)).status_code == 404
    assert as_user(cast["hub_staff"]).generic("PATCH", url(name, access)).status_code == 405


def test_an_erasure_request_has_no_export_pages(as_user, hub_staff):
    erasure = open_request("erasure", email="a@example.org", trn="", name="", received_on=date(2026, 11, 2), actor=hub_staff)
    client = as_user(hub_staff)
    assert client.get(url("access_export_progress", erasure)).status_code == 404
    assert client.post(url("access_export_start", erasure)).status_code == 404
    assert "Build the export" not in client.get(url("request_detail", erasure)).content.decode()
