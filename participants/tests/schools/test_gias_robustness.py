"""A GIAS extract as it really arrives (issue 14, items 5 and 6): re-saved as UTF-8, with broken
numbers, rows cut short and names with commas. Every bad row is skipped and reported by line and
column; the good rows load; nothing an existing school has is blanked."""

import pytest

from participants.models import School
from participants.schools.gias import import_gias_file
from participants.tests.schools.test_gias import SAMPLE, sample_table, set_value, write_gias

pytestmark = pytest.mark.django_db


def test_a_utf8_extract_without_a_byte_order_mark_keeps_its_names(tmp_path):
    header, records = sample_table()
    accented = [record for record in records if not record[header.index("EstablishmentName")].isascii()]
    assert accented  # the sample has names with ’ and é
    report = import_gias_file(write_gias(tmp_path / "utf8.csv", header, records, encoding="utf-8"))
    assert report.skipped == []
    for record in accented:
        assert School.objects.get(urn=int(record[0])).name == record[header.index("EstablishmentName")]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("NumberOfPupils", "99999999999999999999999", "NumberOfPupils '99999999999999999999999': more than 100,000"),
        ("NumberOfPupils", "9" * 5000, f"NumberOfPupils '{'9' * 40}...': more than 100,000"),
        ("NumberOfPupils", "²", "NumberOfPupils '²': not a whole number"),
        ("NumberOfPupils", "١٢٣", "NumberOfPupils '١٢٣': not a whole number"),
        ("NumberOfPupils", "1.2E+03", "NumberOfPupils '1.2E+03': The number of pupils 1.2E+03 was changed by the spreadsheet"),
        ("UKPRN", "123456789012", "UKPRN '123456789012': The UKPRN must be 8 digits"),
        ("UKPRN", "1.00E+07", "UKPRN '1.00E+07': The UKPRN 1.00E+07 was changed by the spreadsheet"),
        ("UKPRN", "１００１２３４５", "UKPRN '１００１２３４５': The UKPRN must be a number written with the digits 0 to 9"),
        ("URN", "1.0E+05", "URN '1.0E+05': The URN 1.0E+05 was changed by the spreadsheet"),
        ("URN", "١٠٠٠٠١", "URN '١٠٠٠٠١': The URN must be a number written with the digits 0 to 9"),
    ],
)
def test_a_number_out_of_range_or_in_other_digits_skips_its_row_by_line_and_column(tmp_path, column, value, reason):
    header, records = sample_table()
    records[1] = set_value(header, records[1], column, value)
    report = import_gias_file(write_gias(tmp_path / "numbers.csv", header, records[:3], encoding="utf-8"))
    assert report.created == 2
    [skipped] = report.skipped
    assert (skipped.line, skipped.column) == (3, column)
    assert skipped.reason.startswith(reason)


def test_a_row_cut_short_is_skipped_and_never_blanks_the_school_it_names(tmp_path):
    import_gias_file(SAMPLE)
    header, records = sample_table()
    school = School.objects.get(urn=int(records[1][0]))
    assert school.district and school.postcode
    cut = records[1][: header.index("Postcode")]  # the rest of the row was lost
    report = import_gias_file(write_gias(tmp_path / "cut.csv", header, [records[0], cut, records[2]]))
    [skipped] = report.skipped
    assert skipped.line == 3 and skipped.reason.startswith("This row stops before the Postcode column")
    assert School.objects.get(pk=school.pk).postcode == school.postcode
    assert School.objects.get(pk=school.pk).district == school.district


def test_a_short_first_row_is_a_row_problem_not_missing_headings(tmp_path):
    header, records = sample_table()
    short = records[0][:5]
    report = import_gias_file(write_gias(tmp_path / "short-first.csv", header, [short, *records[1:4]]))
    assert report.created == 3
    assert [skipped.line for skipped in report.skipped] == [2]


def test_a_comma_inside_a_quoted_name_is_read_and_an_unquoted_one_is_named(tmp_path):
    header, records = sample_table()
    records[0] = set_value(header, records[0], "EstablishmentName", "St Mary's, Randwick")
    path = write_gias(tmp_path / "commas.csv", header, records[:2])
    assert import_gias_file(path).created == 2
    assert School.objects.get(urn=int(records[0][0])).name == "St Mary's, Randwick"
    # The same comma without quotes moves every later value one column on.
    text = path.read_bytes().decode("cp1252").replace('"St Mary\'s, Randwick"', "St Mary's, Randwick")
    path.write_bytes(text.encode("cp1252"))
    report = import_gias_file(path)
    [skipped] = report.skipped
    assert skipped.line == 2
    assert skipped.reason == "This row has a value in a column without a heading. Check that its columns line up with the headings"


def test_a_huge_code_is_reported_as_too_long_not_a_traceback(tmp_path):
    header, records = sample_table()
    records[0] = set_value(header, records[0], "TypeOfEstablishment (code)", "0" + "9" * 5000)
    [skipped] = import_gias_file(write_gias(tmp_path / "huge.csv", header, records[:1])).skipped
    assert (skipped.line, skipped.column) == (2, "TypeOfEstablishment (code)")
    assert "establishment type code is longer than" in skipped.reason
