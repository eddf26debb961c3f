"""A school's CSV of ECTs as spreadsheets really save it (issue 14, items 4 and 7): numbers Excel
rewrote, Windows Excel's default "CSV", other headings, rows cut short, UK dates and labels."""

import pytest

from participants.models import Teacher
from participants.tests.factories import TeacherFactory
from registration.models import RegistrationUpload
from registration.tests.uploads.test_bulk import TODAY, csv_text, ect_row
from registration.uploads.bulk import start_upload
from registration.uploads.rows import HEADINGS, read_upload

pytestmark = pytest.mark.django_db


def upload_bytes(school, actor, data: bytes) -> RegistrationUpload:
    text, rows = read_upload("ects.csv", len(data), data)
    return start_upload(school, filename="ects.csv", text=text, rows=rows, actor=actor, today=TODAY)


def problems(upload) -> dict[tuple[int, str], str]:
    return {(problem["line"], problem["column"]): problem["message"] for problem in upload.results}


@pytest.mark.parametrize("typed", ["1.23E+06", "1.23457E+06", "1234567.0"])
def test_a_trn_excel_rewrote_as_a_number_is_refused_and_never_padded_into_someone_elses(school_a, tutor_a, typed):
    # 1.23E+06 has the digits 1, 2, 3, 0 and 6: padded, they were the TRN 0012306 of another teacher.
    someone_else = TeacherFactory(trn="0012306", first_name="Other", last_name="Person")
    upload = upload_bytes(school_a, tutor_a, csv_text([ect_row(trn=typed)]).encode())
    assert upload.status == RegistrationUpload.Status.INVALID
    message = problems(upload)[(2, "trn")]
    assert message.startswith(f"The TRN {typed} was changed by the spreadsheet into a number, which loses digits.")
    assert "Format Cells, then Text" in message
    assert Teacher.objects.get() == someone_else


def test_windows_excels_default_csv_with_other_headings_and_uk_dates_is_read(school_a, tutor_a):
    # "CSV (Comma delimited)" from Windows Excel: Windows-1252, the headings as a person types them.
    headings = ("TRN", "Date of birth", "First name", "Last name", "Corrected name", "Email address", "Start date",
                "Working pattern", "FTE", "Training programme", "Lead provider")
    row = ect_row(first_name="Renée", working_pattern="Full time", training_programme="School-led")
    text = csv_text([dict(zip(headings, (row[heading] for heading in HEADINGS), strict=True))], headings=headings)
    upload = upload_bytes(school_a, tutor_a, text.encode("cp1252"))
    assert upload.results == [] and upload.status == RegistrationUpload.Status.READY


def test_a_semicolon_file_is_read(school_a, tutor_a):
    text = csv_text([ect_row(first_name="Zoë")]).replace(",", ";")
    upload = upload_bytes(school_a, tutor_a, text.encode())
    assert upload.status == RegistrationUpload.Status.READY


def test_a_row_cut_short_is_named_by_its_line_and_nothing_is_saved(school_a, tutor_a):
    good = csv_text([ect_row(), ect_row()]).splitlines()
    short = ",".join(good[2].split(",")[:5])  # ends after corrected_name
    upload = upload_bytes(school_a, tutor_a, "\r\n".join([good[0], good[1], short, ""]).encode())
    assert upload.status == RegistrationUpload.Status.INVALID
    assert problems(upload)[(3, "")].startswith(
        "This row stops before the email column, so it has no value for email, start_date, working_pattern, fte, "
        "training_programme, lead_provider"
    )
    assert not Teacher.objects.exists()


def test_a_semicolon_files_decimal_comma_is_read(school_a, tutor_a):
    text = csv_text([ect_row(working_pattern="part_time", fte="0,6")]).replace(",", ";").replace("0;6", "0,6")
    upload = upload_bytes(school_a, tutor_a, text.encode())
    assert upload.results == [] and upload.status == RegistrationUpload.Status.READY
