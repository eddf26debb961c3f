"""Bulk CSV of claims, releases and passes: whole-file refusals, per-row refusals, partial acceptance (RIAB-006/007)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from appropriate_body.claims.bulk import (
    EXPIRED,
    FAIL_REFUSED,
    MAX_ROWS,
    RESULT_HEADINGS,
    SOMETHING_WENT_WRONG,
    process_bulk_upload,
    process_upload,
    purge_old_uploads,
    read_upload,
    result_rows,
    start_upload,
)
from appropriate_body.claims.claims import RecordCheck, accept_claim
from appropriate_body.claims.tasks import purge_bulk_uploads
from appropriate_body.models import BulkUpload, Claim, InductionPeriod, TRSInductionStatus
from hubportal.lib.csv_upload import STRAY_CELLS, FileProblem
from hubportal.lib.exports import csv_bytes
from registration.tests.factories import register

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 10)
CLAIMS = "TRN,QTS award date,Induction status,Active prohibition,Induction start date\n"
ACTIONS = "TRN,Induction period end date,Number of terms,Outcome\n"
GOOD = RecordCheck(qts_awarded_on=date(2026, 7, 20), induction_status=TRSInductionStatus.REQUIRED_TO_COMPLETE, has_active_prohibition=False)


def read(kind: str, text: str, filename: str = "file.csv"):
    data = text.encode()
    return read_upload(kind, filename, len(data), data)


def upload(kind: str, text: str, actor, *, today=TODAY) -> BulkUpload:
    text, rows = read(kind, text)
    return start_upload(kind=kind, filename="file.csv", text=text, rows=rows, actor=actor, today=today)


def claim_for(school, tutor, trn: str, **overrides) -> Claim:
    return register(school, tutor, trn=trn, first_name="Ada", last_name=f"T{trn}", **overrides).claims.get()


def by_line(done: BulkUpload) -> dict[int, dict]:
    return {result["line"]: result for result in done.results}


# --- The file as a whole ---------------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    ("", "The selected file is empty"),
    ("TRN,Date of birth\n1234567,2000-01-01\n", "The selected file must have the template's headings"),
    (CLAIMS, "The selected file has no ECTs in it"),
    (CLAIMS + "1234567,2026-07-20,None,no,2026-09-01\nRP 1234567,2026-07-20,None,no,2026-09-01\n",
     "Each TRN can be in the file only once. Repeated: 1234567 (lines 2, 3)"),
])
def test_riab_006_a_file_that_cannot_be_trusted_is_refused_with_one_message(text, message):
    with pytest.raises(FileProblem) as refused:
        read("claims", text) if text else read_upload("claims", "file.csv", 0, b"")
    assert message in str(refused.value)


def test_riab_006_size_rows_and_encoding_limits():
    too_many = CLAIMS + "".join(f"{2_000_000 + n},2026-07-20,None,no,2026-09-01\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(FileProblem, match="Upload no more than 1,000"):
        read_upload("claims", "file.csv", 1000, too_many.encode())
    with pytest.raises(FileProblem, match="smaller than 100 KB"):
        read_upload("claims", "file.csv", 100 * 1024 + 1, b"")
    with pytest.raises(FileProblem, match="CSV UTF-8"):
        read_upload("claims", "file.csv", 4, b"TRN\r\n\x81\x8d")
    with pytest.raises(FileProblem, match="must be a CSV"):
        read_upload("claims", "file.xlsx", 4, b"TRN\n")


def test_headings_are_matched_without_regard_to_case_and_a_bom():
    _, rows = read_upload("actions", "f.csv", 10, ("\ufeff" + ACTIONS.lower() + "1234567,2027-04-30,2.5,release\n").encode())
    assert [row.line for row in rows] == [2] and rows[0]["Number of terms"] == "2.5"


def test_cells_are_read_by_their_headings_whatever_the_order_of_the_columns():
    _, rows = read("actions", "Outcome,TRN,Number of terms,Induction period end date\nrelease,1234567,2.5,2027-04-30\n")
    assert (rows[0]["TRN"], rows[0]["Outcome"], rows[0]["Induction period end date"]) == ("1234567", "release", "2027-04-30")


def test_a_whole_file_message_names_the_headings_that_are_wrong():
    with pytest.raises(FileProblem) as refused:
        read("actions", "TRN,Induction period end date,Terms,Outcome,Outcome\n1234567,2027-04-30,2.5,release,release\n")
    assert str(refused.value) == (
        "The selected file must have the template's headings (missing: Number of terms; not expected: Terms; "
        "more than once: Outcome). The first line must be: TRN,Induction period end date,Number of terms,Outcome"
    )


# --- Claims ----------------------------------------------------------------------------------


def test_partial_acceptance_good_rows_are_accepted_and_bad_rows_change_nothing(school_a, tutor_a, ab_staff):
    good, early, barred = (claim_for(school_a, tutor_a, trn) for trn in ("2100001", "2100002", "2100003"))
    done = upload("claims", CLAIMS
                  + "2100001,2026-07-20,RequiredToComplete,no,2026-09-01\n"
                  + "2100002,2026-09-05,None,no,2026-09-01\n"
                  + "2100003,2026-07-20,Passed,yes,2026-09-01\n"
                  + "2100004,2026-07-20,None,no,2026-09-01\n", ab_staff)
    assert (done.status, done.rows_total, done.rows_done, done.rows_accepted) == (BulkUpload.Status.DONE, 4, 4, 1)
    rows = by_line(done)
    assert rows[2] == {"line": 2, "trn": "2100001", "name": "Ada T2100001", "outcome": "accepted", "message": "Induction started on 1 September 2026"}
    # The teacher is named, and the message is accept_claim's own (ELIG-004, ELIG-007, ELIG-008).
    assert (rows[3]["name"], rows[3]["outcome"]) == ("Ada T2100002", "refused")
    assert rows[3]["message"] == "Start date cannot be before QTS award date (5 September 2026)"
    assert "induction status “passed”" in rows[4]["message"] and "prohibited from teaching" in rows[4]["message"]
    assert rows[5]["message"].startswith("No claim for this TRN is waiting")
    for claim, status in ((good, Claim.Status.ACCEPTED), (early, Claim.Status.PENDING), (barred, Claim.Status.PENDING)):
        claim.refresh_from_db()
        assert claim.status == status
    assert list(InductionPeriod.objects.values_list("claim", flat=True)) == [good.pk]
    assert good.history.first().history_user == ab_staff


def test_a_future_start_date_schedules_the_claim(school_a, tutor_a, ab_staff):
    claim = claim_for(school_a, tutor_a, "2100011")
    done = upload("claims", CLAIMS + "2100011,2026-07-20,InProgress,NO,2026-09-20\n", ab_staff)
    assert done.results[0]["message"] == "Induction starts on 20 September 2026"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SCHEDULED


def test_cells_that_cannot_be_read_are_all_named(school_a, tutor_a, ab_staff):
    claim = claim_for(school_a, tutor_a, "2100021")
    done = upload("claims", CLAIMS + "2100021,2026-07-45,Maybe,perhaps,\n", ab_staff)
    message = done.results[0]["message"]
    assert done.results[0]["name"] == "Ada T2100021"
    for expected in ("Enter the qts award date as DD/MM/YYYY, like 01/09/2026", "Enter the induction status as one of None, RequiredToComplete",
                     "Enter yes or no for an active prohibition", "Enter the induction start date"):
        assert expected in message
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_an_empty_qts_date_is_no_qts_and_refused_by_elig_003(school_a, tutor_a, ab_staff):
    claim_for(school_a, tutor_a, "2100031")
    done = upload("claims", CLAIMS + "2100031,,None,no,2026-09-01\n", ab_staff)
    assert done.results[0]["message"] == "The teacher record shows no QTS award, so induction cannot start"


def test_uploading_the_same_claims_file_again_applies_nothing_twice(school_a, tutor_a, ab_staff):
    claim_for(school_a, tutor_a, "2100041")
    text = CLAIMS + "2100041,2026-07-20,None,no,2026-09-01\n"
    upload("claims", text, ab_staff)
    again = upload("claims", text, ab_staff)
    assert again.rows_accepted == 0
    assert again.results[0]["message"] == "The claim for this teacher is already accepted, so it cannot be accepted again"
    assert InductionPeriod.objects.count() == 1


def test_pending_claims_are_read_in_one_query_however_many_rows(school_a, tutor_a, ab_staff, django_assert_max_num_queries):
    from appropriate_body.claims.bulk import apply_claim_rows

    rows = read("claims", CLAIMS + "".join(f"{3_000_000 + n},2026-07-20,None,no,2026-09-01\n" for n in range(30)))[1]
    # Nobody registered: refused without a query per row (the claims, the names).
    with django_assert_max_num_queries(2):
        results = apply_claim_rows(rows, actor=ab_staff, today=TODAY)
    assert {result["outcome"] for result in results} == {"refused"}


# --- Releases and passes ---------------------------------------------------------------------


@pytest.fixture
def open_periods(school_a, tutor_a, ab_staff):
    periods = {}
    for trn in ("2200001", "2200002", "2200003", "2200004"):
        claim = claim_for(school_a, tutor_a, trn)
        periods[trn] = accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=TODAY).induction_period
    return periods


def test_releases_and_passes_partial_and_a_fail_is_refused(open_periods, ab_staff):
    done = upload("actions", ACTIONS
                  + "2200001,2027-04-30,2.5,release\n"
                  + "2200002,2028-07-20,6,pass\n"
                  + "2200003,2028-07-20,6,fail\n"
                  + "2200004,2026-08-31,0,release\n"
                  + "2299999,2027-04-30,1,release\n", ab_staff, today=date(2028, 7, 25))
    rows = by_line(done)
    assert [rows[line]["outcome"] for line in range(2, 7)] == ["released", "passed", "refused", "refused", "refused"]
    assert rows[4] == {"line": 4, "trn": "2200003", "name": "Ada T2200003", "outcome": "refused", "message": FAIL_REFUSED}
    assert rows[5]["message"] == "The end date must be on or after the start date (1 September 2026)"
    assert rows[6]["message"].startswith("The hub has no open induction period")
    states = {trn: (p.finished_on, p.number_of_terms, p.outcome) for trn, p in
              ((trn, InductionPeriod.objects.get(pk=period.pk)) for trn, period in open_periods.items())}
    assert states == {
        "2200001": (date(2027, 4, 30), Decimal("2.5"), ""), "2200002": (date(2028, 7, 20), Decimal("6.0"), "pass"),
        "2200003": (None, None, ""), "2200004": (None, None, ""),
    }
    assert done.rows_accepted == 2


def test_a_row_with_a_value_beyond_the_headings_is_refused_and_changes_nothing(open_periods, ab_staff):
    done = upload("actions", ACTIONS + "2200001,2027-04-30,2.5,release,2028-07-20\n2200002,2027-04-30,2.5,release\n", ab_staff,
                  today=date(2028, 7, 25))
    assert [(result["outcome"], result["message"]) for result in done.results] == [
        ("refused", STRAY_CELLS), ("released", "Induction period ended on 30 April 2027"),
    ]
    assert InductionPeriod.objects.get(pk=open_periods["2200001"].pk).finished_on is None


def test_a_released_period_is_not_released_again(open_periods, ab_staff):
    text = ACTIONS + "2200001,2027-04-30,2.5,release\n"
    upload("actions", text, ab_staff, today=date(2028, 7, 25))
    again = upload("actions", text, ab_staff, today=date(2028, 7, 25))
    assert again.results[0]["outcome"] == "refused" and again.rows_accepted == 0
    assert InductionPeriod.objects.get(pk=open_periods["2200001"].pk).history.count() == 2


# --- Results, the task, the purge ------------------------------------------------------------


def test_the_results_csv_names_each_row_and_is_formula_safe(ab_staff):
    done = BulkUpload.objects.create(kind="claims", filename="f.csv", uploaded_by=ab_staff, status="done", results=[
        {"line": 2, "trn": "1234567", "name": "=HYPERLINK(\"x\")", "outcome": "refused", "message": "-bad"},
        {"line": 3, "trn": "7654321", "name": "Ada", "outcome": "accepted", "message": "Induction started on 1 September 2026"},
    ])
    text = csv_bytes(RESULT_HEADINGS, result_rows(done)).decode("utf-8-sig")
    assert text.splitlines() == [
        "Line,TRN,Name,Result,Error message", "2,1234567,\"'=HYPERLINK(\"\"x\"\")\",Refused,'-bad", "3,7654321,Ada,Accepted,",
    ]


def test_a_large_file_goes_to_the_task_which_applies_it_in_chunks(school_a, tutor_a, ab_staff, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.REGISTRATION_UPLOAD_INLINE_ROWS = 1
    claim_for(school_a, tutor_a, "2300001")
    text, rows = read("claims", CLAIMS + "2300001,2026-07-20,None,no,2026-09-01\n2300002,2026-07-20,None,no,2026-09-01\n")
    with django_capture_on_commit_callbacks() as callbacks:
        waiting = start_upload(kind="claims", filename="f.csv", text=text, rows=rows, actor=ab_staff, today=TODAY)
    assert (waiting.status, waiting.rows_done, len(callbacks)) == (BulkUpload.Status.CHECKED, 0, 1)
    process_bulk_upload(waiting.pk)  # what the queued callback sends to a worker
    waiting.refresh_from_db()
    assert (waiting.status, waiting.rows_done, waiting.rows_accepted) == (BulkUpload.Status.DONE, 2, 1)
    # A redelivered task finds it done and changes nothing.
    process_bulk_upload(waiting.pk)
    waiting.refresh_from_db()
    assert len(waiting.results) == 2 and InductionPeriod.objects.count() == 1


def test_the_task_carries_on_from_the_last_chunk(school_a, tutor_a, ab_staff, monkeypatch):
    monkeypatch.setattr("appropriate_body.claims.bulk.CHUNK", 1)
    for trn in ("2400001", "2400002", "2400003"):
        claim_for(school_a, tutor_a, trn)
    text = CLAIMS + "".join(f"{trn},2026-07-20,None,no,2026-09-01\n" for trn in ("2400001", "2400002", "2400003"))
    half = BulkUpload.objects.create(kind="claims", filename="f.csv", uploaded_by=ab_staff, contents=text, rows_total=3,
                                     status="processing", rows_done=1, rows_accepted=1,
                                     results=[{"line": 2, "trn": "2400001", "name": "x", "outcome": "accepted", "message": ""}])
    done = process_upload(half.pk, today=TODAY)
    assert (done.status, done.rows_done, done.rows_accepted) == ("done", 3, 3)
    assert Claim.objects.get(ect_period__teacher__trn="2400001").status == Claim.Status.PENDING  # not re-applied


def test_an_unexpected_error_stops_the_upload_rather_than_leave_it_running(ab_staff, monkeypatch):
    stuck = BulkUpload.objects.create(kind="claims", filename="f.csv", uploaded_by=ab_staff, contents="not the headings", rows_total=1)
    process_bulk_upload(stuck.pk)
    stuck.refresh_from_db()
    assert stuck.status == BulkUpload.Status.FAILED and stuck.finished_at
    assert stuck.file_error == SOMETHING_WENT_WRONG


def test_dp_002_contents_and_names_go_23_hours_after_finishing(ab_staff):
    now = timezone.now()
    result = {"line": 2, "trn": "1234567", "name": "Ada", "outcome": "accepted", "message": ""}
    old = BulkUpload.objects.create(kind="claims", filename="f.csv", contents="x", status="done", results=[result],
                                    finished_at=now - timedelta(hours=23, minutes=1))
    recent = BulkUpload.objects.create(kind="claims", filename="f.csv", contents="x", status="done", results=[result],
                                       finished_at=now - timedelta(hours=22))
    stalled = BulkUpload.objects.create(kind="claims", filename="f.csv", contents="x", status="processing",
                                        created_at=now - timedelta(hours=24))
    assert purge_bulk_uploads() == 2
    old.refresh_from_db(), recent.refresh_from_db(), stalled.refresh_from_db()
    assert (old.contents, old.results[0]["name"], old.results[0]["trn"], bool(old.purged_at)) == ("", "", "1234567", True)
    assert (recent.contents, recent.purged_at) == ("x", None)
    assert (stalled.contents, stalled.status, stalled.file_error) == ("", BulkUpload.Status.FAILED, EXPIRED)
    assert (old.status, old.file_error) == ("done", "")
    assert purge_old_uploads() == 0
