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
