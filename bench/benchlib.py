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
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass


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


def time_calls(call: Callable[[], object], *, n: int, warmup: int) -> list[float]:
    """Milliseconds of each of `n` calls, after `warmup` untimed ones (caches, connections, imports)."""
    for _ in range(warmup):
        call()
    timings = []
    for _ in range(n):
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
    from participants.models import User
    from participants.roles import grant_role

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
