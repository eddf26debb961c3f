"""Tables out of the portal as CSV or XLSX, safe to open in a spreadsheet: the one exporter.

A cell that begins with =, +, -, @, a tab or a carriage return is a formula to Excel and
LibreOffice, and so is one that begins with spaces before them, or with their full-width forms
(U+FF1D ＝ and friends, which Excel folds to ASCII). Every exported text value goes through
`neutralise`, which prefixes such a value with an apostrophe (as OWASP recommends for CSV
injection), so a name typed as "=HYPERLINK(...)" stays text wherever the file is opened. XLSX cells
are also written as explicit strings, never as formulas. Numbers and dates stay numbers and dates.

Views answer with `csv_response` or `xlsx_response` (the export walk finds export views by that):
each takes the heading row and an iterable of rows, so a generator over a query's `.iterator()`
keeps memory flat. A CSV streams as it is written; an XLSX is written row by row (write-only) to a
temporary file, which is then streamed.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

# What a spreadsheet reads as the start of a formula: ASCII and full-width forms.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# These start a formula (or a DDE payload) even before spaces are trimmed.
CONTROL_STARTS = ("\t", "\r", "\n")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel shows accents correctly in a double-clicked CSV only when it starts with a BOM.
BOM = "\ufeff"

Row = Sequence
_KEPT_AS_THEY_ARE = (int, float, Decimal, date, datetime, time)


def is_formula_like(text: str) -> bool:
    return text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def neutralise(value):
    """The value as a spreadsheet should see it: numbers and dates as they are, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, _KEPT_AS_THEY_ARE) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if is_formula_like(text) else text


class _Line:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Row, rows: Iterable[Row], *, bom: bool = True) -> Iterator[str]:
    """The CSV one line at a time (the first with the BOM, unless `bom` is off), every cell neutralised."""
    writer = csv.writer(_Line())
    yield (BOM if bom else "") + writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def csv_bytes(header: Row, rows: Iterable[Row]) -> bytes:
    """The whole CSV at once, for a file that is stored or attached rather than downloaded."""
    return "".join(csv_lines(header, rows)).encode("utf-8")


def _xlsx_cells(sheet, row: Row) -> list:
    cells = []
    for value in row:
        value = neutralise(value)
        if isinstance(value, str):
            # Explicitly a string: openpyxl would otherwise make any "=..." value a formula.
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = TYPE_STRING
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def write_xlsx(file, header: Row, rows: Iterable[Row], *, title: str = "Export") -> None:
    """Write the workbook into `file` row by row (openpyxl's write-only mode keeps no rows in memory)."""
    workbook = Workbook(write_only=True)
    # A sheet title may not hold []:*?/\ and is at most 31 characters.
    sheet = workbook.create_sheet(title="".join(c for c in title if c not in "[]:*?/\\")[:31] or "Export")
    sheet.append(_xlsx_cells(sheet, header))
    for row in rows:
        sheet.append(_xlsx_cells(sheet, row))
    workbook.save(file)


def xlsx_bytes(header: Row, rows: Iterable[Row], *, title: str = "Export") -> bytes:
    with tempfile.TemporaryFile() as file:
        write_xlsx(file, header, rows, title=title)
        file.seek(0)
        return file.read()


def csv_response(header: Row, rows: Iterable[Row], filename: str, *, bom: bool = True) -> StreamingHttpResponse:
    """A CSV download, streamed as the rows come. `bom=False` for a file another service's importer reads
    (RIAB's bulk upload matches its first heading exactly), not a person's spreadsheet."""
    response = StreamingHttpResponse((line.encode("utf-8") for line in csv_lines(header, rows, bom=bom)), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(header: Row, rows: Iterable[Row], filename: str, *, title: str = "Export") -> FileResponse:
    """An XLSX download: written to a temporary file, then streamed from it (the response closes it)."""
    file = tempfile.TemporaryFile()
    write_xlsx(file, header, rows, title=title)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
