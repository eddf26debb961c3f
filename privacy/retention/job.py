"""The nightly retention job: every rule of the schedule, applied in batches, logged per batch, then counted.

Each batch is one transaction: the records it deals with, their history rows and a log row commit
together (files go after the commit). A batch takes the lowest keys still due; having been dealt
with, they are out of reach, so the next batch takes the next ones and a rerun finds nothing.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from privacy.models import RetentionLog
from privacy.retention.figures import take_figures
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
        # Counted after the last rule, so the page shows what this run left and what falls due next.
        take_figures(today, now=timezone.now())
        return done
    finally:
        cache.delete(LOCK_KEY)
