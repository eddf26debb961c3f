"""How many hubs' worth of data the benchmarks seed: `BENCH_SCALE` (an integer, default 5), read here alone.

One hub is about 1,000 ECTs at 300 schools; DESIGN.md asks the portal to stay fast at 5x, and a database
shared by many hubs holds far more (87x: 31,320 schools, 87,000 ECT periods). Each seed sizes its rows with
`scaled(per_hub)`, so at the default it makes exactly what it always made. One school's size does not grow
with the number of hubs: the measured tutor's school keeps 40 ECTs and the big school 200 at every scale.
Each scale has a database of its own (`database_name()`), kept between runs.
"""

from __future__ import annotations

import itertools
import os

DEFAULT = 5


class ScaleError(ValueError):
    """BENCH_SCALE is not a whole number of hubs, 1 or more (or is more than the seeds' number ranges hold)."""


def read_scale(raw: str | None) -> int:
    if raw is None or not raw.strip():
        return DEFAULT
    try:
        scale = int(raw.strip())
    except ValueError:
        raise ScaleError(f"BENCH_SCALE must be a whole number of hubs (1 or more), not {raw!r}") from None
    if scale < 1:
        raise ScaleError(f"BENCH_SCALE must be 1 or more, not {scale}")
    if scale > MAX_SCALE:
        raise ScaleError(f"BENCH_SCALE {scale} is more than the seeds' URN and TRN ranges hold ({MAX_SCALE} at most)")
    return scale


def scaled(per_hub: float, scale: int | None = None) -> int:
    """`per_hub` rows for each hub of the scale (at least one): scaled(300) is 1,500 schools at 5x."""
    return max(1, round(per_hub * (SCALE if scale is None else scale)))


def database_name(scale: int | None = None) -> str:
    return f"hubportal_bench_x{SCALE if scale is None else scale}"


# --- The seeds' number ranges: (first, per hub, fixed) of URNs (6 digits) and TRNs (7 digits) ---------
# A seed's range at scale k is first .. first + per_hub * k + fixed - 1; no two may meet at any allowed scale.
# Ranges of fixed size (benchmarks that do not scale) are listed too, so a new seed is checked against them.

URN_RANGES = {
    "gias_import_full": (700_000, 0, 25_000),
    "seed_ects schools": (800_001, 300, 0),
    "page_hub_dashboard cold spots": (880_001, 60, 0),
    "csv_import_1000 and event_register_400 schools": (199_901, 0, 67),
    "retention_nightly schools": (990_000, 0, 10),
}
TRN_RANGES = {
    "seed_ects ECTs": (5_000_001, 1_000, 0),
    # One mentor for every two ECTs at a school, rounded up per school: at most 2 per school beyond that.
    "seed_ects mentors": (5_500_001, 500 + 300, 0),
    "invitee cohort": (6_100_001, 0, 1_000),
    "page_hub_dashboard NPQs": (6_600_001, 150, 0),
    "gias_import_full movers": (7_900_000, 0, 100_000),
    "retention_nightly and csv_import_1000": (8_000_000, 0, 2_000_000),
}


def ranges_overlap(ranges: dict[str, tuple[int, int, int]], scale: int, digits: int) -> list[str]:
    """What is wrong with `ranges` at `scale`: two ranges meeting, or one running past `digits` digits."""
    spans = sorted((first, first + per_hub * scale + fixed - 1, name) for name, (first, per_hub, fixed) in ranges.items())
    problems = [f"{name} runs past {digits} digits" for _, last, name in spans if last >= 10**digits]
    problems += [f"{a} meets {b}" for (_, last, a), (first, _, b) in itertools.pairwise(spans) if last >= first]
    return problems


def _max_scale() -> int:
    scale = 1
    while not ranges_overlap(URN_RANGES, scale + 1, 6) and not ranges_overlap(TRN_RANGES, scale + 1, 7):
        scale += 1
    return scale


MAX_SCALE = _max_scale()
SCALE = read_scale(os.environ.get("BENCH_SCALE"))
