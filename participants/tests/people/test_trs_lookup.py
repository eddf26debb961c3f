"""The TRS lookup behind the registration flow's seam, against a real HTTP server on this machine."""

import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from hubportal.lib.trs import PROHIBITED_FROM_TEACHING, TRSUnavailable
from participants.people.records import ManualTeacherRecords, RecordServiceUnavailable, TeacherRecord, teacher_record_lookup
from participants.people.trs_records import TRSTeacherRecords

DOB = date(1998, 3, 14)
RECORD = {
    "trn": "1234567", "firstName": "Ellie", "lastName": "Evans", "dateOfBirth": "1998-03-14",
    "qts": {"awarded": "2025-07-20"}, "induction": {"status": "RequiredToComplete"},
    "alerts": [{"alertType": {"alertCategory": {"alertCategoryId": PROHIBITED_FROM_TEACHING}}, "startDate": "2024-01-01", "endDate": None}],
    "initialTeacherTraining": [{"provider": {"name": "Severn Vale SCITT", "ukprn": "10055501"}, "startDate": "2024-09-01"}],
}


@pytest.fixture
def trs(httpserver, settings):
    settings.TRS_API_URL = httpserver.url_for("/").rstrip("/")
    settings.TRS_API_KEY = "test-key"
    settings.TRS_API_VERSION = "20260120"
    settings.TRS_TIMEOUT_SECONDS = 2
    settings.TRS_RETRIES = 0
    settings.TEACHER_RECORD_LOOKUP = "participants.people.trs_records.TRSTeacherRecords"
    return httpserver


def test_found_record_fills_the_teacher_record(trs):
    trs.expect_request("/v3/persons/1234567", query_string={"dateOfBirth": "1998-03-14", "include": "Induction,Alerts,InitialTeacherTraining"},
                       headers={"Authorization": "Bearer test-key", "X-Api-Version": "20260120"}).respond_with_json(RECORD)

    record = teacher_record_lookup().find("1234567", DOB)

    assert record == TeacherRecord(trn="1234567", first_name="Ellie", last_name="Evans", qts_awarded_on=date(2025, 7, 20),
                                   induction_status="RequiredToComplete", has_active_prohibition=True, itt_provider_ukprn="10055501")


def test_merged_record_gives_the_surviving_trn(trs):
    trs.expect_request("/v3/persons/1234567").respond_with_data("", status=308, headers={"Location": "/v3/persons/7654321"})
    trs.expect_request("/v3/persons/7654321").respond_with_json({**RECORD, "trn": "7654321"})

    record = TRSTeacherRecords().find("1234567", DOB)

    assert (record.trn, record.merged_from) == ("7654321", "1234567")


@pytest.mark.parametrize("status", [404, 410])
def test_not_found_or_deactivated_is_none(trs, status):
    trs.expect_request("/v3/persons/1234567").respond_with_data("", status=status)

    assert TRSTeacherRecords().find("1234567", DOB) is None


def test_an_unavailable_service_is_not_a_missing_teacher(trs):
    trs.expect_request("/v3/persons/1234567").respond_with_data("", status=503)

    with pytest.raises(RecordServiceUnavailable) as raised:
        TRSTeacherRecords().find("1234567", DOB)
    assert isinstance(raised.value.__cause__, TRSUnavailable)


def test_without_a_url_it_says_what_is_missing(settings):
    settings.TRS_API_URL = ""

    with pytest.raises(ImproperlyConfigured, match="TRS_API_URL"):
        TRSTeacherRecords().find("1234567", DOB)


def settings_in(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TRS_", "TEACHER_RECORD_"))}
    code = "import hubportal.settings as s; print(s.TEACHER_RECORD_LOOKUP)"
    return subprocess.run([sys.executable, "-c", code], env={**base, "DEBUG": "1", **env}, capture_output=True, text=True)


def test_a_url_without_a_key_stops_the_portal():
    result = settings_in({"TRS_API_URL": "https://trs.example.org"})

    assert result.returncode != 0
    assert "TRS_API_KEY must be set when TRS_API_URL is" in result.stderr


def test_a_configured_service_becomes_the_default_lookup():
    assert settings_in({"TRS_API_URL": "http://127.0.0.1:8765", "TRS_API_KEY": "k"}).stdout.strip() == (
        "participants.people.trs_records.TRSTeacherRecords")
    assert settings_in({}).stdout.strip() == "participants.people.records.ManualTeacherRecords"


def test_manual_lookup_knows_nothing_beyond_the_trn():
    record = ManualTeacherRecords().find("1234567", DOB)

    assert record == TeacherRecord(trn="1234567")
    assert record.has_active_prohibition is None


def test_a_service_that_cannot_answer_is_unavailable_not_a_missing_record(httpserver, settings):
    from datetime import date

    from participants.people.records import RecordServiceUnavailable
    from participants.people.trs_records import TRSTeacherRecords

    settings.TRS_API_URL, settings.TRS_API_KEY, settings.TRS_RETRIES = httpserver.url_for(""), "key", 0
    httpserver.expect_request("/v3/persons/1234567").respond_with_data("", status=403)

    with pytest.raises(RecordServiceUnavailable):
        TRSTeacherRecords().find("1234567", date(1990, 1, 1))
