"""Tables out of the portal as CSV or XLSX, safe to open in a spreadsheet.

A cell that begins with =, +, -, @ (or a tab or carriage return) is a formula to
Excel and LibreOffice. Every exported text value goes through `neutralise`, which
prefixes such a value with an apostrophe, so a name typed as "=HYPERLINK(...)"
stays text wherever the file is opened. XLSX cells are also written as explicit
strings, never as formulas.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """The value as a spreadsheet should see it: numbers and dates as they are, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, date, datetime)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    # UTF-8 with a BOM so that Excel shows accents correctly when the file is double-clicked.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, title: str = "Export") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in [header, *rows]:
        cells = []
        for value in row:
            value = neutralise(value)
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = TYPE_STRING
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str) -> HttpResponse:
    content_type = XLSX_TYPE if filename.endswith(".xlsx") else "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
