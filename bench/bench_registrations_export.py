"""registrations_export: the hub's ECT registrations as CSV and as XLSX, every row, at BENCH_SCALE hubs' size.

Hub staff (with TOTP, through the MFA gate) download `participants:registration_export_csv` and
`participants:registration_export_xlsx` unfiltered: every registration (5,000 at 5x, 87,000 at 87x;
bench/seed_ects.py), each with its status, ECTE cohort, mentor and AB claim. A response is consumed
whole, chunk by chunk, into a temporary file (so the reader holds no more than a chunk), as a client
would download it. For each format:

- after a small filtered download (a few hundred rows, so imports and templates are loaded), the
  first full request (untimed) measures the process's resident memory: its high-water mark is reset
  (/proc/self/clear_refs) before the request, and VmHWM after it less VmRSS before it is the growth
  (first, as Python keeps the memory it took: a later download would find it already there; the
  XLSX's is read after the CSV's, so it shows only what the XLSX needs beyond it);
- the second (untimed) counts the queries and measures the peak of Python's allocations while
  the response is made and consumed (tracemalloc, started just before the request); then the file
  is read and its rows counted: as many as the database has registrations, or the benchmark fails;
- then up to 5 timed downloads (fewer if they take more than a minute in all): the median.
"""

from __future__ import annotations

import csv
import io
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from urllib.parse import urlencode

from benchlib import BenchError, Result, median, proc_status_kb, signed_in_client
from scale import SCALE

NAME = "registrations_export"
DESCRIPTION = f"Download every ECT registration as CSV and XLSX as hub staff at {SCALE}x a hub: median ms, peak memory, rows"

TIMED = 5
BUDGET_S = 60
MIB = 1024 * 1024
# A few hundred rows at 5x (those of page_hub_registrations_filtered): the export's code loaded, its heap not grown.
WARM_UP_FILTER = {"local_authority": "Gloucestershire", "status": "pending_ab", "q": "Zara"}


def download(client, url: str, into) -> int:
    """GET `url` and write the whole response into the file `into`, chunk by chunk; its size in bytes."""
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}, not 200 ({response.get('Location', '')})")
    size = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        into.write(chunk)
        size += len(chunk)
    response.close()
    return size


def csv_rows(file) -> int:
    file.seek(0)
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    if next(reader, [None])[0] != "Teacher":
        raise BenchError("the CSV does not start with its heading row")
    rows = sum(1 for _ in reader)
    text.detach()
    return rows


def xlsx_rows(file) -> int:
    """Rows of the first sheet below the heading, counted in its XML as it is unzipped."""
    file.seek(0)
    with zipfile.ZipFile(file) as workbook:
        sheet = next(name for name in workbook.namelist() if name.startswith("xl/worksheets/"))
        rows, tail = 0, b""
        with workbook.open(sheet) as xml:
            while chunk := xml.read(1 << 20):
                rows += (tail + chunk).count(b"<row ")
                tail = chunk[-4:]
    return rows - 1


def run() -> Iterator[Result]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from seed_ects import hub_staff, seed

    from participants import access

    seed()
    user = hub_staff()
    client = signed_in_client(user)
    expected = access.ect_periods_for(user).count()
    for label, route, count_rows in (("csv", "registration_export_csv", csv_rows), ("xlsx", "registration_export_xlsx", xlsx_rows)):
        name, url = f"{NAME}_{label}", reverse(f"participants:{route}")

        # First, while the process has not yet grown its heap for this format (Python keeps what it took),
        # after a small filtered download has loaded the code and templates the export uses.
        with tempfile.TemporaryFile() as file:
            download(client, f"{url}?{urlencode(WARM_UP_FILTER)}", file)
        with tempfile.TemporaryFile() as file:
            before = proc_status_kb_self("VmRSS")
            with open("/proc/self/clear_refs", "w") as clear:
                clear.write("5")  # resets VmHWM to the current VmRSS
            download(client, url, file)
            rss_growth = proc_status_kb_self("VmHWM") - before

        with tempfile.TemporaryFile() as file, CaptureQueriesContext(connection) as captured:
            tracemalloc.start()
            size = download(client, url, file)
            _, peak_python = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rows = count_rows(file)
        queries = len(captured)  # now: the log is emptied as the next request starts
        if rows != expected:
            raise BenchError(f"the {label.upper()} holds {rows} registrations; the database has {expected}")

        timings = []
        began = time.monotonic()
        while len(timings) < TIMED and (len(timings) < 3 or time.monotonic() - began < BUDGET_S):
            with tempfile.TemporaryFile() as file:
                start = time.perf_counter_ns()
                download(client, url, file)
                timings.append((time.perf_counter_ns() - start) / 1e6)

        yield Result(name, median(timings), "ms",
                     f"{rows} rows, {size / MIB:.1f} MiB; median of {len(timings)} ({', '.join(f'{t:.0f}' for t in timings)})")
        yield Result(f"{name}_peak_python", peak_python / MIB, "MiB", "tracemalloc peak while the response is made and consumed")
        yield Result(f"{name}_rss_growth", rss_growth / 1024, "MiB", "VmHWM after the download less VmRSS before it")
        yield Result(f"{name}_rows", rows, "rows", f"the database has {expected} registrations")
        yield Result(f"{name}_queries", queries, "queries", "one download")


def proc_status_kb_self(field: str) -> int:
    import os

    value = proc_status_kb(os.getpid(), field)
    if value is None:
        raise BenchError(f"/proc/self/status has no {field}")
    return value
