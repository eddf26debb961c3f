"""The claims CSV with the Teaching Record System in use: RIAB's shape (TRN, date of birth, start date), each
row's record read from the TRS stand-in over HTTP by the real client, never typed by AB staff."""

import json
import threading
from datetime import date

import pytest
from django.urls import reverse

from appropriate_body.claims.bulk import NO_RECORD, RECORD_CLAIM_HEADINGS, SERVICE_DOWN, apply_record_claim_rows, read_rows
from appropriate_body.models import BulkUpload, Claim
from hubportal.lib.csv_upload import FileProblem
from hubportal.lib.sealed import unseal
from participants.people.records import RecordServiceUnavailable, TeacherRecord
from participants.people.trs_standin import TRSStandIn, load_fixture, make_standin_server
from registration.tests.factories import register

from .test_bulk import by_line, read, upload

pytestmark = pytest.mark.django_db
KEY = "bulk-standin-key"
RECORD = {"qts": {"awarded": "2025-07-20"}, "induction": {"status": "RequiredToComplete"}, "alerts": [],
          "initialTeacherTraining": [{"provider": {"name": "Severn Vale SCITT", "ukprn": "10055501"}}]}
PERSONS = [
    {"trn": "1000001", "firstName": "Ellie", "lastName": "Evans", "dateOfBirth": "1998-03-14", **RECORD},
    {"trn": "1000002", "firstName": "Priya", "lastName": "Shah", "dateOfBirth": "1990-01-02", **RECORD,
     "induction": {"status": "Passed"}},
    {"trn": "1000003", "mergedInto": "1000001"},
    {"trn": "1000004", "firstName": "Omar", "lastName": "Hill", "dateOfBirth": "1997-11-30", **RECORD},
    {"trn": "1000005", "firstName": "Jo", "lastName": "Lee", "dateOfBirth": "1996-06-06", **RECORD},
]
HEAD = "TRN,Date of birth,Induction programme,Induction period start date\n"
TODAY = date(2026, 9, 10)


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    fixture = tmp_path_factory.mktemp("trs") / "persons.json"
    fixture.write_text(json.dumps({"persons": PERSONS}))
    server = make_standin_server(TRSStandIn(load_fixture(fixture), api_key=KEY), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def trs(standin, settings):
    settings.TRS_API_URL, settings.TRS_API_KEY, settings.TRS_RETRIES = standin, KEY, 0
    settings.TEACHER_RECORD_LOOKUP = "participants.people.trs_records.TRSTeacherRecords"


def claim(school, tutor, trn, **details) -> Claim:
    return register(school, tutor, trn=trn, first_name="Ada", last_name=f"T{trn}", **details).claims.get()


def test_each_rows_record_comes_from_the_service_and_only_a_claimable_one_is_accepted(trs, school_a, tutor_a, ab_staff):
    ellie, priya, merged, wrong = (claim(school_a, tutor_a, trn) for trn in ("1000001", "1000002", "1000003", "1000004"))
    omar_birth_on_claim = claim(school_a, tutor_a, "1000005", date_of_birth=date(1996, 6, 6))

    done = upload(BulkUpload.Kind.CLAIMS, HEAD + "1000001,14/03/1998,provider-led,2026-09-01\n"
                                                  "1000002,1990-01-02,provider-led,2026-09-01\n"
                                                  "1000003,1998-03-14,provider-led,2026-09-01\n"
                                                  "1000004,1997-12-01,provider-led,2026-09-01\n"
                                                  "1000005,,provider-led,2026-09-01\n", ab_staff, today=TODAY)

    results = by_line(done)
    assert [results[line]["outcome"] for line in range(2, 7)] == ["accepted", "refused", "refused", "refused", "accepted"]
    ellie.refresh_from_db()
    # The record, not anyone's typing: QTS and status as TRS holds them, confirmed by the AB staff member who accepted.
    assert (ellie.status, ellie.qts_awarded_on, ellie.trs_induction_status, ellie.itt_provider_ukprn, ellie.checked_by) == (
        Claim.Status.ACCEPTED, date(2025, 7, 20), "RequiredToComplete", "10055501", ab_staff)
    # The date of birth that found the record is kept sealed for RIAB's upload (RULES.md).
    assert unseal(ellie.date_of_birth_sealed) == "1998-03-14"
    assert "induction status “passed”" in results[3]["message"]
    priya.refresh_from_db()
    assert (priya.status, priya.trs_induction_status, priya.checked_by) == (Claim.Status.PENDING, "Passed", None)
    assert "merged this record into TRN 1000001" in results[4]["message"]
    assert results[5]["message"] == NO_RECORD
    wrong.refresh_from_db()
    assert (wrong.status, wrong.checked_at, wrong.date_of_birth_sealed) == (Claim.Status.PENDING, None, "")
    # An empty date of birth uses the one the school gave at registration.
    omar_birth_on_claim.refresh_from_db()
    assert omar_birth_on_claim.status == Claim.Status.ACCEPTED
    merged.refresh_from_db()
    assert merged.status == Claim.Status.PENDING


def test_a_row_with_no_date_of_birth_anywhere_is_refused_on_it(trs, school_a, tutor_a, ab_staff):
    claim(school_a, tutor_a, "1000001")
    done = upload(BulkUpload.Kind.CLAIMS, HEAD + "1000001,,provider-led,2026-09-01\n", ab_staff, today=TODAY)
    assert by_line(done)[2]["message"] == "Enter the date of birth: the claim holds none to find the teacher record with"


def test_the_typed_shape_is_refused_while_the_service_is_in_use(trs):
    with pytest.raises(FileProblem, match="Date of birth"):
        read(BulkUpload.Kind.CLAIMS, "TRN,QTS award date,Induction status,Active prohibition,Induction start date\n"
                                     "1000001,2025-07-20,RequiredToComplete,no,2026-09-01\n")


class DownAfterCounting:
    source = "the Teaching Record System"
    asked = 0

    def find(self, trn, date_of_birth) -> TeacherRecord:
        DownAfterCounting.asked += 1
        raise RecordServiceUnavailable("down")


def test_a_service_that_is_down_is_asked_once_per_file_and_every_row_says_so(trs, school_a, tutor_a, ab_staff):
    for trn in ("1000001", "1000004", "1000005"):
        claim(school_a, tutor_a, trn)
    rows = read_rows(BulkUpload.Kind.CLAIMS, HEAD + "1000001,1998-03-14,,2026-09-01\n1000004,1997-11-30,,2026-09-01\n"
                                                   "1000005,1996-06-06,,2026-09-01\n")
    DownAfterCounting.asked = 0

    results = apply_record_claim_rows(rows, lookup=DownAfterCounting(), actor=ab_staff, today=TODAY)

    assert [result["message"] for result in results] == [SERVICE_DOWN] * 3
    assert DownAfterCounting.asked == 1
    assert not Claim.objects.exclude(status=Claim.Status.PENDING).exists()


def test_the_page_and_template_say_the_records_come_from_the_service(trs, client, ab_staff):
    client.force_login(ab_staff)
    page = client.get(reverse("appropriate_body:bulk_create")).content.decode()
    assert "read from the Teaching Record System: you do not type it" in page
    template = b"".join(client.get(reverse("appropriate_body:bulk_template", args=["claims"])).streaming_content).decode("utf-8-sig")
    assert template.strip() == ",".join(RECORD_CLAIM_HEADINGS)


def test_without_a_service_the_page_says_records_are_not_checked(client, ab_staff):
    client.force_login(ab_staff)
    page = client.get(reverse("appropriate_body:bulk_create")).content.decode()
    assert "not checked against the Teaching Record System" in page
