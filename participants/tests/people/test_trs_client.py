"""The TRS client against a real HTTP server on this machine, for every answer DfE's API gives."""

import logging
import time
from datetime import date, timedelta

import pytest
from werkzeug import Request, Response

from hubportal.lib.trs import (
    PROHIBITED_FROM_TEACHING,
    TRSAlert,
    TRSClient,
    TRSDeactivated,
    TRSForbidden,
    TRSNotFound,
    TRSPerson,
    TRSResponseError,
    TRSUnavailable,
    is_prohibited,
)

DOB = date(1998, 3, 14)
QUERY = {"dateOfBirth": "1998-03-14", "include": "Induction,Alerts,InitialTeacherTraining"}
HEADERS = {"Authorization": "Bearer test-key", "X-Api-Version": "20260120"}

RECORD = {
    "trn": "1234567",
    "firstName": "Ellie",
    "lastName": "Evans",
    "dateOfBirth": "1998-03-14",
    "emailAddress": "ellie.evans@example.org",
    "qts": {"awarded": "2025-07-20", "statusDescription": "Qualified"},
    "induction": {"status": "InProgress", "startDate": "2025-09-01", "completedDate": None, "statusDescription": "In progress"},
    "alerts": [
        {"alertType": {"alertCategory": {"alertCategoryId": PROHIBITED_FROM_TEACHING}}, "startDate": "2020-01-01", "endDate": "2021-01-01"},
    ],
    "initialTeacherTraining": [
        {"provider": {"name": "Older SCITT", "ukprn": "10000001"}, "startDate": "2019-09-01", "endDate": "2020-07-01", "result": "Withdrawn"},
        {"provider": {"name": "Severn Vale SCITT", "ukprn": "10055501"}, "startDate": "2024-09-01", "endDate": "2025-07-01", "result": "Pass"},
        {"provider": None, "startDate": "2025-09-01", "endDate": None, "result": None},
    ],
}


@pytest.fixture
def client(httpserver):
    with TRSClient(httpserver.url_for("/"), "test-key", "20260120", timeout=2, retries=2, backoff=0.01, max_backoff=0.05) as trs:
        yield trs


def expect(httpserver, trn="1234567"):
    return httpserver.expect_ordered_request(f"/v3/persons/{trn}", method="GET", query_string=QUERY, headers=HEADERS)


def test_found_record_is_parsed(httpserver, client):
    expect(httpserver).respond_with_json(RECORD)

    person = client.person("1234567", DOB)

    assert person == TRSPerson(
        trn="1234567", first_name="Ellie", last_name="Evans", date_of_birth=DOB, email="ellie.evans@example.org",
        qts_awarded_on=date(2025, 7, 20), induction_status="InProgress", induction_started_on=date(2025, 9, 1),
        induction_completed_on=None, alerts=(TRSAlert(PROHIBITED_FROM_TEACHING, date(2020, 1, 1), date(2021, 1, 1)),),
        itt_provider_ukprn="10055501", merged_from="",
    )
    httpserver.check_assertions()


def test_request_is_the_one_dfe_documents(httpserver, client):
    expect(httpserver).respond_with_json(RECORD)

    client.person("1234567", DOB)

    request, _ = httpserver.log[0]
    assert request.path == "/v3/persons/1234567"
    assert request.args.to_dict() == QUERY
    assert request.headers["Authorization"] == "Bearer test-key"
    assert request.headers["X-Api-Version"] == "20260120"


def test_record_without_optional_parts(httpserver, client):
    expect(httpserver).respond_with_json({"trn": "1234567", "firstName": "Ellie", "lastName": "Evans", "dateOfBirth": "1998-03-14",
                                          "qts": None, "induction": None, "alerts": [], "initialTeacherTraining": []})

    person = client.person("1234567", DOB)

    assert (person.email, person.qts_awarded_on, person.induction_status, person.itt_provider_ukprn) == ("", None, None, "")


def test_merged_record_is_followed_and_both_trns_kept(httpserver, client):
    expect(httpserver).respond_with_data("", status=308, headers={"Location": "/v3/persons/7654321"})
    expect(httpserver, "7654321").respond_with_json({**RECORD, "trn": "7654321"})

    person = client.person("1234567", DOB)

    assert (person.trn, person.merged_from) == ("7654321", "1234567")
    httpserver.check_assertions()


def test_a_second_redirect_is_an_error(httpserver, client):
    expect(httpserver).respond_with_data("", status=308, headers={"Location": "/v3/persons/7654321"})
    expect(httpserver, "7654321").respond_with_data("", status=308, headers={"Location": "/v3/persons/1111111"})

    with pytest.raises(TRSResponseError):
        client.person("1234567", DOB)


def test_not_found_does_not_say_why(httpserver, client):
    expect(httpserver).respond_with_json({"title": "Person not found", "status": 404}, status=404)

    with pytest.raises(TRSNotFound) as raised:
        client.person("1234567", DOB)

    message = str(raised.value).lower()
    assert "birth" in message and "trn" in message  # both named: neither singled out
    assert "does not match" not in message.replace("matches this trn and date of birth", "")


def test_deactivated(httpserver, client):
    expect(httpserver).respond_with_data("", status=410)

    with pytest.raises(TRSDeactivated):
        client.person("1234567", DOB)


def test_forbidden_says_it_is_configuration(httpserver, client):
    expect(httpserver).respond_with_data("", status=403)

    with pytest.raises(TRSForbidden, match="TRS_API_KEY"):
        client.person("1234567", DOB)


def test_too_many_requests_waits_for_retry_after_then_succeeds(httpserver, client):
    expect(httpserver).respond_with_data("", status=429, headers={"Retry-After": "30"})
    expect(httpserver).respond_with_json(RECORD)

    started = time.monotonic()
    assert client.person("1234567", DOB).trn == "1234567"

    # Retry-After was honoured up to the cap (0.05 s here), not 30 s.
    assert time.monotonic() - started < 2
    httpserver.check_assertions()


def test_server_error_is_retried(httpserver, client):
    expect(httpserver).respond_with_data("", status=500)
    expect(httpserver).respond_with_json(RECORD)

    assert client.person("1234567", DOB).last_name == "Evans"
    httpserver.check_assertions()


def test_server_errors_until_retries_run_out(httpserver, client):
    httpserver.expect_request("/v3/persons/1234567").respond_with_data("", status=503)

    with pytest.raises(TRSUnavailable, match="503"):
        client.person("1234567", DOB)

    assert len(httpserver.log) == 3  # the first request and two retries


def test_timeout_is_unavailable(httpserver):
    def slow(request: Request) -> Response:
        time.sleep(0.4)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/v3/persons/1234567").respond_with_handler(slow)

    with TRSClient(httpserver.url_for("/"), "test-key", "20260120", timeout=0.1, retries=1, backoff=0.01) as trs:
        with pytest.raises(TRSUnavailable, match="ReadTimeout"):
            trs.person("1234567", DOB)

    # The server answers both requests after the client gave up on them: wait, or the next test's server gets the retry.
    deadline = time.monotonic() + 5
    while len(httpserver.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(httpserver.log) == 2


def test_connection_refused_is_unavailable():
    with TRSClient("http://127.0.0.1:9", "test-key", "20260120", timeout=1, retries=1, backoff=0.01) as trs:
        with pytest.raises(TRSUnavailable):
            trs.person("1234567", DOB)


def test_neither_date_of_birth_nor_key_is_logged(httpserver, client, caplog):
    caplog.set_level(logging.DEBUG, logger="hubportal.lib.trs")
    expect(httpserver).respond_with_data("", status=500)
    expect(httpserver).respond_with_json(RECORD)

    client.person("1234567", DOB)

    # The portal's lines, and httpx's (whose request line holds the URL): the test server's own are not ours.
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))
    assert "trying again" in ours
    assert "1998-03-14" not in ours and "test-key" not in ours


def test_a_trn_that_is_not_seven_digits_never_reaches_the_service(httpserver, client):
    with pytest.raises(TRSNotFound):
        client.person("12/../45", DOB)
    assert httpserver.log == []


TODAY = date(2026, 12, 5)


def alert(category=PROHIBITED_FROM_TEACHING, *, start=TODAY - timedelta(days=400), end=None) -> TRSPerson:
    return TRSPerson(trn="1234567", first_name="A", last_name="B", date_of_birth=DOB, alerts=(TRSAlert(category, start, end),))


@pytest.mark.parametrize(
    ("person", "prohibited"),
    [
        (alert(end=TODAY - timedelta(days=1)), False),
        (alert(end=TODAY), False),
        (alert(end=TODAY + timedelta(days=1)), True),
        (alert(end=None), True),
        (alert(start=TODAY + timedelta(days=1)), False),
        (alert("ed0cd700-3fb2-4db0-9403-ba57126090ed"), False),
        (TRSPerson(trn="1234567", first_name="A", last_name="B", date_of_birth=DOB), False),
    ],
    ids=["ended yesterday", "ends today", "ends tomorrow", "no end", "not started", "other category", "no alerts"],
)
def test_is_prohibited(person, prohibited):
    assert is_prohibited(person, TODAY) is prohibited
