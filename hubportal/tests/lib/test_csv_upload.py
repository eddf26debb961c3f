"""The one CSV reader: what Excel and other spreadsheets really save, and every whole-file refusal."""

import codecs
from dataclasses import replace
from datetime import date

import pytest

from hubportal.lib.csv_upload import (
    SAVE_AS_CSV,
    CsvFormat,
    FileProblem,
    check_file,
    decimal_point,
    decode,
    read_choice,
    read_date,
    read_rows,
    read_upload,
    spreadsheet_number,
)

PEOPLE = CsvFormat(
    headings=("trn", "first_name", "last_name"),
    max_bytes=1024,
    max_rows=3,
    no_rows="The selected file has nobody in it",
    rows_word="people",
)
HEADER = "trn,first_name,last_name\r\n"
ROW = "1234567,Siân,O’Neill\r\n"


def refused(spec: CsvFormat, data: bytes, filename: str = "people.csv") -> str:
    with pytest.raises(FileProblem) as problem:
        read_upload(spec, filename, len(data), data)
    return str(problem.value)


# --- Encodings -------------------------------------------------------------------------------


def test_excel_csv_utf8_with_its_byte_order_mark_is_read_without_it():
    text, rows = read_upload(PEOPLE, "people.csv", 100, codecs.BOM_UTF8 + (HEADER + ROW).encode("utf-8"))
    assert text == HEADER + ROW
    assert (rows[0]["first_name"], rows[0]["last_name"]) == ("Siân", "O’Neill")


def test_utf8_without_a_byte_order_mark_is_read():
    _, rows = read_upload(PEOPLE, "people.csv", 100, (HEADER + ROW).encode("utf-8"))
    assert rows[0].cells == {"trn": "1234567", "first_name": "Siân", "last_name": "O’Neill"}


def test_windows_1252_is_read_by_every_importer():
    # Windows Excel's default "CSV (Comma delimited)" in a UK locale: commas, Windows-1252.
    data = (HEADER + "1234567,Renée,Price £5 ’quoted’\r\n").encode("cp1252")
    _, rows = read_upload(PEOPLE, "people.csv", len(data), data)
    assert (rows[0]["first_name"], rows[0]["last_name"]) == ("Renée", "Price £5 ’quoted’")


def test_a_file_mixing_utf8_and_windows_1252_is_refused_with_the_lines_of_each():
    # Rows pasted from two files: read either way, one of the names would come out garbled.
    data = HEADER.encode() + "1234567,Siân,Jones\r\n".encode("utf-8") + "7654321,Renée,Price\r\n".encode("cp1252")
    message = refused(PEOPLE, data)
    assert message.startswith("The selected file mixes two ways of saving letters and symbols such as é and ’: "
                              "line 2 as CSV UTF-8, line 3 as older Excel's \"CSV (Comma delimited)\"")
    assert message.endswith(SAVE_AS_CSV)
    # A byte order mark says UTF-8 too.
    assert "mixes two ways" in refused(PEOPLE, codecs.BOM_UTF8 + (HEADER + "1,Renée,Price\r\n").encode("cp1252"))


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused():
    # 0x81 and 0x8d mean nothing in Windows-1252.
    with pytest.raises(FileProblem, match="must be saved as CSV UTF-8. Its letters and symbols are saved in a way we cannot read"):
        decode(b"trn\r\n\x81\x8d\r\n")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_refused_with_a_clear_message(encoding):
    # Excel's "Unicode Text" is UTF-16 with a byte order mark; some exports leave the mark out.
    message = refused(PEOPLE, (HEADER + ROW).encode(encoding))
    assert message.startswith("The selected file must be saved as CSV UTF-8. It was saved as Unicode text (UTF-16)")


def test_a_workbook_or_other_binary_file_renamed_to_csv_is_not_a_csv():
    assert refused(PEOPLE, b"PK\x03\x04\x14\x00\x06\x00").startswith("The selected file must be a CSV, not an Excel workbook")
    assert refused(PEOPLE, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1").startswith("The selected file must be a CSV, not an Excel workbook")
    assert refused(PEOPLE, b"trn,first_name\r\n12\x0034,x\r\n") == f"The selected file must be a CSV. {SAVE_AS_CSV}"


# --- The file as a whole ---------------------------------------------------------------------


def test_the_name_and_size_are_checked_before_anything_is_read():
    with pytest.raises(FileProblem, match="must be a CSV"):
        check_file(PEOPLE, "people.xlsx", 10)
    with pytest.raises(FileProblem, match="^The selected file is empty$"):
        check_file(PEOPLE, "PEOPLE.CSV", 0)
    with pytest.raises(FileProblem, match="^The selected file must be smaller than 1 KB$"):
        check_file(PEOPLE, "people.csv", 1025)
    with pytest.raises(FileProblem, match="smaller than 2 MB"):
        check_file(replace(PEOPLE, max_bytes=2 * 1024 * 1024), "people.csv", 3 * 1024 * 1024)


@pytest.mark.parametrize("text", ["", "\r\n\r\n", "  \n"])
def test_an_empty_file_is_refused(text):
    with pytest.raises(FileProblem, match="^The selected file is empty$"):
        read_rows(PEOPLE, text)


def test_headings_with_no_rows_under_them_say_what_is_missing():
    with pytest.raises(FileProblem, match="^The selected file has nobody in it$"):
        read_rows(PEOPLE, HEADER + ",,\r\n\r\n")


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_file_with_semicolons_or_tabs_between_its_columns_is_read(separator):
    # Excel saves "CSV" with semicolons where a comma is the decimal point, and "Text" with tabs.
    rows = read_rows(PEOPLE, separator.join(("TRN", "First name", "Last name")) + f"\r\n1234567{separator}Ada, Countess{separator}Lovelace\r\n")
    assert rows[0].cells == {"trn": "1234567", "first_name": "Ada, Countess", "last_name": "Lovelace"}


def test_missing_unexpected_and_repeated_headings_are_all_named():
    with pytest.raises(FileProblem) as problem:
        read_rows(PEOPLE, "TRN,Surname,trn,Nickname,surname\r\n1,2,3,4,5\r\n")
    assert str(problem.value) == (
        "The selected file must have the headings from the template (missing: first_name, last_name; "
        "not expected: Surname, Nickname, surname; more than once: trn). The first line must be: trn,first_name,last_name"
    )


def test_the_importer_words_the_start_of_the_headings_message():
    spec = replace(PEOPLE, headings_intro="The selected file must have the template's headings")
    with pytest.raises(FileProblem, match=r"^The selected file must have the template's headings \(missing: last_name\)"):
        read_rows(spec, "trn,first_name\r\n1,2\r\n")


def test_headings_are_matched_whatever_their_case_order_or_spaces_around():
    rows = read_rows(PEOPLE, " Last_Name ,TRN,first_name\r\nLovelace,1234567,Ada\r\n")
    assert rows[0].cells == {"last_name": "Lovelace", "trn": "1234567", "first_name": "Ada"}


def test_headings_in_any_case_spacing_or_punctuation_and_the_importers_other_names():
    rows = read_rows(PEOPLE, "TRN,First name,LAST-NAME\r\n1234567,Ada,Lovelace\r\n")
    assert rows[0].cells == {"trn": "1234567", "first_name": "Ada", "last_name": "Lovelace"}
    spec = replace(PEOPLE, aliases={"Teacher reference number": "trn", "Surname": "last_name"})
    rows = read_rows(spec, "Teacher Reference Number,first_name,surname\r\n1234567,Ada,Lovelace\r\n")
    assert rows[0].cells == {"trn": "1234567", "first_name": "Ada", "last_name": "Lovelace"}


def test_other_columns_where_the_importer_allows_them():
    spec = replace(PEOPLE, other_columns=True)
    rows = read_rows(spec, "TRN,First name,last-name,Notes\r\n1234567,Ada,Lovelace,keep\r\n")
    assert rows[0].cells == {"trn": "1234567", "first_name": "Ada", "last_name": "Lovelace"}
    assert not rows[0].stray_cells
    with pytest.raises(FileProblem, match="not expected: Notes"):
        read_rows(PEOPLE, "TRN,First name,last_name,Notes\r\n1,2,3,4\r\n")


# --- Rows ------------------------------------------------------------------------------------


def test_rows_keep_the_files_line_numbers_and_blank_rows_are_skipped():
    text = HEADER + "1,Ada,Lovelace\r\n,,\r\n\r\n2,\"Grace\nBrewster\",Hopper\r\n3,Katherine,Johnson\r\n  ,  ,\r\n"
    rows = read_rows(replace(PEOPLE, line_breaks=True), text)
    # The headings are line 1; a quoted value over two lines moves the next row down one.
    assert [(row.line, row["trn"]) for row in rows] == [(2, "1"), (5, "2"), (7, "3")]
    assert rows[1]["first_name"] == "Grace\nBrewster"


def test_cells_are_trimmed_and_a_short_row_reads_as_empty_cells():
    rows = read_rows(PEOPLE, HEADER + " 1234567 , Ada \r\n")
    assert (rows[0]["trn"], rows[0]["first_name"], rows[0]["last_name"]) == ("1234567", "Ada", "")


def test_a_value_in_a_column_without_a_heading_is_flagged():
    rows = read_rows(PEOPLE, "trn,first_name,,last_name\r\n1,Ada,,Lovelace,\r\n2,Grace,x,Hopper\r\n3,Kath,,Johnson,surprise\r\n")
    assert [row.stray_cells for row in rows] == [False, True, True]
    assert rows[1]["last_name"] == "Hopper"  # cells still go by their headings


def test_too_many_rows_are_refused_with_the_count():
    with pytest.raises(FileProblem) as problem:
        read_rows(PEOPLE, HEADER + "".join(f"{n},Ada,Lovelace\r\n" for n in range(4)))
    assert str(problem.value) == (
        "The selected file has 4 people. Upload no more than 3 at a time, for example by splitting the file in two"
    )
    assert len(read_rows(PEOPLE, HEADER + "".join(f"{n},Ada,Lovelace\r\n" for n in range(3)))) == 3


def test_a_file_the_csv_module_cannot_parse_is_refused():
    with pytest.raises(FileProblem, match="could not be read as a CSV"):
        read_rows(PEOPLE, HEADER + "1," + "x" * (131072 + 1) + ",y\r\n")


def test_an_unbalanced_quote_is_named_by_its_line_instead_of_swallowing_the_next_rows():
    text = HEADER + '1,"Ada,Lovelace\r\n2,Grace",Hopper\r\n3,Katherine,Johnson\r\n'
    with pytest.raises(FileProblem, match=r'^Line 2 has a quote mark \(\"\) that is not closed'):
        read_rows(PEOPLE, text)
    # Where a value may run over lines, a quote still open at the end of the file is named too.
    with pytest.raises(FileProblem, match=r"^Line 3 has a quote mark"):
        read_rows(replace(PEOPLE, line_breaks=True), HEADER + '1,Ada,Lovelace\r\n2,"Grace,Hopper\r\n3,Kath,Johnson\r\n')
    # A quote inside a value that is not quoted is only a quote; a comma inside a quoted value is a comma.
    rows = read_rows(PEOPLE, HEADER + '1,Ada "the Countess",Lovelace\r\n2,"Hopper, Grace",Brewster\r\n')
    assert (rows[0]["first_name"], rows[1]["first_name"]) == ('Ada "the Countess"', "Hopper, Grace")


def test_a_row_cut_short_names_the_columns_it_has_no_value_for():
    rows = read_rows(PEOPLE, HEADER + "1234567,Ada\r\n7654321,Grace,\r\n")
    assert rows[0].absent == ("last_name",)
    assert rows[0].shape_problem == (
        "This row stops before the last_name column, so it has no value for last_name. "
        "Check that no values are missing and that its columns line up with the headings"
    )
    assert rows[1].absent == () and rows[1].shape_problem is None  # an empty last cell is a value, blank


@pytest.mark.parametrize(
    ("value", "expected"),
    [("01/09/2026", date(2026, 9, 1)), ("1/9/2026", date(2026, 9, 1)), ("01-09-2026", date(2026, 9, 1)),
     ("2026-09-01", date(2026, 9, 1)), (" 2026-09-01 ", date(2026, 9, 1)), ("31/02/2026", None), ("09/01/26", None),
     ("45000", None), ("", None), ("０１/09/2026", None), ("next week", None)],
)
def test_dates_as_uk_spreadsheets_and_iso_write_them(value, expected):
    assert read_date(value) == expected


def test_choices_by_code_or_label_in_any_case_and_spacing():
    choices = (("provider_led", "Provider-led"), ("school_led", "School-led"), ("RequiredToComplete", "Required to complete"))
    assert [read_choice(value, choices) for value in ("provider_led", "Provider-led", "PROVIDER LED", "school-led")] == [
        "provider_led", "provider_led", "provider_led", "school_led"]
    assert read_choice("Required to complete", choices) == read_choice("requiredtocomplete", choices) == "RequiredToComplete"
    assert read_choice("fip", choices) == read_choice("", choices) == ""


@pytest.mark.parametrize("value", ["1.23E+06", "1.23457E+06", "1234567.0", "123456.00", "1,23E+06", "12E5"])
def test_a_number_a_spreadsheet_rewrote_is_recognised(value):
    assert spreadsheet_number(value)


@pytest.mark.parametrize("value", ["1234567", "0012345", "RP12/345", "12 345", "", "E12"])
def test_identifiers_as_typed_are_not_spreadsheet_numbers(value):
    assert not spreadsheet_number(value)


def test_a_decimal_comma_is_read_as_a_point_where_it_cannot_be_a_thousands_separator():
    assert [decimal_point(value) for value in ("0,6", "2,5", " 0,75 ", "0.6", "1,000", "1,234,567", "")] == [
        "0.6", "2.5", "0.75", "0.6", "1,000", "1,234,567", ""]
