"""The workload forecast's reviews and reports to check, counted by day every few minutes rather than on every view.

At 87 hubs' size the AB has some 150,000 reviews and assessments due between this week and the end of next term,
and 25,000 reports waiting: the forecast grouped every one of them by day on each view (90 ms of the page). A beat
job (refresh_workload_tallies) counts every open item of each kind by its natural day (a review's due date, the day a
report arrived), planned or not, into WorkloadTally; the page reads those few hundred rows, moves the few planned
items to their planned week from the assignments themselves (read live, so planning shows at once), and says when the
counts were made. Until the first refresh, the page counts as it did. The week's list, "My work" and planning read
the items themselves, live.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.db.models import Count

from appropriate_body.models import WorkKind, WorkloadRefresh, WorkloadTally
from appropriate_body.qa.workload import natural_day, open_rows

# What is counted by day; the clocks are few and are worked out from their rows on each view.
KINDS = (WorkKind.REVIEW, WorkKind.REPORT)


def counts_by_day(kind: str) -> Counter:
    """Every open item of the kind by its natural day, planned or not: one grouped query."""
    rows = open_rows(kind).annotate(day=natural_day(kind)).values("day").annotate(n=Count("pk")).values_list("day", "n").order_by()
    return Counter(dict(rows))


def refresh_workload_tallies(*, now: datetime) -> int:
    """Count every open review and report by day again, replacing the last counts; the number of rows written.

    Two refreshes take turns on the one WorkloadRefresh row, so the second replaces the first's counts whole."""
    with transaction.atomic():
        WorkloadRefresh.objects.bulk_create([WorkloadRefresh(pk=1, refreshed_at=now)], ignore_conflicts=True)
        WorkloadRefresh.objects.select_for_update().get(pk=1)
        WorkloadTally.objects.all().delete()
        tallies = WorkloadTally.objects.bulk_create(
            WorkloadTally(kind=kind, day=day, count=n) for kind in KINDS for day, n in sorted(counts_by_day(kind).items()))
        WorkloadRefresh.objects.filter(pk=1).update(refreshed_at=now)
    return len(tallies)


def kept_counts() -> tuple[dict[str, Counter], datetime] | None:
    """The counts of the last refresh by kind and day, and when they were made; None before the first refresh."""
    as_at = WorkloadRefresh.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    if as_at is None:
        return None
    counts = {kind.value: Counter() for kind in KINDS}
    for kind, day, n in WorkloadTally.objects.values_list("kind", "day", "count"):
        counts[kind][day] += n
    return counts, as_at
