"""The subject access export: everything about one person, and nothing about anyone else."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from privacy.access import archive
from privacy.access.export import build_export, start_export
from privacy.models import DataRequest
from privacy.people import RECORD_KINDS
from privacy.requests.requests import open_request

from .world import two_people

pytestmark = pytest.mark.django_db
State = DataRequest.ExportState


def access_request(hub_staff, *, email="", trn="") -> DataRequest:
    return open_request("access", email=email, trn=trn, name="", received_on=date(2026, 11, 20), actor=hub_staff)


def built(data_request, hub_staff, django_capture_on_commit_callbacks) -> DataRequest:
    with django_capture_on_commit_callbacks(execute=True):
        assert start_export(data_request, actor=hub_staff)
    data_request.refresh_from_db()
    return data_request


def members(data_request) -> dict[str, bytes]:
    with data_request.export_file.open("rb") as file, zipfile.ZipFile(io.BytesIO(file.read())) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def people(school_a, tutor_a, ab_staff, hub_staff, files_in_memory):
    return two_people(school_a, tutor_a, ab_staff, hub_staff)


def test_every_kind_of_record_is_explained():
    assert set(archive.ABOUT) == {kind.key for kind in RECORD_KINDS}


def test_the_export_holds_every_kind_of_their_records_and_nothing_about_anyone_else(
        people, hub_staff, tutor_a, django_capture_on_commit_callbacks):
    perpetua, ottoline = people
    data_request = built(access_request(hub_staff, email=perpetua.user.email), hub_staff, django_capture_on_commit_callbacks)

    assert (data_request.export_state, data_request.export_steps_done) == (State.READY, len(RECORD_KINDS))
    files = members(data_request)
    expected_kinds = {"accounts", "roles", "teachers", "ect_periods", "claims", "inductions", "induction_periods", "assessments",
                      "evidence", "event_invitations", "certificates", "evaluation_answers", "account_invitations"} - {"account_invitations"}
    assert {f"records/{kind}.csv" for kind in expected_kinds} <= set(files)
    assert {f"records/{kind}.json" for kind in expected_kinds} <= set(files)
    assert {"history/teachers.csv", "history/assessments.csv", "history/certificates.csv"} <= set(files)
    assert f"certificates/{perpetua.certificate.code}.pdf" in files
    assert "evidence/Perpetua lesson plan.pdf" in files
    assert [name for name in files if name.startswith("assessments/")] == [f"assessments/progress-review-term-1-{perpetua.teacher.trn}.pdf"]

    everything = b"".join(files.values()).lower()
    for identifier in perpetua.identifiers:
        assert identifier.lower().encode() in everything
    for identifier in ottoline.identifiers:
        assert identifier.lower().encode() not in everything, identifier
    # Staff who recorded or signed something are named, never by their address.
    assert tutor_a.get_full_name().lower().encode() in everything and tutor_a.email.lower().encode() not in everything
    for name, content in files.items():
        if name.startswith("assessments/"):
            text = pdf_text(content)
            assert "Perpetua" in text and "Ottoline" not in text and ottoline.teacher.trn not in text


def test_the_summary_reads_as_a_page_with_words_not_codes(people, hub_staff, django_capture_on_commit_callbacks):
    perpetua, _ = people
    data_request = built(access_request(hub_staff, trn=perpetua.teacher.trn), hub_staff, django_capture_on_commit_callbacks)
    files = members(data_request)
    summary = files["summary.html"].decode()

    assert perpetua.teacher.trn in summary and perpetua.user.email in summary and "Perpetua Quillfeather" in summary
    assert "Teacher record" in summary and "Your teacher record" in summary
    assert "1 September 2026" in summary  # dates as words
    assert "Progress review" in summary and "progress_review" not in summary  # choices as words
    assert "only their name" in summary
    teachers = list(json.loads(files["records/teachers.json"]))
    assert teachers[0]["TRN"] == perpetua.teacher.trn and "Password" not in files["records/accounts.csv"].decode()
    history = files["history/teachers.csv"].decode()
    assert "Created" in history and "Changed" in history


def test_a_request_by_an_address_nobody_has_gives_a_summary_saying_so(hub_staff, files_in_memory, django_capture_on_commit_callbacks):
    data_request = built(access_request(hub_staff, email="nobody@example.org"), hub_staff, django_capture_on_commit_callbacks)
    assert set(members(data_request)) == {"summary.html"}


def test_a_double_click_queues_the_export_once(hub_staff, files_in_memory, django_capture_on_commit_callbacks):
    data_request = access_request(hub_staff, email="nobody@example.org")
    with django_capture_on_commit_callbacks() as queued:
        assert start_export(data_request, actor=hub_staff)
        assert not start_export(data_request, actor=hub_staff)
    assert len(queued) == 1
    assert DataRequest.objects.get().export_state == State.QUEUED


def test_running_the_task_twice_leaves_one_file_and_the_export_ready(hub_staff, files_in_memory, django_capture_on_commit_callbacks):
    data_request = access_request(hub_staff, email="nobody@example.org")
    with django_capture_on_commit_callbacks():
        start_export(data_request, actor=hub_staff)

    assert build_export(data_request.pk) == State.READY
    assert build_export(data_request.pk) == ""

    data_request.refresh_from_db()
    assert data_request.export_state == State.READY
    assert default_storage.listdir("data-requests")[1] == [data_request.export_file.name.split("/")[-1]]


def test_a_failing_build_is_marked_failed_with_words_staff_can_read_and_can_be_built_again(
        hub_staff, files_in_memory, monkeypatch, django_capture_on_commit_callbacks):
    data_request = access_request(hub_staff, email="nobody@example.org")

    def broken(*args, **kwargs):
        raise ValueError("a record could not be read")

    monkeypatch.setattr("privacy.access.export.write_archive", broken)
    with django_capture_on_commit_callbacks(execute=True):
        start_export(data_request, actor=hub_staff)
    data_request.refresh_from_db()
    assert data_request.export_state == State.FAILED and not data_request.export_file
    assert "could not be written into the export" in data_request.export_error and "ValueError" not in data_request.export_error
    assert not default_storage.exists("data-requests")

    monkeypatch.undo()
    assert built(data_request, hub_staff, django_capture_on_commit_callbacks).export_state == State.READY


def test_an_erasure_or_answered_request_has_no_export(hub_staff, files_in_memory, django_capture_on_commit_callbacks):
    erasure = open_request("erasure", email="a@example.org", trn="", name="", received_on=date(2026, 11, 20), actor=hub_staff)
    answered = access_request(hub_staff, email="a@example.org")
    DataRequest.objects.filter(pk=answered.pk).update(completed_at="2026-11-25T10:00Z")
    with django_capture_on_commit_callbacks() as queued:
        assert not start_export(erasure, actor=hub_staff)
        assert not start_export(answered, actor=hub_staff)
    assert queued == [] and not DataRequest.objects.exclude(export_state="").exists()


def test_a_file_storage_no_longer_holds_is_said_to_be_missing_not_a_failure(people, hub_staff, django_capture_on_commit_callbacks):
    perpetua, _ = people
    default_storage.delete(perpetua.certificate.pdf.name)
    data_request = built(access_request(hub_staff, trn=perpetua.teacher.trn), hub_staff, django_capture_on_commit_callbacks)

    files = members(data_request)
    assert data_request.export_state == State.READY and not any(name.startswith("certificates/") for name in files)
    assert "1 file named by these records could not be found in our storage" in files["summary.html"].decode()


def test_a_build_whose_worker_died_is_swept_to_a_worker_again_and_finished(people, hub_staff, settings, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from hubportal.tasks import sweep

    alice, _ = people
    data_request = access_request(hub_staff, email=alice.user.email)
    # Queued, then claimed by a worker that died at once: "being built" since long ago.
    DataRequest.objects.filter(pk=data_request.pk).update(
        export_state=State.BUILDING, export_since=timezone.now() - timedelta(seconds=settings.SUBJECT_ACCESS_STALE_BUILD_SECONDS + 1))
    fresh = access_request(hub_staff, email="someone.else@example.org")
    DataRequest.objects.filter(pk=fresh.pk).update(export_state=State.BUILDING, export_since=timezone.now())

    assert sweep.delay().get() >= 1

    data_request.refresh_from_db()
    fresh.refresh_from_db()
    assert data_request.export_state == State.READY and members(data_request)
    # A build still within its time is left to its worker.
    assert fresh.export_state == State.BUILDING


def test_a_worker_thought_dead_cannot_finish_over_the_one_that_took_its_build(people, hub_staff, monkeypatch, files_in_memory):
    from datetime import timedelta

    from django.utils import timezone

    alice, _ = people
    data_request = access_request(hub_staff, email=alice.user.email)
    DataRequest.objects.filter(pk=data_request.pk).update(export_state=State.QUEUED, export_since=timezone.now())
    real_write = archive.write_archive

    def slow_write(file, request, **kwargs):
        # While the first worker writes, its claim goes stale and a second worker takes the build over.
        DataRequest.objects.filter(pk=request.pk).update(export_since=timezone.now() - timedelta(days=1))
        monkeypatch.setattr("privacy.access.export.write_archive", real_write)
        assert build_export(request.pk) == State.READY
        return real_write(file, request, **kwargs)

    monkeypatch.setattr("privacy.access.export.write_archive", slow_write)

    assert build_export(data_request.pk) == ""
    data_request.refresh_from_db()
    assert data_request.export_state == State.READY
    assert list(default_storage.listdir("data-requests")[1]) == [data_request.export_file.name.split("/")[-1]]
