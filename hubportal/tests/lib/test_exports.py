"""Exports never turn a typed value into a formula."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from hubportal.lib.exports import csv_bytes, neutralise, xlsx_bytes

DANGEROUS = ["=HYPERLINK(\"http://x\")", "+44 1234", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_value_that_starts_like_a_formula_is_made_text(value):
    assert neutralise(value) == "'" + value


def test_ordinary_values_are_left_alone():
    assert [neutralise(v) for v in ["Siân O'Neill", 7, date(2026, 9, 1), None]] == ["Siân O'Neill", 7, date(2026, 9, 1), ""]


def test_csv_cells_are_neutralised_and_excel_reads_utf8():
    content = csv_bytes(["name", "trn"], [[value, "0012345"] for value in DANGEROUS])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["'" + value for value in DANGEROUS]
    assert rows[1][1] == "0012345"  # leading zeros kept


def test_xlsx_cells_are_strings_never_formulas():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(["name"], [[value] for value in DANGEROUS])))
    cells = [row[0] for row in workbook.active.iter_rows(min_row=2)]
    assert [cell.data_type for cell in cells] == ["s"] * len(DANGEROUS)
    # (XLSX stores a carriage return as a newline; what matters is the apostrophe in front.)
    assert [cell.value.replace("\n", "\r") for cell in cells] == ["'" + value for value in DANGEROUS]
