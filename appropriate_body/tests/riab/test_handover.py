"""The hand-over to RIAB: CSVs exactly as its bulk upload reads them, marking rows recorded, its error file back."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from appropriate_body.claims.claims import accept_claim
from appropriate_body.inductions.periods import record_outcome, release
from appropriate_body.inductions.todo import todo_list
from appropriate_body.models import Claim, InductionPeriod
from appropriate_body.riab.handover import claims_outstanding, mark_claims_recorded, number_of_terms
from appropriate_body.tests.factories import GOOD, claimed
from hubportal.lib.sealed import seal
from participants.models import TrainingProgramme
from privacy.retention.job import apply_retention
from registration.tests.factories import register

from .helpers import ACTION_HEADINGS, CLAIM_HEADINGS, check_action_row, check_claim_row, error_file, read_back

pytestmark = pytest.mark.django_db

PAGE = reverse("appropriate_body:riab")
BORN = date(1998, 3, 27)
TODAY = date(2027, 7, 20)


def accepted(school, tutor, ab_staff, *, born=BORN, **details) -> Claim:
    claim = register(school, tutor, date_of_birth=born, **details).claims.get()
    return accept_claim(claim, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=date(2026, 9, 1))


def test_the_claims_csv_has_riabs_headings_and_formats(ab_client, school_a, tutor_a, ab_staff):
    school_led = accepted(school_a, tutor_a, ab_staff)
    provider_led = accepted(school_a, tutor_a, ab_staff, born=date(1990, 12, 1))
    Claim.objects.filter(pk=provider_led.pk).update(training_programme=TrainingProgramme.PROVIDER_LED)
    scheduled = register(school_a, tutor_a, date_of_birth=BORN).claims.get()
    accept_claim(scheduled, GOOD, start_date=date(2026, 9, 1), actor=ab_staff, today=date(2026, 8, 25))
    register(school_a, tutor_a, date_of_birth=BORN)  # still pending: nothing to hand over

    response = ab_client.get(reverse("appropriate_body:riab_claims_csv"))

    assert response["Content-Type"].startswith("text/csv")
    headings, rows = read_back(b"".join(response.streaming_content))
    assert headings == CLAIM_HEADINGS
    for row in rows:
        check_claim_row(row)
    by_trn = {row["TRN"]: row for row in rows}
    assert set(by_trn) == {c.ect_period.teacher.trn for c in (school_led, provider_led, scheduled)}
    assert by_trn[school_led.ect_period.teacher.trn] == {
        "TRN": school_led.ect_period.teacher.trn, "Date of birth": "1998-03-27", "Induction programme": "DIY",
        "Induction period start date": "2026-09-01"}
    assert by_trn[provider_led.ect_period.teacher.trn]["Induction programme"] == "FIP"
    assert by_trn[provider_led.ect_period.teacher.trn]["Date of birth"] == "1990-12-01"


def test_the_new_programme_words_once_riab_takes_them(ab_client, school_a, tutor_a, ab_staff, settings):
    settings.RIAB_PROGRAMME_WORDS = "new"
    claim = accepted(school_a, tutor_a, ab_staff)
    Claim.objects.filter(pk=claim.pk).update(training_programme=TrainingProgramme.PROVIDER_LED)
    _, rows = read_back(b"".join(ab_client.get(reverse("appropriate_body:riab_claims_csv")).streaming_content))
    assert [row["Induction programme"] for row in rows] == ["provider-led"]


def test_the_actions_csv_has_releases_and_passes_never_a_fail(ab_client, school_a, tutor_a, ab_staff):
    released, passed, failed, still_open = (claimed(school_a, tutor_a, ab_staff, date_of_birth=BORN) for _ in range(4))
    release(released, finished_on=date(2027, 1, 31), number_of_terms=Decimal("2.5"), actor=ab_staff, today=TODAY)
    record_outcome(passed, outcome="pass", finished_on=date(2027, 7, 19), number_of_terms=Decimal("6"), actor=ab_staff, today=TODAY)
    record_outcome(failed, outcome="fail", finished_on=date(2027, 7, 19), number_of_terms=Decimal("6"), actor=ab_staff, today=TODAY,
                   fail_confirmation_sent_on=date(2027, 7, 19))

    response = ab_client.get(reverse("appropriate_body:riab_actions_csv"))

    headings, rows = read_back(b"".join(response.streaming_content))
    assert headings == ACTION_HEADINGS
    for row in rows:
        check_action_row(row)
    assert sorted((row["TRN"], row["Induction period end date"], row["Number of terms"], row["Outcome"]) for row in rows) == sorted([
        (released.induction.teacher.trn, "2027-01-31", "2.5", "release"),
        (passed.induction.teacher.trn, "2027-07-19", "6", "pass"),
    ])
    assert {row["Date of birth"] for row in rows} == {"1998-03-27"}


def test_terms_are_written_as_riab_reads_them():
    assert [number_of_terms(Decimal(v)) for v in ("6.0", "2.5", "0.0", "16.0", "0.1")] == ["6", "2.5", "0", "16", "0.1"]


def _raw_claim_columns(claim: Claim) -> str:
    """Every column of the claim's row and of its history rows, as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM appropriate_body_claim WHERE id = %s", [claim.pk])
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM appropriate_body_historicalclaim WHERE id = %s", [claim.pk])
        rows += cursor.fetchall()
    return repr(rows)


def test_marking_claims_recorded_erases_their_date_of_birth(ab_client, school_a, tutor_a, ab_staff):
    claim = accepted(school_a, tutor_a, ab_staff)
    other = accepted(school_a, tutor_a, ab_staff)
    sealed = Claim.objects.get(pk=claim.pk).date_of_birth_sealed
    assert sealed and sealed in _raw_claim_columns(claim)
    # The sealed value never reaches the history table, only the claim's own row.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM appropriate_body_historicalclaim WHERE id = %s", [claim.pk])
        assert cursor.fetchone()[0] >= 2

    response = ab_client.post(reverse("appropriate_body:riab_claims_recorded"), {"record": [str(claim.public_id), "not-a-uuid"]})

    assert response["Location"] == PAGE
    claim.refresh_from_db()
    assert (claim.riab_recorded_by, claim.date_of_birth_sealed) == (ab_staff, "")
    assert claim.riab_recorded_at is not None
    raw = _raw_claim_columns(claim)
    assert sealed not in raw and "1998-03-27" not in raw and "1998, 3, 27" not in raw
    # Only the rows the page listed: the other claim is still outstanding, with its date of birth.
    assert list(claims_outstanding()) == [other] and Claim.objects.get(pk=other.pk).date_of_birth_sealed
    page = ab_client.get(PAGE).content.decode()
    assert 'id="riab-claims-count">1<' in page and "Mark these 1 as recorded in RIAB" in page


def test_a_claim_without_its_date_of_birth_is_listed_for_entry_by_hand(ab_client, school_a, tutor_a, ab_staff):
    held = accepted(school_a, tutor_a, ab_staff)
    gone = accepted(school_a, tutor_a, ab_staff, born=None)

    page = ab_client.get(PAGE).content.decode()
    _, rows = read_back(b"".join(ab_client.get(reverse("appropriate_body:riab_claims_csv")).streaming_content))

    assert [row["TRN"] for row in rows] == [held.ect_period.teacher.trn]
    assert 'id="riab-claims-count">2<' in page and "(1 row)" in page
    assert page.count("Needs the date of birth: enter in RIAB by hand") == 1 and gone.ect_period.teacher.full_name in page


@pytest.mark.parametrize(("days_ago", "kept"), [(30, True), (31, False)])
def test_the_date_of_birth_goes_30_days_after_the_claim(school_a, tutor_a, ab_staff, days_ago, kept):
    claim = accepted(school_a, tutor_a, ab_staff)
    today = timezone.localdate()
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(days=days_ago))

    apply_retention(today)

    assert bool(Claim.objects.get(pk=claim.pk).date_of_birth_sealed) is kept


def test_riabs_error_file_puts_the_refused_rows_back(ab_client, school_a, tutor_a, ab_staff):
    refused, taken = accepted(school_a, tutor_a, ab_staff), accepted(school_a, tutor_a, ab_staff)
    mark_claims_recorded([str(refused.public_id), str(taken.public_id)], actor=ab_staff)
    trn = refused.ect_period.teacher.trn
    data = error_file(CLAIM_HEADINGS, [
        [trn, "1998-03-27", "school-led", "2026-09-01", "Induction start date must not be before QTS date (20 July 2026)"],
        ["7654321", "1990-01-01", "school-led", "2026-09-01", "Ada Lovelace is already claimed by another appropriate body"],
    ])

    response = ab_client.post(reverse("appropriate_body:riab_errors"), {"file": SimpleUploadedFile("Errors for riab.csv", data)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Induction start date must not be before QTS date (20 July 2026)" in page and "Not found among the rows handed over" in page
    refused.refresh_from_db()
    assert refused.riab_recorded_at is None and refused.riab_error.startswith("Induction start date must not")
    # RIAB sends the date of birth back in its file: the corrected row can go in the next download.
    _, rows = read_back(b"".join(ab_client.get(reverse("appropriate_body:riab_claims_csv")).streaming_content))
    assert [(row["TRN"], row["Date of birth"]) for row in rows] == [(trn, "1998-03-27")]
    assert Claim.objects.get(pk=taken.pk).riab_recorded_at is not None


def test_an_actions_error_file_puts_the_release_back(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff, date_of_birth=BORN)
    release(period, finished_on=date(2027, 1, 31), number_of_terms=Decimal("2"), actor=ab_staff, today=TODAY)
    ab_client.post(reverse("appropriate_body:riab_actions_recorded"), {"record": [str(period.public_id)]})
    assert InductionPeriod.objects.get(pk=period.pk).riab_recorded_at is not None
    data = error_file(ACTION_HEADINGS, [[period.induction.teacher.trn, "1998-03-27", "2027-01-31", "2", "release",
                                         "Induction period end date must be after the start date"]])

    page = ab_client.post(reverse("appropriate_body:riab_errors"), {"file": SimpleUploadedFile("errors.csv", data)}).content.decode()

    assert "Induction period end date must be after the start date" in page
    period.refresh_from_db()
    assert period.riab_recorded_at is None and period.riab_error == "Induction period end date must be after the start date"


def test_a_file_that_is_not_riabs_error_file_is_refused(ab_client):
    data = b"Name,Email\nAda,ada@example.org\n"
    response = ab_client.post(reverse("appropriate_body:riab_errors"), {"file": SimpleUploadedFile("other.csv", data)})
    assert response.status_code == 200 and "Error:" in response.content.decode()
    assert "must be RIAB&#x27;s error file" in response.content.decode() or "must be RIAB's error file" in response.content.decode()


def test_the_todo_list_counts_inductions_not_yet_handed_over(school_a, tutor_a, ab_staff):
    today = timezone.localdate()
    first, second = accepted(school_a, tutor_a, ab_staff), accepted(school_a, tutor_a, ab_staff)
    register(school_a, tutor_a)  # pending: not the AB's to hand over yet
    riab = next(item for item in todo_list(today=today) if item.key == "riab")
    assert riab.count == 2
    mark_claims_recorded([str(first.public_id)], actor=ab_staff)
    assert next(item for item in todo_list(today=today) if item.key == "riab").count == 1
    # A release of the recorded one is outstanding in its turn.
    release(InductionPeriod.objects.get(claim=first), finished_on=date(2027, 1, 31), number_of_terms=Decimal("2"), actor=ab_staff,
            today=TODAY)
    riab = next(item for item in todo_list(today=today) if item.key == "riab")
    assert riab.count == 2 and {row.teacher_id for row in riab.rows} == {first.ect_period.teacher_id, second.ect_period.teacher_id}


def _hand_over(school, tutor, ab_staff, count: int) -> None:
    """`count` ECTs each with a claim and a release to hand over."""
    for _ in range(count):
        period = claimed(school, tutor, ab_staff, date_of_birth=BORN)
        release(period, finished_on=date(2027, 1, 31), number_of_terms=Decimal("2"), actor=ab_staff, today=TODAY)


def test_the_page_and_its_files_cost_the_same_queries_for_1_or_20_ects(ab_client, school_a, tutor_a, ab_staff,
                                                                        django_assert_max_num_queries):
    urls = [PAGE, reverse("appropriate_body:riab_claims_csv"), reverse("appropriate_body:riab_actions_csv")]
    _hand_over(school_a, tutor_a, ab_staff, 1)
    # Sealed under a key since lost: listed for entry by hand, like an erased one.
    Claim.objects.update(date_of_birth_sealed=seal("x")[:-4] + "AAAA")
    ab_client.get(PAGE)  # the session and user, as on any page after the first
    counted = {}
    for url in urls:
        with django_assert_max_num_queries(8) as few:
            response = ab_client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        counted[url] = len(few.captured_queries)

    _hand_over(school_a, tutor_a, ab_staff, 19)
    for url in urls:
        with django_assert_max_num_queries(counted[url]):
            response = ab_client.get(url)
            content = b"".join(response.streaming_content) if response.streaming else response.content
    page = ab_client.get(PAGE).content.decode()
    assert 'id="riab-claims-count">20<' in page and 'id="riab-actions-count">20<' in page
    assert page.count("Needs the date of birth: enter in RIAB by hand") == 2  # its claim and its release
    assert len(read_back(content)[1]) == 19


@pytest.mark.parametrize("name", ["riab", "riab_claims_csv", "riab_actions_csv"])
def test_only_ab_staff_see_the_hand_over(client, tutor_a, name):
    url = reverse(f"appropriate_body:{name}")
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client.force_login(tutor_a)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["riab_claims_recorded", "riab_actions_recorded", "riab_errors"])
def test_posts_are_ab_staff_only_and_post_only(client, tutor_a, ab_staff, name):
    url = reverse(f"appropriate_body:{name}")
    client.force_login(tutor_a)
    assert client.post(url).status_code == 404
    client.force_login(ab_staff)
    assert client.get(url).status_code == 405


def test_the_case_page_says_what_is_recorded_in_riab_and_what_is_outstanding(ab_client, school_a, tutor_a, ab_staff):
    period = claimed(school_a, tutor_a, ab_staff, date_of_birth=BORN)
    url = reverse("appropriate_body:case_detail", args=[period.induction.public_id])
    assert "Not yet recorded in RIAB" in ab_client.get(url).content.decode()

    mark_claims_recorded([str(period.claim.public_id)], actor=ab_staff)
    release(period, finished_on=date(2027, 1, 31), number_of_terms=Decimal("2"), actor=ab_staff, today=TODAY)
    page = ab_client.get(url).content.decode()

    assert f"Recorded in RIAB on {timezone.localdate():%-d %B %Y}" in page
    assert "Release on 31 January 2027" in page and page.count("Not yet recorded in RIAB") == 1


def test_riab_006_more_than_a_files_rows_are_handed_over_a_batch_at_a_time(ab_client, school_a, tutor_a, ab_staff, monkeypatch):
    # RIAB takes at most 1,000 rows a file: shown here with a batch of 2 out of 3.
    monkeypatch.setattr("appropriate_body.riab.handover.MAX_ROWS", 2)
    claims = [accepted(school_a, tutor_a, ab_staff) for _ in range(3)]

    page = ab_client.get(PAGE)
    assert 'id="riab-claims-count">3<' in page.content.decode()
    assert "these are the first 2 of 3" in page.content.decode()
    first_batch = [claim.public_id for claim in page.context["claims"].records]
    assert first_batch == [claim.public_id for claim in claims[:2]]
    assert len(read_back(b"".join(ab_client.get(reverse("appropriate_body:riab_claims_csv")).streaming_content))[1]) == 2

    ab_client.post(reverse("appropriate_body:riab_claims_recorded"), {"record": [str(public_id) for public_id in first_batch]})

    page = ab_client.get(PAGE)
    assert [claim.public_id for claim in page.context["claims"].records] == [claims[2].public_id]
    assert "these are the first" not in page.content.decode()
