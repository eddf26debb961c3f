"""gias_import_full: the GIAS establishment extract as DfE publishes it, at half of England's size.

A 25,000-row extract with all 140 headings, Windows-1252, dd-MM-yyyy dates (built by the tests' own
generator, participants/tests/schools/gias_extract.py), written to a temporary file and imported
through `import_gias_file` as `import_gias` and the daily job do: read and check every row, then
write them in bulk in one transaction. Then the same file again, which must change nothing.
The schools have URNs 700000-724999, a range of their own, deleted before and after.

Then the links file beside it: 25,000 links (each school's "Successor" or "Predecessor" row), a tenth
of the schools closed into the next one; 20 of the closed schools still hold 10 open ECT periods
each, which move (`import_links_file`, as `import_gias --links` and the daily job do). That part
runs inside a transaction that is rolled back, as bench_retention_nightly does.
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
CLOSED_EVERY = 10
HOLDING_SCHOOLS, ECTS_EACH = 20, 10


def _clean() -> None:
    from participants.models import School

    School.objects.filter(urn__gte=FIRST_URN, urn__lt=FIRST_URN + ROWS).delete()


def _closed(n: int) -> bool:
    return n % CLOSED_EVERY == 0 and n + 1 < ROWS


def _links_run(folder: Path) -> tuple[float, int, int]:
    """The links file imported inside a transaction that is rolled back: wall time, schools moved, ECT periods moved."""
    from datetime import date

    from django.db import transaction

    from participants.models import ECTAtSchoolPeriod, School, Teacher
    from participants.tests.schools.gias_extract import write_links
    from registration.school_merges.imports import import_links_file

    links = []
    for n in range(0, ROWS - 1, 2):
        if _closed(n):
            links += [(FIRST_URN + n, FIRST_URN + n + 1, "Academy", "Successor", "01-09-2026"),
                      (FIRST_URN + n + 1, FIRST_URN + n, "Closed", "Predecessor", "01-09-2026")]
        else:
            links += [(FIRST_URN + n, FIRST_URN + n + 1, "Sixth form", "Sixth Form Centre Link", ""),
                      (FIRST_URN + n + 1, FIRST_URN + n, "School", "Sixth Form Centre School", "")]
    path = write_links(folder / "links_edubasealldata20260901.csv", links)
    with transaction.atomic():
        holding = list(School.objects.filter(urn__in=[FIRST_URN + n for n in range(0, ROWS, CLOSED_EVERY)][:HOLDING_SCHOOLS]))
        teachers = Teacher.objects.bulk_create([Teacher(trn=f"79{k:05d}", first_name="Moved", last_name=f"Teacher{k}",
                                                        email=f"moved{k}@bench.example")
                                                for k in range(HOLDING_SCHOOLS * ECTS_EACH)])
        ECTAtSchoolPeriod.objects.bulk_create([
            ECTAtSchoolPeriod(teacher=teacher, school=holding[k // ECTS_EACH], started_on=date(2025, 9, 1),
                              working_pattern="full_time", training_programme="school_led")
            for k, teacher in enumerate(teachers)
        ])
        started = time.perf_counter()
        report = import_links_file(path, today=date(2026, 9, 2))
        wall = time.perf_counter() - started
        transaction.set_rollback(True)
    return wall, len(report.merges), sum(merge.counts["ects"] for merge in report.merges)


def run() -> Iterator[Result]:
    from participants.schools.gias import import_gias_file
    from participants.tests.schools.gias_extract import extract_row, write_extract

    _clean()
    with tempfile.TemporaryDirectory() as folder:
        path = write_extract(Path(folder) / "edubasealldata20260901.csv", [
            extract_row(FIRST_URN + n, n, **({"status": "Closed", "close_date": "31-08-2026"} if _closed(n) else {}))
            for n in range(ROWS)
        ])
        size_mb = path.stat().st_size / 1024 / 1024
        try:
            started = time.perf_counter()
            first = import_gias_file(path)
            first_wall = time.perf_counter() - started
            started = time.perf_counter()
            second = import_gias_file(path)
            second_wall = time.perf_counter() - started
            links_wall, schools_moved, periods_moved = _links_run(Path(folder))
        finally:
            _clean()
    if first.created != ROWS or first.skipped:
        raise BenchError(f"first run: {first.summary()}")
    if second.unchanged != ROWS:
        raise BenchError(f"second run: {second.summary()}")
    yield Result(NAME, first_wall, "s", f"{ROWS:,} rows, 140 columns, {size_mb:.1f} MB cp1252; target < 30 s")
    yield Result(f"{NAME}_again", second_wall, "s", "the same file: every school unchanged")
    yield Result(f"{NAME}_again_changed", second.created + second.updated, "rows", "must be 0")
    if (schools_moved, periods_moved) != (HOLDING_SCHOOLS, HOLDING_SCHOOLS * ECTS_EACH):
        raise BenchError(f"links: {schools_moved} schools and {periods_moved} periods moved")
    yield Result(f"{NAME}_links", links_wall, "s",
                 f"{ROWS:,} links, {ROWS // CLOSED_EVERY:,} closed schools, {periods_moved} ECT periods moved from {schools_moved}")
