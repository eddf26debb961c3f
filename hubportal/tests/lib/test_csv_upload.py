"""The one CSV reader: what Excel and other spreadsheets really save, and every whole-file refusal."""

import codecs
from dataclasses import replace

import pytest

from hubportal.lib.csv_upload import (
    SAVE_AS_CSV,
    CsvFormat,
    FileProblem,
    check_file,
    decode,
    read_rows,
    read_upload,
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


def test_windows_1252_is_read_where_the_importer_takes_it():
    data = (HEADER + "1234567,Renée,Price £5 ’quoted’\r\n").encode("cp1252")
    spec = replace(PEOPLE, windows_1252=True)
    _, rows = read_upload(spec, "people.csv", len(data), data)
    assert (rows[0]["first_name"], rows[0]["last_name"]) == ("Renée", "Price £5 ’quoted’")


def test_windows_1252_is_refused_elsewhere_saying_what_excel_did():
    message = refused(PEOPLE, (HEADER + "1234567,Renée,Price\r\n").encode("cp1252"))
    assert message.startswith("The selected file must be saved as CSV UTF-8. It was saved as \"CSV (Comma delimited)\"")
    assert message.endswith(SAVE_AS_CSV)


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused():
    # 0x81 and 0x8d mean nothing in Windows-1252.
    with pytest.raises(FileProblem, match="must be saved as CSV UTF-8. Its letters and symbols are saved in a way we cannot read"):
        decode(b"trn\r\n\x81\x8d\r\n", windows_1252=True)


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


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_with_another_separator_is_named(separator, word):
    with pytest.raises(FileProblem) as problem:
        read_rows(PEOPLE, separator.join(PEOPLE.headings) + "\r\n1234567;Ada;Lovelace\r\n")
    assert str(problem.value) == f"The selected file must have commas between its columns, not {word}. {SAVE_AS_CSV}"


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


def test_loose_headings_and_other_columns_where_the_importer_allows_them():
    spec = replace(PEOPLE, loose_headings=True, other_columns=True)
    rows = read_rows(spec, "TRN,First name,last-name,Notes\r\n1234567,Ada,Lovelace,keep\r\n")
    assert rows[0].cells == {"trn": "1234567", "first_name": "Ada", "last_name": "Lovelace"}
    assert not rows[0].stray_cells
    with pytest.raises(FileProblem, match="not expected: First name"):
        read_rows(PEOPLE, "TRN,First name,last_name\r\n1,2,3\r\n")


# --- Rows ------------------------------------------------------------------------------------


def test_rows_keep_the_files_line_numbers_and_blank_rows_are_skipped():
    text = HEADER + "1,Ada,Lovelace\r\n,,\r\n\r\n2,\"Grace\nBrewster\",Hopper\r\n3,Katherine,Johnson\r\n  ,  ,\r\n"
    rows = read_rows(PEOPLE, text)
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
