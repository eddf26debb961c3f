"""gias_import_full: the GIAS establishment extract as DfE publishes it, at half of England's size.

A 25,000-row extract with all 140 headings, Windows-1252, dd-MM-yyyy dates (built by the tests' own
generator, participants/tests/schools/gias_extract.py), written to a temporary file and imported
through `import_gias_file` as `import_gias` and the daily job do: read and check every row, then
write them in bulk in one transaction. Then the same file again, which must change nothing.
The schools have URNs 700000-724999, a range of their own, deleted before and after.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchlib import BenchError, Result

NAME = "gias_import_full"
DESCRIPTION = "A 25,000-row full-width GIAS extract imported, then imported again (target < 30 s; second run changes 0)"

ROWS = 25_000
FIRST_URN = 700_000


def _clean() -> None:
    from participants.models import School

    School.objects.filter(urn__gte=FIRST_URN, urn__lt=FIRST_URN + ROWS).delete()


def run() -> Iterator[Result]:
    from participants.schools.gias import import_gias_file
    from participants.tests.schools.gias_extract import extract_row, write_extract

    _clean()
    with tempfile.TemporaryDirectory() as folder:
        path = write_extract(Path(folder) / "edubasealldata20260901.csv",
                             [extract_row(FIRST_URN + n, n) for n in range(ROWS)])
        size_mb = path.stat().st_size / 1024 / 1024
        try:
            started = time.perf_counter()
            first = import_gias_file(path)
            first_wall = time.perf_counter() - started
            started = time.perf_counter()
            second = import_gias_file(path)
            second_wall = time.perf_counter() - started
        finally:
            _clean()
    if first.created != ROWS or first.skipped:
        raise BenchError(f"first run: {first.summary()}")
    if second.unchanged != ROWS:
        raise BenchError(f"second run: {second.summary()}")
    yield Result(NAME, first_wall, "s", f"{ROWS:,} rows, 140 columns, {size_mb:.1f} MB cp1252; target < 30 s")
    yield Result(f"{NAME}_again", second_wall, "s", "the same file: every school unchanged")
    yield Result(f"{NAME}_again_changed", second.created + second.updated, "rows", "must be 0")
