"""The TRS stand-in served on a real port, asked by the real client."""

import json
import threading
from datetime import date

import httpx
import pytest

from hubportal.lib.trs import PROHIBITED_FROM_TEACHING, TRSClient, TRSDeactivated, TRSForbidden, TRSNotFound, is_prohibited
from participants.people.trs_standin import TRSStandIn, load_fixture, make_standin_server

KEY = "local-standin-key"
PERSONS = [
    {
        "trn": "1000001", "firstName": "Ellie", "lastName": "Evans", "dateOfBirth": "1998-03-14", "emailAddress": "ellie@example.org",
        "qts": {"awarded": "2025-07-20", "statusDescription": "Qualified"},
        "induction": {"status": "RequiredToComplete", "startDate": None, "completedDate": None},
        "alerts": [],
        "initialTeacherTraining": [{"provider": {"name": "Severn Vale SCITT", "ukprn": "10055501"}, "startDate": "2024-09-01"}],
    },
    {"trn": "1000002", "firstName": "Priya", "lastName": "Shah", "dateOfBirth": "1990-01-02", "qts": {"awarded": "2013-07-01"},
     "induction": {"status": "Passed"},
     "alerts": [{"alertType": {"alertCategory": {"alertCategoryId": PROHIBITED_FROM_TEACHING}}, "startDate": "2024-01-01"}]},
    {"trn": "1000003", "mergedInto": "1000001"},
    {"trn": "1000004", "firstName": "Dan", "lastName": "Gone", "dateOfBirth": "1985-05-05", "deactivated": True},
]
DOB = date(1998, 3, 14)


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    fixture = tmp_path_factory.mktemp("trs") / "persons.json"
    fixture.write_text(json.dumps({"persons": PERSONS}))
    server = make_standin_server(TRSStandIn(load_fixture(fixture), api_key=KEY), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def client(standin):
    with TRSClient(standin, KEY, "20260120", timeout=2, retries=0) as trs:
        yield trs


def test_found(client):
    person = client.person("1000001", DOB)

    assert (person.trn, person.first_name, person.last_name, person.email) == ("1000001", "Ellie", "Evans", "ellie@example.org")
    assert (person.qts_awarded_on, person.induction_status, person.itt_provider_ukprn) == (date(2025, 7, 20), "RequiredToComplete", "10055501")
    assert person.merged_from == ""


def test_alerts_reach_the_client(client):
    assert is_prohibited(client.person("1000002", date(1990, 1, 2)), date(2026, 12, 5))


def test_wrong_date_of_birth_is_not_found(client):
    with pytest.raises(TRSNotFound):
        client.person("1000001", date(1998, 3, 15))


def test_unknown_trn_is_not_found(client):
    with pytest.raises(TRSNotFound):
        client.person("9999999", DOB)


def test_merged_is_followed(client):
    person = client.person("1000003", DOB)

    assert (person.trn, person.merged_from, person.last_name) == ("1000001", "1000003", "Evans")


def test_deactivated(client):
    with pytest.raises(TRSDeactivated):
        client.person("1000004", date(1985, 5, 5))


def test_wrong_key_is_refused(standin):
    with TRSClient(standin, "not-the-key", "20260120", timeout=2, retries=0) as trs:
        with pytest.raises(TRSForbidden):
            trs.person("1000001", DOB)


@pytest.mark.parametrize(
    ("headers", "query", "status"),
    [
        ({}, {"dateOfBirth": "1998-03-14"}, 401),
        ({"Authorization": f"Bearer {KEY}"}, {"dateOfBirth": "1998-03-14"}, 400),
        ({"Authorization": f"Bearer {KEY}", "X-Api-Version": "20260120"}, {}, 403),
        ({"Authorization": f"Bearer {KEY}", "X-Api-Version": "20260120"}, {"dateOfBirth": "1998-03-14", "include": "Sanctions"}, 403),
        ({"Authorization": f"Bearer {KEY}", "X-Api-Version": "20260120"}, {"dateOfBirth": "1998-03-14"}, 200),
    ],
    ids=["no key", "no version", "no date of birth", "a part the role may not include", "right"],
)
def test_what_the_real_service_checks(standin, headers, query, status):
    response = httpx.get(f"{standin}/v3/persons/1000001", params=query, headers=headers)

    assert response.status_code == status


def test_only_the_parts_asked_for_are_included(standin):
    headers = {"Authorization": f"Bearer {KEY}", "X-Api-Version": "20260120"}

    body = httpx.get(f"{standin}/v3/persons/1000001", params={"dateOfBirth": "1998-03-14", "include": "Induction"}, headers=headers).json()

    assert body["induction"]["status"] == "RequiredToComplete"
    assert "alerts" not in body and "initialTeacherTraining" not in body


def test_a_fixture_without_seven_digit_trns_is_refused(tmp_path):
    fixture = tmp_path / "persons.json"
    fixture.write_text(json.dumps([{"trn": "12345", "firstName": "Short"}]))

    with pytest.raises(ValueError, match="seven-digit"):
        load_fixture(fixture)


def test_a_key_is_required():
    with pytest.raises(ValueError):
        TRSStandIn(PERSONS, api_key="")
