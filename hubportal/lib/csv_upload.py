"""The one CSV reader and the one upload lifecycle, for every importer (STYLE rule 21).

Reading: each importer describes its file once, as a `CsvFormat`. `read_upload` checks the file
as a whole (extension, size, encoding, headings, number of rows) and gives its decoded text and
its rows, or raises `FileProblem` with one message for the file field: when the file as a whole
is wrong, no row of it can be trusted. The importer then checks each row's cells in its own words.

The lifecycle: every importer keeps its file in a `CsvUpload` (the same fields for all of them),
with its own statuses. `start` keeps the read file and works on it, in the request when it is
small and in a worker when it is large; `fail` says that the work stopped, rather than leave a
progress bar running for ever; `purge` forgets the file and the names in its per-row report after
the DP-002 cut-off.

This module imports no app: importers pass in their models and their work.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import ClassVar, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from hubportal.lib.queue import queue_on_commit

SAVE_AS_CSV = 'In Excel, choose File, Save As, and pick "CSV UTF-8 (Comma delimited) (*.csv)".'
# The broker could not be reached, so no worker will take the file: say so rather than show progress for ever.
NOT_STARTED = "We could not start work on the file just now. Upload it again in a few minutes."
STRAY_CELLS = "This row has a value in a column without a heading. Check that its columns line up with the headings"
# What to do about a number a spreadsheet rewrote: the digits it dropped cannot be worked out again.
KEEP_AS_TEXT = (
    "Type it again in full and keep the column as text, so the spreadsheet leaves it alone: select the column, "
    "choose Format Cells, then Text (or type an apostrophe before the number)"
)
# The dates a school's spreadsheet writes: UK Excel's dd/mm/yyyy, GIAS's dd-mm-yyyy, and ISO's yyyy-mm-dd.
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")
DATE_HINT = "DD/MM/YYYY, like 01/09/2026"
# The separators a spreadsheet saves "CSV" with: commas; semicolons where a comma is the decimal point; tabs.
DELIMITERS = (",", ";", "\t")

# DP-002: transient CSV data goes within 24 hours; the purge runs hourly, so a 23-hour cut-off keeps inside that.
KEEP_FOR = timedelta(hours=23)

# What Excel writes first in a workbook (.xlsx is a zip, .xls an OLE file): renamed to .csv, still not one.
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
# Excel's "Unicode Text" and some exports start with one of these; UTF-32's marks begin with them too.
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A letter such as é saved as UTF-8: a lead byte then continuation bytes. Windows-1252 text almost never
# holds these pairs (they read as "Ã©"), so finding one in a file that is not all UTF-8 means a mixed file.
_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# A number as a spreadsheet shows it: 1.23E+06 (scientific) or 1234567.0 (a decimal part).
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+")
_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")


class FileProblem(ValueError):
    """The file as a whole cannot be used; the message is for the file field."""


def heading_key(heading: str) -> str:
    """'First name', 'first-name', ' FIRST_NAME ' and 'LA (code)' ~ 'la code': case, spacing and punctuation aside."""
    return re.sub(r"[^0-9a-z]+", "_", heading.replace("\ufeff", "").casefold()).strip("_")


@dataclass(frozen=True)
class CsvFormat:
    """One importer's file: its headings, its limits, and its words for the messages that differ."""

    headings: tuple[str, ...]
    max_bytes: int
    max_rows: int
    # "The selected file has no ECTs in it. Add one row for each ECT under the headings"
    no_rows: str
    # What the row limit counts: "The selected file has 1,001 ECTs".
    rows_word: str = "rows"
    # Begins the message for wrong headings, which then says what is missing, not expected or repeated.
    headings_intro: str = "The selected file must have the headings from the template"
    # Other names a spreadsheet may give a heading ("Date of birth" for date_of_birth is found without one).
    aliases: Mapping[str, str] = field(default_factory=dict)
    # Columns under other headings are ignored rather than refused.
    other_columns: bool = False
    # A value may run over more than one line (an address); elsewhere that means a quote mark left open.
    line_breaks: bool = False

    def key(self, heading: str) -> str:
        return heading_key(heading)

    def heading_for(self) -> dict[str, str]:
        """Each way of writing a heading, by its key, to the heading the importer uses."""
        found = {heading_key(alias): heading for alias, heading in self.aliases.items()}
        found.update({heading_key(heading): heading for heading in self.headings})
        return found


@dataclass(frozen=True)
class CsvRow:
    """One data row: its line in the file (the headings are line 1) and its cells by heading, trimmed."""

    line: int
    cells: dict[str, str]
    # A value sat in a column without a heading: the columns may not line up.
    stray_cells: bool = False
    # The headings this row stops short of: it has fewer values than the file has headings.
    absent: tuple[str, ...] = ()
    # The line the row ends on (a quoted value may run over lines).
    last_line: int = 0

    def __getitem__(self, heading: str) -> str:
        return self.cells.get(heading, "")

    @property
    def shape_problem(self) -> str | None:
        """What is wrong with the row's shape, or None: a row that stops short, or values outside the headings."""
        if self.absent:
            return (
                f"This row stops before the {self.absent[0]} column, so it has no value for {', '.join(self.absent)}. "
                "Check that no values are missing and that its columns line up with the headings"
            )
        return STRAY_CELLS if self.stray_cells else None


# --- Cells as spreadsheets write them --------------------------------------------------------


def spreadsheet_number(value: str) -> bool:
    """1.23E+06 or 1234567.0: a number a spreadsheet rewrote, never an identifier (its digits may be lost)."""
    value = (value or "").strip()
    return bool(_SCIENTIFIC.fullmatch(value) or _DECIMAL.fullmatch(value))


def changed_by_spreadsheet(value: str, what: str) -> str:
    """The message for an identifier a spreadsheet rewrote as a number."""
    return f"The {what} {value.strip()} was changed by the spreadsheet into a number, which loses digits. {KEEP_AS_TEXT}"


def decimal_point(value: str) -> str:
    """0,6 as 0.6: where Excel saves with semicolons, a comma is the decimal point. Only for small
    fractional amounts (FTE, terms), where 2,5 cannot mean two thousand five hundred."""
    value = (value or "").strip()
    return value.replace(",", ".") if re.fullmatch(r"[0-9]{1,2},[0-9]{1,2}", value) else value


def read_date(value: str) -> date | None:
    """A calendar date written as DD/MM/YYYY, DD-MM-YYYY or YYYY-MM-DD, or None."""
    value = (value or "").strip()
    # strptime takes Unicode digits and spaces around; a date here is ASCII digits only.
    if not re.fullmatch(r"[0-9]{1,4}[/-][0-9]{1,2}[/-][0-9]{1,4}", value):
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a calendar date, not a moment)
        except ValueError:
            continue
    return None


def read_choice(value: str, choices: Iterable[tuple[str, str]]) -> str:
    """A choice written as its code or its label, in any case, with spaces or hyphens for underscores; or ""."""
    wanted = heading_key(value)
    if not wanted:
        return ""
    for code, label in choices:
        if wanted in (heading_key(code), heading_key(label)):
            return code
    return ""


# --- The file as a whole ---------------------------------------------------------------------


def _size(limit: int) -> str:
    megabytes, kilobytes = divmod(limit, 1024 * 1024)
    return f"{megabytes} MB" if not kilobytes else f"{limit // 1024} KB"


def check_file(spec: CsvFormat, filename: str, size: int) -> None:
    """What can be told before the file is read: its name and its size."""
    if not filename.lower().endswith(".csv"):
        raise FileProblem(f"The selected file must be a CSV. {SAVE_AS_CSV}")
    if size == 0:
        raise FileProblem("The selected file is empty")
    if size > spec.max_bytes:
        raise FileProblem(f"The selected file must be smaller than {_size(spec.max_bytes)}")


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without its byte order mark: in text that is mostly ASCII, every other byte is NUL."""
    sample = data[:400]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) > len(odd) / 2 and not even.count(0)) or (even.count(0) > len(even) / 2 and not odd.count(0))


def _lines_saved_as(data: bytes) -> tuple[list[int], list[int]]:
    """The lines holding letters saved as UTF-8, and those holding bytes that can only be Windows-1252."""
    utf8, windows = [], []
    for number, line in enumerate(data.splitlines(), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            windows.append(number)
            continue
        if _UTF8_LETTER.search(line):
            utf8.append(number)
    return utf8, windows


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:5])
    return f"line {shown}" if len(numbers) == 1 else f"lines {shown}" + (" and more" if len(numbers) > 5 else "")


def decode(data: bytes) -> str:
    """UTF-8, with or without the byte order mark Excel writes, or Windows-1252 (older Excel's "CSV").

    A file mixing the two (rows pasted from different files) is refused with the lines of each: read
    either way, some names would come out garbled, and we never save a garbled name. A file that is
    neither is refused with what the spreadsheet did, so the person knows what to change.
    """
    if data.startswith(WORKBOOK_SIGNATURES):
        raise FileProblem(f"The selected file must be a CSV, not an Excel workbook. {SAVE_AS_CSV}")
    if data.startswith(UTF16_BOMS) or _looks_like_utf16(data):
        raise FileProblem(
            "The selected file must be saved as CSV UTF-8. It was saved as Unicode text (UTF-16), "
            f"which we cannot read. {SAVE_AS_CSV}"
        )
    if b"\x00" in data:
        # Text never holds NUL bytes; a spreadsheet or other binary file renamed to .csv does.
        raise FileProblem(f"The selected file must be a CSV. {SAVE_AS_CSV}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    utf8, windows = _lines_saved_as(data)
    if utf8 or data.startswith(codecs.BOM_UTF8):
        raise FileProblem(
            "The selected file mixes two ways of saving letters and symbols such as é and ’: "
            f"{_lines(utf8 or [1])} as CSV UTF-8, {_lines(windows)} as older Excel's \"CSV (Comma delimited)\". "
            f"We cannot read both without garbling names. Copy the rows into one sheet and save it again. {SAVE_AS_CSV}"
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            "The selected file must be saved as CSV UTF-8. Its letters and symbols are saved in a way "
            f"we cannot read. {SAVE_AS_CSV}"
        ) from None


def _delimiter(spec: CsvFormat, text: str) -> str:
    """The separator that splits the headings line into the most headings the importer knows (commas if none)."""
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    known = spec.heading_for()

    def headings_found(delimiter: str) -> int:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return len({known[key] for cell in cells if (key := heading_key(cell)) in known})

    return max(DELIMITERS, key=headings_found)  # max keeps the first of equals: commas


def _columns(spec: CsvFormat, header: list[str]) -> list[str | None]:
    """Each column's heading as the importer names it: "" for none, None for a heading the importer ignores."""
    typed = [cell.strip() for cell in header]
    expected = spec.heading_for()
    columns: list[str | None] = []
    unexpected: list[str] = []
    for cell in typed:
        heading = expected.get(heading_key(cell)) if cell else ""
        if heading is None and not spec.other_columns:
            unexpected.append(cell)
            heading = ""
        columns.append(heading)
    missing = [heading for heading in spec.headings if heading not in columns]
    repeated = [heading for heading in spec.headings if columns.count(heading) > 1]
    found = []
    if missing:
        found.append(f"missing: {', '.join(missing)}")
    if unexpected:
        found.append(f"not expected: {', '.join(dict.fromkeys(unexpected))}")
    if repeated:
        # Which of two columns to believe would be a guess.
        found.append(f"more than once: {', '.join(repeated)}")
    if found:
        raise FileProblem(f"{spec.headings_intro} ({'; '.join(found)}). The first line must be: {','.join(spec.headings)}")
    return columns


def _open_quote(line: int) -> FileProblem:
    return FileProblem(
        f'Line {line} has a quote mark (") that is not closed, so the rows after it cannot be read. '
        'Remove the quote mark, or put the whole value in quotes and write a quote inside it as two ("")'
    )


def _ends_inside_quotes(text: str, delimiter: str) -> bool:
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def read_rows(spec: CsvFormat, text: str) -> list[CsvRow]:
    """The data rows with their line numbers; blank rows (Excel leaves some at the end) are skipped."""
    if not text.strip():
        raise FileProblem("The selected file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(spec, text))
    try:
        columns = _columns(spec, next(reader))
        rows: list[CsvRow] = []
        previous_end = reader.line_num
        for cells in reader:
            # A quoted value may span lines: a row starts on the line after the previous one ended.
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if not spec.line_breaks and any("\n" in cell or "\r" in cell for cell in cells):
                # No value of this file runs over lines: a quote mark left open swallowed the next row.
                raise _open_quote(line)
            by_heading: dict[str, str] = {}
            stray = False
            for position, cell in enumerate(cells):
                heading = columns[position] if position < len(columns) else ""
                if heading:
                    by_heading[heading] = cell.strip()
                elif heading == "" and cell.strip():
                    stray = True
            absent = tuple(heading for heading in columns[len(cells):] if heading and heading not in by_heading)
            rows.append(CsvRow(line=line, cells=by_heading, stray_cells=stray, absent=absent, last_line=previous_end))
    except csv.Error:
        raise FileProblem(f"The selected file could not be read as a CSV. {SAVE_AS_CSV}") from None
    if spec.line_breaks and rows and rows[-1].last_line > rows[-1].line and _ends_inside_quotes(text, reader.dialect.delimiter):
        # The last row ran to the end of the file inside a quote that was never closed.
        raise _open_quote(rows[-1].line)
    if not rows:
        raise FileProblem(spec.no_rows)
    if len(rows) > spec.max_rows:
        raise FileProblem(
            f"The selected file has {len(rows):,} {spec.rows_word}. Upload no more than {spec.max_rows:,} at a time, "
            "for example by splitting the file in two"
        )
    return rows


def read_upload(spec: CsvFormat, filename: str, size: int, data: bytes) -> tuple[str, list[CsvRow]]:
    """The decoded text (what an upload keeps) and its rows, or FileProblem with the one message for the file field."""
    check_file(spec, filename, size)
    text = decode(data)
    return text, read_rows(spec, text)


def read_uploaded_file(spec: CsvFormat, uploaded) -> tuple[str, list[CsvRow]]:
    """`read_upload` for a file a form received; nothing over the size limit is read into memory."""
    data = b"" if uploaded.size > spec.max_bytes else uploaded.read()
    return read_upload(spec, uploaded.name, uploaded.size, data)


# --- The upload lifecycle --------------------------------------------------------------------


class CsvUpload(models.Model):
    """A read CSV kept while it is worked on, and what came of each row; the same shape for every importer.

    Each upload model gives its own `status` choices and says which of them the lifecycle acts on.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=12)
    # The decoded file, kept only until the purge (DP-002: transient data goes within 24 hours).
    contents = models.TextField(blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # The per-row report, in file order: [{"line": 3, "name": "Ada Lovelace", ..., "message": "..."}].
    # The purge blanks each "name" and keeps the rest.
    results = models.JSONField(default=list, blank=True)
    # A whole-file problem, or why the work stopped.
    file_error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    # While in one of these, a worker (or the request) is working on the upload: `fail` stops it there.
    WORKING: ClassVar[tuple[str, ...]] = ()
    # Not finished: an upload still in one of these at the purge has expired.
    UNFINISHED: ClassVar[tuple[str, ...]] = ()
    FAILED: ClassVar[str] = "failed"

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def progress_percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


Upload = TypeVar("Upload", bound=CsvUpload)
T = TypeVar("T")


def keep(upload: Upload) -> Upload:
    """Save a new upload (unsaved, with its file read) as received."""
    upload.filename = upload.filename[:255]
    upload.save()
    return upload


def run(upload: CsvUpload, work: Callable[[int], T], *, failed_message: str) -> T:
    """Work on the upload here and now. On an error the upload fails with `failed_message` (unless the work
    already moved it on, with a message of its own) and the error goes on up."""
    try:
        return work(upload.pk)
    except Exception:
        fail(type(upload), upload.pk, failed_message)
        raise


def start(
    upload: Upload,
    *,
    work: Callable[[int], object],
    failed_message: str,
    task: str | None = None,
    inline_rows: int = 0,
) -> Upload:
    """Keep the upload and work on it: in this request, or, past `inline_rows` rows, in a worker.

    `work(upload_id)` runs in the request; `task` names the worker's task, which takes the upload's id
    and is queued once the upload is committed (or the worker may not find it).
    """
    in_worker = task is not None and upload.rows_total > inline_rows
    with transaction.atomic():
        keep(upload)
        if in_worker:
            queue_on_commit(task, upload.pk, if_not_handed_over=partial(fail, type(upload), upload.pk, NOT_STARTED))
    if not in_worker:
        run(upload, work, failed_message=failed_message)
    upload.refresh_from_db()
    return upload


def finish(model: type[CsvUpload], upload_id: int, from_status: str, **values) -> bool:
    """Move the upload on from `from_status`, unless someone else already has (a double click, a redelivered task)."""
    return bool(model.objects.filter(pk=upload_id, status=from_status).update(finished_at=timezone.now(), **values))


def fail(model: type[CsvUpload], upload_id: int, message: str) -> bool:
    """The work stopped on an unexpected error: say so, rather than leave a progress bar running for ever."""
    return bool(
        model.objects.filter(pk=upload_id, status__in=model.WORKING).update(
            status=model.FAILED, file_error=message, finished_at=timezone.now()
        )
    )


def purge(model: type[CsvUpload], *, expired_message: str, now: datetime | None = None) -> int:
    """DP-002: forget the file and the names in its report once an upload finished KEEP_FOR ago.

    One still unfinished by then has expired: it fails with `expired_message` and is worked on no more.
    """
    now = now or timezone.now()
    stale = model.objects.annotate(done=Coalesce("finished_at", "created_at")).filter(
        done__lt=now - KEEP_FOR, purged_at__isnull=True
    )
    purged = 0
    with transaction.atomic():
        # An upload being worked on right now is locked by its worker: leave it to the next run.
        for upload in stale.select_for_update(skip_locked=True):
            upload.contents, upload.purged_at = "", now
            upload.results = [{**entry, "name": ""} for entry in upload.results]
            fields = ["contents", "results", "purged_at"]
            if upload.status in model.UNFINISHED:
                upload.status, upload.file_error = model.FAILED, expired_message
                upload.finished_at = upload.finished_at or now
                fields += ["status", "file_error", "finished_at"]
            upload.save(update_fields=fields)
            purged += 1
    return purged
