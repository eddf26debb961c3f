"""The nightly retention job: every rule of the schedule, applied in batches, logged per batch.

Each batch is one transaction: the records it deals with, their history rows and a log row commit
together (files go after the commit). A batch takes the lowest keys still due; having been dealt
with, they are out of reach, so the next batch takes the next ones and a rerun finds nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from privacy.models import RetentionLog
from privacy.retention.schedule import Rule, rules

log = logging.getLogger(__name__)

# Two runs at once (a beat duplicate, an operator's command beside the night's run) would only
# repeat each other's work, but would log it twice.
LOCK_KEY = "privacy:retention:running"
LOCK_SECONDS = 6 * 60 * 60


class RetentionAlreadyRunning(RuntimeError):
    pass


class RuleMadeNoProgress(RuntimeError):
    """A rule's batch left its records within its reach: running on would loop for ever."""


@dataclass(frozen=True)
class Forecast:
    rule: Rule
    due_now: int
    due_soon: int  # due within the window, not already due now


def forecast(today: date, *, within_days: int = 30) -> list[Forecast]:
    """What the next run would do, and what falls due in the days after it (nothing is changed)."""
    later = today + timedelta(days=within_days)
    found = []
    for rule in rules():
        due_now = rule.due_on(today).count()
        found.append(Forecast(rule, due_now, rule.due_on(later).count() - due_now))
    return found


def apply_rule(rule: Rule, today: date, *, batch_size: int) -> int:
    cutoff = rule.cutoff(today)
    done, previous = 0, None
    while True:
        with transaction.atomic():
            ids = list(rule.due(cutoff).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                return done
            if ids == previous:
                raise RuleMadeNoProgress(rule.key)
            rule.apply(ids, today)
            RetentionLog.objects.create(rule=rule.key, action=rule.action, count=len(ids), cutoff=cutoff, run_on=today)
        done += len(ids)
        previous = ids


def apply_retention(today: date, *, batch_size: int | None = None) -> dict[str, int]:
    """Apply every rule on `today`; returns how many records each rule dealt with."""
    if not cache.add(LOCK_KEY, today.isoformat(), LOCK_SECONDS):
        raise RetentionAlreadyRunning("The retention job is already running")
    try:
        done = {}
        for rule in rules():
            done[rule.key] = apply_rule(rule, today, batch_size=batch_size or settings.RETENTION_BATCH_SIZE)
            if done[rule.key]:
                log.info("retention %s: %s %d", rule.key, rule.action, done[rule.key])
        return done
    finally:
        cache.delete(LOCK_KEY)


@dataclass(frozen=True)
class ScheduleLine:
    """One kind of record on the schedule page: rules of one family (every history table, say) share a line."""

    kind: str
    clock: str
    months: int
    action: str
    outcome: str
    due_now: int
    due_soon: int

    @property
    def length(self) -> str:
        years, months = divmod(self.months, 12)
        parts = [f"{years} year{'s' if years != 1 else ''}"] * bool(years) + [f"{months} month{'s' if months != 1 else ''}"] * bool(months)
        return " and ".join(parts) or "0 months"

    @property
    def kept_for(self) -> str:
        """'6 years from the induction's outcome', or for a rule whose clock is its own end, 'Until ...'."""
        clock = self.clock[0].lower() + self.clock[1:]
        return f"{self.length} from {clock}" if self.months else f"Until {clock}"


def schedule_lines(today: date, *, within_days: int = 30) -> list[ScheduleLine]:
    lines: dict[str, ScheduleLine] = {}
    for line in forecast(today, within_days=within_days):
        rule, earlier = line.rule, lines.get(line.rule.kind)
        lines[rule.kind] = ScheduleLine(
            kind=rule.kind, clock=rule.clock, months=rule.months, action=rule.action.label, outcome=rule.outcome,
            due_now=line.due_now + (earlier.due_now if earlier else 0),
            due_soon=line.due_soon + (earlier.due_soon if earlier else 0),
        )
    return list(lines.values())
