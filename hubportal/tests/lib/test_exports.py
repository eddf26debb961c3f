"""Exports never turn a typed value into a formula, keep numbers numbers, and stream their rows."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from hubportal.lib.exports import XLSX_TYPE, csv_bytes, csv_response, neutralise, xlsx_bytes, xlsx_response

DANGEROUS = ["=HYPERLINK(\"http://x\")", "+44 1234", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd",
             # Spaces first, or the full-width forms that Excel folds to = + - @.
             "  =1+1", " @SUM(A1)", "\u3000=1+1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\n=1+1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_value_that_starts_like_a_formula_is_made_text(value):
    assert neutralise(value) == "'" + value


def test_ordinary_values_are_left_alone():
    values = ["Siân O'Neill", "O'Brien = head", "a-b", 7, -2, 1.5, Decimal("-0.5"), date(2026, 9, 1), None]
    assert [neutralise(v) for v in values] == ["Siân O'Neill", "O'Brien = head", "a-b", 7, -2, 1.5, Decimal("-0.5"), date(2026, 9, 1), ""]


def test_csv_cells_are_neutralised_and_excel_reads_utf8():
    content = csv_bytes(["name", "trn"], [[value, "0012345"] for value in DANGEROUS])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == ["'" + value for value in DANGEROUS]
    assert rows[1][1] == "0012345"  # leading zeros kept


def test_xlsx_cells_are_strings_never_formulas_and_numbers_stay_numbers():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(["name", "count"], [[value, -n] for n, value in enumerate(DANGEROUS)])))
    rows = list(workbook.active.iter_rows(min_row=2))
    assert [row[0].data_type for row in rows] == ["s"] * len(DANGEROUS)
    # (XLSX stores a carriage return as a newline; what matters is the apostrophe in front.)
    assert [row[0].value.replace("\n", "\r") for row in rows] == ["'" + value.replace("\n", "\r") for value in DANGEROUS]
    assert [(row[1].value, row[1].data_type) for row in rows][:3] == [(0, "n"), (-1, "n"), (-2, "n")]


def test_a_csv_download_streams_its_rows_as_it_is_read():
    read = []

    def rows():
        for n in range(3):
            read.append(n)
            yield ["=x", n]

    response = csv_response(["A", "B"], rows(), 'odd "name";\r\n.csv')
    assert isinstance(response, StreamingHttpResponse) and read == []
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # The filename cannot break out of its quotes or start a new header.
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''odd%20%22name%22%3B%0D%0A.csv"
    assert response.getvalue().decode("utf-8-sig") == "A,B\r\n'=x,0\r\n'=x,1\r\n'=x,2\r\n"


def test_an_xlsx_download_is_a_file_with_a_safe_name():
    response = xlsx_response(["Name"], iter([["@x"]]), "registrations-Siân.xlsx", title="ECT registrations: 2026/27")
    assert isinstance(response, FileResponse) and response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''registrations-Si%C3%A2n.xlsx"
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.title == "ECT registrations 202627" and sheet["A2"].value == "'@x"
