"""The NPQ enrolment CSV as spreadsheets really save it (issue 14, items 4, 5 and 7)."""

import pytest

from hubportal.lib.csv_upload import FileProblem
from participants.models import Teacher
from participants.tests.factories import TeacherFactory
from programmes.cohorts.enrolment_csv import NPQ_HEADINGS, enrol_from_csv, read_upload
from programmes.models import Enrolment
from programmes.tests.cohorts.test_enrolment_csv import HEADER, TODAY, line, npq_cohort

pytestmark = pytest.mark.django_db


def enrol(data: bytes, actor):
    _, rows = read_upload("npq.csv", len(data), data, NPQ_HEADINGS)
    return enrol_from_csv(rows, academic_year=2026, actor=actor, today=TODAY)


def by_cell(result) -> dict[tuple[int, str], str]:
    return {(problem["line"], problem["column"]): problem["message"] for problem in result.problems}


def test_numbers_excel_rewrote_are_refused_with_how_to_keep_them_as_text(hub_staff, school_a):
    npq_cohort()
    someone_else = TeacherFactory(trn="0012306")
    result = enrol((HEADER + line("1.23E+06") + line("2000002", urn="110001.0") + line("2000003", urn="1.1E+05")).encode(), hub_staff)
    problems = by_cell(result)
    assert problems[(2, "trn")].startswith("The TRN 1.23E+06 was changed by the spreadsheet into a number")
    assert problems[(3, "school_urn")].startswith("The URN 110001.0 was changed by the spreadsheet into a number")
    assert problems[(4, "school_urn")].startswith("The URN 1.1E+05 was changed by the spreadsheet into a number")
    assert not Enrolment.objects.exists()
    assert list(Teacher.objects.all()) == [someone_else]


def test_one_windows_1252_row_in_a_utf8_file_is_refused_not_garbled(hub_staff):
    npq_cohort()
    data = (HEADER + line("2000001", first="Siân")).encode() + line("2000002", first="Renée").encode("cp1252")
    with pytest.raises(FileProblem, match="mixes two ways of saving letters and symbols such as é and ’: line 2 as CSV UTF-8, line 3"):
        read_upload("npq.csv", len(data), data, NPQ_HEADINGS)


def test_a_semicolon_file_with_labels_for_choices_is_read(hub_staff, school_a):
    cohort = npq_cohort()
    text = (HEADER + line("2000001", urn=school_a.urn, intake="Autumn", first="Zoë")).replace(",", ";")
    result = enrol(text.encode("cp1252"), hub_staff)
    assert result.ok and result.total == 1
    assert Enrolment.objects.get().cohort == cohort and Teacher.objects.get().first_name == "Zoë"


def test_a_row_cut_short_is_named_and_nothing_is_saved(hub_staff):
    npq_cohort()
    result = enrol((HEADER + line("2000001") + "2000002,Ada,Short,p@example.org\n").encode(), hub_staff)
    assert by_cell(result)[(3, "")].startswith("This row stops before the school_urn column")
    assert not Enrolment.objects.exists() and not Teacher.objects.exists()
