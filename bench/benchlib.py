"""What the benchmarks share: the result type, timing and the few objects they all need.

A benchmark is a module `bench/bench_<name>.py` with

    NAME = "page_floor"            # what `make bench ONLY=page_floor` selects
    DESCRIPTION = "one line"
    def run() -> Iterable[Result]  # Django is set up and migrated before it is called

Its results print as `bench NAME: VALUE UNIT`. A benchmark comparing two ways measured in the
same run yields `compare(...)`: the candidate's figure, the anchor's figure and their ratio, each
a line of that form.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


class BenchError(RuntimeError):
    """A benchmark's request or setup did not do what it measures: its figure would be meaningless."""


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    note: str = ""

    def line(self) -> str:
        return f"bench {self.name}: {format_value(self.value)} {self.unit}"


def format_value(value: float) -> str:
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    if abs(value) >= 1000:
        return f"{value:.0f}"
    if abs(value) >= 100:
        return f"{value:.1f}"
    # Three significant figures: enough to compare runs, no false precision.
    digits = 2 - int(math.floor(math.log10(abs(value))))
    return f"{value:.{digits}f}"


def compare(name: str, value: float, anchor_value: float, unit: str, *, anchor: str = "anchor", note: str = "") -> Iterator[Result]:
    """The candidate, the anchor it is read against (measured in the same run) and candidate / anchor."""
    yield Result(name, value, unit, note)
    yield Result(f"{name}_{anchor}", anchor_value, unit)
    yield Result(f"{name}_ratio", value / anchor_value if anchor_value else math.inf, "x")


def time_calls(call: Callable[[], object], *, n: int, warmup: int, budget_s: float = 60, at_least: int = 20) -> list[float]:
    """Milliseconds of each of `n` calls, after `warmup` untimed ones (caches, connections, imports).

    A page that grows slow with the scale (BENCH_SCALE) would take hours at its usual count: the
    timed calls stop after `budget_s` seconds once `at_least` are timed, the warm-up after a sixth
    of that once two are done. The caller reads how many were timed from the list's length.
    """
    started = time.monotonic()
    for done in range(warmup):
        if done >= 2 and time.monotonic() - started > budget_s / 6:
            break
        call()
    timings = []
    started = time.monotonic()
    for _ in range(n):
        if len(timings) >= at_least and time.monotonic() - started > budget_s:
            break
        start = time.perf_counter_ns()
        call()
        timings.append((time.perf_counter_ns() - start) / 1e6)
    return timings


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def participant(role: str, email: str, *, first_name: str = "Bench", last_name: str = "User"):
    """A user holding one role, created once and reused by later runs against the same database."""
    from participants.accounts.roles import grant_role
    from participants.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
    grant_role(user, role)
    return user


def signed_in_client(user):
    """A test client with a real session for `user`; requests go through every middleware.

    Requests are made as HTTPS (`secure=True` on each call) because production redirects plain HTTP.
    """
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# --- Events (issue 4): an audience to invite, and bench events made fresh and cleared again ---------

INVITEE_TRN_START = 6_100_001
INVITEE_DOMAIN = "invitees.bench.example.org"


def invitee_cohort(size: int):
    """An ECTE cohort of the benchmarks' own with `size` active enrolments, created once and reused.

    Its own programme and an academic year no real cohort has (2001), so an audience rule naming it
    matches exactly these teachers, whatever else is in the database; the audience form offers it
    as it offers every ECTE cohort.
    """
    from django.utils import timezone

    from participants.models import Teacher
    from programmes.models import Cohort, Enrolment, Programme, Strand

    programme, _ = Programme.objects.get_or_create(
        slug="bench-event-audience", defaults={"strand": Strand.ECTE, "name": "Bench event audience"}
    )
    cohort, _ = Cohort.objects.get_or_create(programme=programme, academic_year=2001, stage="")
    if Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ACTIVE).count() == size:
        return cohort
    Enrolment.objects.filter(cohort=cohort).delete()
    trns = [str(INVITEE_TRN_START + n) for n in range(size)]
    have = set(Teacher.objects.filter(trn__in=trns).values_list("trn", flat=True))
    Teacher.objects.bulk_create(
        [
            Teacher(trn=trn, first_name=f"Invitee{n}", last_name=f"Bench{n % 97}", email=f"invitee{n}@{INVITEE_DOMAIN}")
            for n, trn in enumerate(trns) if trn not in have
        ],
        batch_size=2000,
    )
    teachers = Teacher.objects.filter(trn__in=trns)
    Enrolment.objects.bulk_create(
        [Enrolment(cohort=cohort, teacher=teacher, enrolled_on=timezone.localdate()) for teacher in teachers],
        batch_size=2000,
    )
    return cohort


def bench_event(title_prefix: str, *, starts_in, hours: int = 6, **fields):
    """A new event titled `title_prefix` and a unique suffix; `starts_in` (a timedelta) from now."""
    import uuid
    from datetime import timedelta

    from django.utils import timezone

    from programmes.models import Event, EventKind

    starts_at = timezone.now() + starts_in
    return Event.objects.create(
        title=f"{title_prefix} {uuid.uuid4().hex[:8]}", kind=EventKind.ECT_WELCOME_Y1, venue="Bench Conference Centre, Gloucester",
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), **fields,
    )


def delete_bench_events(title_prefix: str) -> int:
    """Every event a benchmark made (by its title prefix), with its invitations, so they do not pile up."""
    from programmes.models import Event

    _, by_model = Event.objects.filter(title__startswith=f"{title_prefix} ").delete()
    return by_model.get("programmes.Event", 0)


def purge_queue(queue: str) -> int:
    """Messages taken off one queue of the Celery broker (its other queues and Redis databases are left alone)."""
    from hubportal.celery import app

    with app.connection_for_write() as connection:
        return connection.default_channel.queue_purge(queue) or 0


def queue_length(queue: str) -> int:
    """Messages waiting on one queue of the Celery broker (not those a worker has already taken)."""
    from kombu.exceptions import ChannelError

    from hubportal.celery import app

    with app.connection_for_write() as connection:
        try:
            return connection.default_channel.queue_declare(queue=queue, passive=True).message_count
        except ChannelError:  # never declared on this broker: nothing was ever queued there
            return 0


class QueueRouting:
    """Send one task to a queue of the benchmark's own while inside `with`, then to its usual queue again.

    A benchmark's worker then consumes only that queue: no stale or other benchmark's message
    reaches it, and what the benchmark queued can be purged without touching anyone else's.
    (Task.queue is Celery's per-task option; its cached options must be cleared to take effect.)
    """

    def __init__(self, task, queue: str):
        self.task, self.queue = task, queue

    def __enter__(self):
        self.before = getattr(self.task, "queue", None)
        self.task.queue = self.queue
        self.task._exec_options = None
        return self

    def __exit__(self, *exc):
        if self.before is None:
            del self.task.queue
        else:
            self.task.queue = self.before
        self.task._exec_options = None
        return False


# --- Worker memory, read from /proc (no psutil) ----------------------------------------------------


def proc_status_kb(pid: int, field: str) -> int | None:
    """A `kB` figure of /proc/<pid>/status (VmRSS: resident now, VmHWM: the most it ever was); None once it exited."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def child_pids(parent: int) -> list[int]:
    """The processes whose parent is `parent` (a `celery worker`'s pool), found by scanning /proc.

    (/proc/<pid>/task/*/children needs a kernel option that not every machine has.)
    """
    children = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                # The command name, in parentheses, may hold spaces: the fields after it are fixed.
                fields = stat.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == parent:
            children.append(int(entry.name))
    return sorted(children)


class RssSampler:
    """Samples VmRSS of every child of `parent` every `interval` seconds in a thread, keeping each one's peak."""

    def __init__(self, parent: int, interval: float = 0.1):
        self.parent, self.interval = parent, interval
        self.peak_kb: dict[int, int] = {}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        children: list[int] = []
        while not self._stop.is_set():
            if not children or self.samples % 20 == 0:  # a pool child replaced is found again
                children = child_pids(self.parent)
            for pid in children:
                rss = proc_status_kb(pid, "VmRSS")
                if rss is not None:
                    self.peak_kb[pid] = max(rss, self.peak_kb.get(pid, 0))
            self.samples += 1
            self._stop.wait(self.interval)


# --- Celery workers of a benchmark's own ----------------------------------------------------------


class CeleryWorker:
    """A `celery worker` (prefork, `concurrency` children) consuming only `queue`, with this process's settings and `env`.

    What its tasks queue themselves (a follow-up task, a retry) goes to `queue` too (`task_default_queue`
    on its command line), so nothing a benchmark starts reaches the broker's usual queue.
    """

    def __init__(self, queue: str, *, concurrency: int = 2, env: dict[str, str] | None = None):
        self.hostname, self.concurrency = f"bench-{uuid.uuid4().hex[:8]}@localhost", concurrency
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "hubportal", "worker", "--loglevel=WARNING",
                "--pool=prefork", f"--concurrency={concurrency}", f"--queues={queue}", f"--hostname={self.hostname}",
                "--without-mingle", "--without-gossip", "--", f"task_default_queue={queue}",
            ],
            # bench/run.py's production-like settings, database and broker, and the benchmark's own.
            cwd=Path(__file__).resolve().parent.parent, env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def children(self) -> list[int]:
        return child_pids(self.process.pid)

    def wait_until_ready(self, timeout: float = 60) -> None:
        """Until it answers a ping and its pool's children are up."""
        from hubportal.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"the worker exited ({self.process.returncode}):\n" + "\n".join(self.lines[-30:]))
            if app.control.ping(destination=[self.hostname], timeout=1.0) and len(self.children()) == self.concurrency:
                return
        raise BenchError(f"the worker did not answer within {timeout} s:\n" + "\n".join(self.lines[-30:]))

    def idle(self) -> bool:
        """Nothing running or reserved (what is still on the broker's queue is not counted)."""
        from hubportal.celery import app

        inspect = app.control.inspect(destination=[self.hostname], timeout=1.0, limit=1)
        active, reserved = inspect.active() or {}, inspect.reserved() or {}
        return not active.get(self.hostname) and not reserved.get(self.hostname)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: a warm shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class TaskEndWatcher:
    """Reads each pool child's VmRSS as each of its `task_name` tasks ends (`inspect().active()` names the child's pid).

    Polls the worker every `interval` seconds, so a task ends at most that long before its reading.
    """

    def __init__(self, hostname: str, task_name: str, interval: float = 0.2):
        self.hostname, self.task_name, self.interval = hostname, task_name, interval
        self.after_task: dict[int, list[int]] = {}
        self.running: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> TaskEndWatcher:
        self._thread.start()
        return self

    def stop_when_idle(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while self.running and time.monotonic() < deadline:
            time.sleep(self.interval)
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        from hubportal.celery import app

        inspect = app.control.inspect(destination=[self.hostname], timeout=1.0, limit=1)
        while not self._stop.is_set():
            running = {
                task["worker_pid"]: task["id"]
                for task in (inspect.active() or {}).get(self.hostname, [])
                if task.get("name") == self.task_name and task.get("worker_pid")
            }
            for pid, task_id in self.running.items():
                if running.get(pid) != task_id and (rss := proc_status_kb(pid, "VmRSS")):
                    self.after_task.setdefault(pid, []).append(rss)
            self.running = running
            self._stop.wait(self.interval)


def measure_get(name: str, client, url: str, check: Callable[[str], str], *, warmup: int, requests: int,
                params: dict | None = None) -> Iterator[Result]:
    """Median, p95 and queries of GET `url`; `check(page)` raises BenchError on wrong data, else says what it saw.

    One untimed request counts the queries and is checked; every timed one is checked too.
    """
    from seed_ects import query_count

    seen = []

    def request() -> None:
        response = client.get(url, params or {}, secure=True)
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code}, not 200 ({response.get('Location', '')})")
        seen.append(check(response.content.decode()))

    queries = query_count(request)
    timings = time_calls(request, n=requests, warmup=warmup)
    yield Result(name, median(timings), "ms", f"{seen[0]}; median of {len(timings)} after up to {warmup} warm-up")
    yield Result(f"{name}_p95", percentile(timings, 95), "ms", f"p95 of {len(timings)}")
    yield Result(f"{name}_queries", queries, "queries", "one request")
