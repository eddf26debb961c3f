"""Every upload and import, fed files as the real world makes them (issue 14).

Each test generates files from good rows broken in the ways spreadsheets and people break them
(encodings and a mix of two, separators, quoting and a quote left open, headings in other forms,
numbers Excel rewrote, other scripts' digits, rows cut short or too long, huge values, a file cut
off part-way) and runs them through the upload's real domain functions. Whatever the file:

- the reader refuses it with a message, or gives rows; nothing raises anything else;
- an all-or-nothing upload saves every row or none, and a refused row or file changes nothing;
- a record that exists already is never blanked, nor taken over through a rewritten TRN.

Each example runs in a savepoint rolled back at its end, so every one starts from the same records.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from appropriate_body.claims import bulk as ab_bulk
from appropriate_body.models import BulkUpload, Claim, InductionPeriod
from hubportal.lib.csv_upload import FileProblem
from hubportal.lib.dates import academic_year_of
from participants.models import ECTAtSchoolPeriod, School, Teacher
from participants.schools.gias import (
    DATE_COLUMNS,
    IMPORTED_FIELDS,
    INTEGER_COLUMNS,
    TEXT_COLUMNS,
    GiasFormatError,
    import_gias_file,
)
from participants.tests.schools.test_gias import sample_table
from programmes.cohorts import enrolment_csv
from programmes.cohorts.npq import npq_programme
from programmes.models import Cohort, Enrolment, NPQCourse, NPQIntake
from registration.models import RegistrationUpload
from registration.tests.factories import register
from registration.uploads import bulk as ect_bulk
from registration.uploads import rows as ect_rows

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FUZZ = settings(
    max_examples=100, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)
# The TRN "1.23E+06" pads into when its digits are kept: someone else's.
SOMEONE_ELSES_TRN = "0012306"

# What a cell of a real file may hold, beyond the good value a row starts with.
ODD_CELLS = st.one_of(
    st.sampled_from([
        "", " ", "1.23E+06", "1.23457E+06", "1234567.0", "110001.0", "1.0E+05", "١٢٣٤٥٦٧", "１２３４５６７", "²",
        "01/09/2026", "2026-09-01", "31/02/2026", "1/9/26", "45000", "Part time", "provider-led", "School-led", "Autumn",
        "Required to complete", "Passed", "Released", "No", "NPQH", "Siân", "Renée", "O’Neill", "Zoë", "Ã©",
        '=HYPERLINK("http://x")', 'He said "hi"', "a,b", "a;b", "line\nbreak", '"', "NaN", "-1", "1e999999", "0.5",
        "9" * 5000, "x" * 20000,
    ]),
    st.text(max_size=20),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)


def _heading_forms(heading: str) -> st.SearchStrategy[str]:
    spaced = heading.replace("_", " ")
    return st.sampled_from([heading, heading.upper(), spaced.capitalize(), f"  {spaced.title()} ", heading.replace("_", "-")])


@st.composite
def files(draw, headings: tuple[str, ...], good_row) -> tuple[bytes, list[list[str]]]:
    """The bytes of a file with these headings, built from good rows and broken at random, and its rows' cells."""
    # Most files keep the template's headings; some have them as a person or another export writes them.
    header = [draw(_heading_forms(heading)) for heading in headings] if draw(st.integers(0, 2)) == 0 else list(headings)
    if draw(st.integers(0, 9)) == 0:
        header = header[: draw(st.integers(0, len(header)))]  # headings missing
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        row = list(good_row(draw))
        # Most rows are good, so that whole files are good often enough to be saved.
        for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 2, 3]))):
            row[draw(st.integers(0, len(row) - 1))] = draw(ODD_CELLS)
        shape = draw(st.integers(0, 9))
        if shape == 0:
            row = row[: draw(st.integers(1, len(row)))]  # cut short
        elif shape == 1:
            row += [draw(ODD_CELLS)]  # a value past the headings
        rows.append(row)
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    if draw(st.booleans()):
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
                   lineterminator=draw(st.sampled_from(["\r\n", "\n"]))).writerows([header, *rows])
        text = out.getvalue()
    else:
        # Joined by hand, as some exports are: a quote or separator in a value is left as it is.
        text = "".join(delimiter.join(cells) + "\r\n" for cells in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "cp1252", "mixed", "utf-16"]))
    if encoding == "mixed":
        lines = text.splitlines(keepends=True)
        middle = len(lines) // 2
        data = "".join(lines[:middle]).encode() + "".join(lines[middle:]).encode("cp1252", errors="replace")
    elif encoding == "cp1252":
        data = text.encode("cp1252", errors="replace")
    else:
        data = text.encode(encoding)
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]  # the file cut off part-way
    return data, rows


def rolled_back(check):
    """Run `check` in a savepoint undone at its end, so each example starts from the same records."""
    with transaction.atomic():
        check()
        transaction.set_rollback(True)


def trns() -> st.SearchStrategy[str]:
    """A TRN nobody has yet, or now and then the one Excel makes of someone else's (1.23E+06 for 0012306)."""
    return st.integers(0, 5).flatmap(lambda n: st.just("1.23E+06") if n == 0 else st.integers(2_000_000, 9_999_999).map(str))


# --- The ECT upload (all or nothing) ------------------------------------------------------------


def ect_good_row(draw) -> list[str]:
    trn = draw(trns())
    born = date(1990, 1, 1) + timedelta(days=draw(st.integers(0, 3000)))
    start = TODAY + timedelta(days=draw(st.integers(1, 60)))
    return [trn, draw(st.sampled_from([born.strftime("%d/%m/%Y"), born.isoformat()])), "Ada", f"T{trn}", "",
            f"ect{trn}@example.org", start.strftime("%d/%m/%Y"), "full_time", "", "school_led", ""]


@pytest.fixture
def someone_else(school_b, tutor_b):
    """A teacher at another school, whose TRN a rewritten number pads into."""
    register(school_b, tutor_b, trn=SOMEONE_ELSES_TRN, first_name="Real", last_name="Teacher", email="real@example.org")
    return Teacher.objects.get(trn=SOMEONE_ELSES_TRN)


def identity(teacher: Teacher) -> tuple:
    teacher.refresh_from_db()
    return teacher.first_name, teacher.last_name, teacher.email, teacher.user_id


@FUZZ
@given(file=files(ect_rows.HEADINGS, ect_good_row))
def test_ect_upload_saves_every_row_or_none_and_never_raises(school_a, tutor_a, someone_else, file):
    data, _ = file
    before = identity(someone_else)

    def check():
        periods = ECTAtSchoolPeriod.objects.count()
        try:
            text, rows = ect_rows.read_upload("ects.csv", len(data), data)
        except FileProblem as problem:
            assert str(problem)
            event("file refused")
            return
        upload = ect_bulk.start_upload(school_a, filename="ects.csv", text=text, rows=rows, actor=tutor_a, today=TODAY)
        assert ECTAtSchoolPeriod.objects.count() == periods  # checking saves nothing
        event(f"checked: {upload.status}")
        if upload.status == RegistrationUpload.Status.INVALID:
            assert upload.results and all(problem["line"] >= 2 and problem["message"] for problem in upload.results)
            return
        assert upload.status == RegistrationUpload.Status.READY
        ect_bulk.confirm_upload(upload, actor=tutor_a, today=TODAY)
        upload.refresh_from_db()
        saved = ECTAtSchoolPeriod.objects.count() - periods
        assert saved == (len(rows) if upload.status == RegistrationUpload.Status.SAVED else 0)
        event(f"saving: {upload.status}")

    rolled_back(check)
    assert identity(someone_else) == before


@settings(FUZZ, max_examples=20)
@given(file=files(ect_rows.HEADINGS, ect_good_row))
def test_ect_upload_page_never_answers_5xx(client, school_a, tutor_a, file):
    data, _ = file
    client.force_login(tutor_a)
    url = reverse("participants:upload_create", kwargs={"urn": school_a.urn})

    def check():
        response = client.post(url, {"file": SimpleUploadedFile("ects.csv", data)})
        assert response.status_code in (200, 302, 400)  # the page, its next step, or the form with its errors: never a 5xx

    rolled_back(check)


# --- The NPQ enrolment CSV (all or nothing) ----------------------------------------------------


def npq_good_row(draw) -> list[str]:
    trn = draw(trns())
    return [trn, "Ada", f"L{trn}", f"p{trn}@example.org", draw(st.sampled_from(["", "110001"])), "NPQH",
            draw(st.sampled_from(["autumn", "Autumn", "SPRING"]))]


@FUZZ
@given(file=files(enrolment_csv.NPQ_HEADINGS, npq_good_row))
def test_npq_enrolment_csv_enrols_everyone_or_no_one_and_never_raises(hub_staff, school_a, someone_else, file):
    data, _ = file
    for intake in (NPQIntake.AUTUMN, NPQIntake.SPRING):
        Cohort.objects.get_or_create(programme=npq_programme(NPQCourse.H), academic_year=2026, intake=intake)
    before = identity(someone_else)

    def check():
        enrolments, teachers = Enrolment.objects.count(), Teacher.objects.count()
        try:
            text, rows = enrolment_csv.read_upload("npq.csv", len(data), data, enrolment_csv.NPQ_HEADINGS)
        except FileProblem as problem:
            assert str(problem)
            event("file refused")
            return
        _, result = enrolment_csv.import_file(filename="npq.csv", text=text, rows=rows, academic_year=2026,
                                              actor=hub_staff, today=date(2026, 10, 1))
        event(f"enrolled: {result.ok}")
        if result.ok:
            assert Enrolment.objects.count() - enrolments == len(rows)
        else:
            assert all(problem["line"] >= 2 and problem["message"] for problem in result.problems)
            assert (Enrolment.objects.count(), Teacher.objects.count()) == (enrolments, teachers)

    rolled_back(check)
    assert identity(someone_else) == before


# --- The AB's bulk CSV (row by row, as DfE's service) -------------------------------------------


def claim_good_row(draw) -> list[str]:
    return [draw(trns()), draw(st.sampled_from(["2026-07-20", "20/07/2026", ""])),
            draw(st.sampled_from(["None", "RequiredToComplete", "Required to complete"])), draw(st.sampled_from(["no", "No", "yes"])),
            draw(st.sampled_from(["2026-09-01", "01/09/2026"]))]


def action_good_row(draw) -> list[str]:
    return [draw(trns()), draw(st.sampled_from(["2027-04-30", "30/04/2027"])), draw(st.sampled_from(["2.5", "6", "0"])),
            draw(st.sampled_from(["release", "pass", "Passed", "fail"]))]


@pytest.fixture
def pending_claim(school_b, tutor_b):
    """A claim waiting for the AB, for the TRN a rewritten number pads into."""
    register(school_b, tutor_b, trn=SOMEONE_ELSES_TRN, first_name="Real", last_name="Teacher", email="real@example.org")
    return Claim.objects.get(ect_period__teacher__trn=SOMEONE_ELSES_TRN)


@FUZZ
@given(kind=st.sampled_from(["claims", "actions"]), data=st.data())
def test_ab_bulk_csv_answers_every_row_and_never_raises(ab_staff, pending_claim, kind, data):
    good_row = claim_good_row if kind == "claims" else action_good_row
    file, _ = data.draw(files(ab_bulk.HEADINGS[kind], good_row))

    def check():
        try:
            text, rows = ab_bulk.read_upload(kind, "ab.csv", len(file), file)
        except FileProblem as problem:
            assert str(problem)
            event("file refused")
            return
        upload = ab_bulk.start_upload(kind=kind, filename="ab.csv", text=text, rows=rows, actor=ab_staff, today=date(2026, 9, 10))
        assert upload.status == BulkUpload.Status.DONE and len(upload.results) == len(rows)
        event(f"rows refused: {sum(result['outcome'] == 'refused' for result in upload.results)} of {len(rows)}")
        # No row names the pending claim's TRN: it stays pending whatever the file held.
        pending_claim.refresh_from_db()
        assert pending_claim.status == Claim.Status.PENDING
        assert not InductionPeriod.objects.exists()

    rolled_back(check)


@settings(FUZZ, max_examples=20)
@given(kind=st.sampled_from(["claims", "actions"]), data=st.data())
def test_ab_bulk_page_never_answers_5xx(client, ab_staff, kind, data):
    good_row = claim_good_row if kind == "claims" else action_good_row
    file, _ = data.draw(files(ab_bulk.HEADINGS[kind], good_row))
    client.force_login(ab_staff)

    def check():
        response = client.post(reverse("appropriate_body:bulk_create"), {"kind": kind, "file": SimpleUploadedFile("ab.csv", file)})
        assert response.status_code in (200, 302, 400)  # the page, its next step, or the form with its errors: never a 5xx

    rolled_back(check)


@settings(FUZZ, max_examples=20)
@given(file=files(enrolment_csv.NPQ_HEADINGS, npq_good_row))
def test_npq_enrolment_page_never_answers_5xx(client, hub_staff, file):
    data, _ = file
    year = academic_year_of(TODAY)
    Cohort.objects.get_or_create(programme=npq_programme(NPQCourse.H), academic_year=year, intake=NPQIntake.AUTUMN)
    client.force_login(hub_staff)

    def check():
        response = client.post(reverse("programmes:npq_enrolment_csv"), {"academic_year": year, "file": SimpleUploadedFile("npq.csv", data)})
        assert response.status_code in (200, 302, 400)  # the page, its next step, or the form with its errors: never a 5xx

    rolled_back(check)


# --- The GIAS import (good rows in, bad rows reported) ------------------------------------------


GIAS_HEADER, GIAS_RECORDS = sample_table()
GIAS_COLUMN_OF = {**TEXT_COLUMNS, **INTEGER_COLUMNS, **DATE_COLUMNS, "name": "EstablishmentName"}


def gias_good_row(draw) -> list[str]:
    row = list(GIAS_RECORDS[draw(st.integers(0, 9))])
    if draw(st.integers(0, 3)) == 0:
        # The number columns, most often broken by spreadsheets and exports.
        row[GIAS_HEADER.index(draw(st.sampled_from(["NumberOfPupils", "UKPRN", "URN"])))] = draw(ODD_CELLS)
    return row


def schools() -> dict[int, tuple]:
    return {school[0]: school[1:] for school in School.objects.values_list("urn", *IMPORTED_FIELDS)}


@FUZZ
@given(file=files(tuple(GIAS_HEADER), gias_good_row))
def test_gias_import_reports_bad_rows_and_never_blanks_a_school(tmp_path_factory, file):
    data, rows = file
    import_gias_file(_write(tmp_path_factory, b"\r\n".join(
        ",".join(f'"{cell}"' for cell in record).encode("cp1252") for record in [GIAS_HEADER, *GIAS_RECORDS[:10]])))
    before = schools()
    path = _write(tmp_path_factory, data)

    def check():
        try:
            report = import_gias_file(path)
        except GiasFormatError as problem:
            assert str(problem)
            assert schools() == before
            event("file refused")
            return
        after = schools()
        assert all(skipped.line >= 2 and skipped.reason for skipped in report.skipped)
        event(f"imported {report.created + report.updated + report.unchanged}, skipped {len(report.skipped)}")
        # Every school the file changed had a row that was read in full; nothing else moved.
        changed = {urn for urn in before if after[urn] != before[urn]}
        assert len(changed) == report.updated
        # A value is blanked only by a row that has every column and a blank there, never by one cut short.
        full_rows = [row for row in rows if len(row) >= len(GIAS_HEADER)]
        for urn in changed:
            for position, name in enumerate(IMPORTED_FIELDS):
                if before[urn][position] not in ("", None) and after[urn][position] in ("", None):
                    column = GIAS_COLUMN_OF.get(name)
                    assert any(row[0].strip() == str(urn) and (column is None or not row[GIAS_HEADER.index(column)].strip())
                               for row in full_rows), f"{name} of {urn} was blanked by a row without it"

    rolled_back(check)


def _write(tmp_path_factory, data: bytes) -> Path:
    path = tmp_path_factory.mktemp("gias") / "gias.csv"
    path.write_bytes(data)
    return path
