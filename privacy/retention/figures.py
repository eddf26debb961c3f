"""What each rule of the retention schedule has due: counted by the nightly job as it finishes, kept, and read by the page.

Counting is two queries per rule over its whole table (every induction, enrolment, invitation...),
which once many hubs share one database takes seconds: too slow for every view of the Data retention
page, and needless, since the figures only move when the job runs or records age past a cut-off
overnight. So the job takes them at the end of each run (`take_figures`) and the page reads the
kept rows (`kept_forecast`); until a first run has taken them, the first view works them out once
and keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction

from privacy.models import RetentionFigure
from privacy.retention.schedule import Rule, rules

# The page's second column: what falls due in the days after the next run.
WINDOW_DAYS = 30


@dataclass(frozen=True)
class Forecast:
    rule: Rule
    due_now: int
    due_soon: int  # due within the window, not already due now


def forecast(today: date, *, within_days: int = WINDOW_DAYS) -> list[Forecast]:
    """What the next run would do, and what falls due in the days after it (nothing is changed)."""
    later = today + timedelta(days=within_days)
    found = []
    for rule in rules():
        due_now = rule.due_on(today).count()
        found.append(Forecast(rule, due_now, rule.due_on(later).count() - due_now))
    return found


def take_figures(today: date, *, now: datetime) -> list[Forecast]:
    """Count every rule's forecast on `today` and keep it in place of the last, as taken at `now`."""
    found = forecast(today)
    with transaction.atomic():
        # An upsert, not delete-then-insert: two first views at once both write, and neither fails.
        RetentionFigure.objects.bulk_create(
            [RetentionFigure(rule=line.rule.key, due_now=line.due_now, due_soon=line.due_soon, counted_for=today, taken_at=now)
             for line in found],
            update_conflicts=True, unique_fields=["rule"], update_fields=["due_now", "due_soon", "counted_for", "taken_at"],
        )
        # A rule dropped from the schedule since the last count has nothing left to forecast.
        RetentionFigure.objects.exclude(rule__in=[line.rule.key for line in found]).delete()
    return found


def kept_forecast(today: date, *, now: datetime) -> tuple[list[Forecast], datetime]:
    """The kept figures and when they were taken, in the schedule's order.

    Before the job has first run, or after a new rule joined the schedule, there is nothing (or not
    everything) to read: the figures are worked out now, once, and kept until the next run.
    """
    schedule = rules()
    kept = {figure.rule: figure for figure in RetentionFigure.objects.all()}
    if any(rule.key not in kept for rule in schedule):
        return take_figures(today, now=now), now
    lines = [Forecast(rule, kept[rule.key].due_now, kept[rule.key].due_soon) for rule in schedule]
    # The night's figures are taken in one go; a mixture could only follow a run stopped half-way.
    return lines, min(kept[rule.key].taken_at for rule in schedule)


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


def schedule_lines(forecasts: list[Forecast]) -> list[ScheduleLine]:
    lines: dict[str, ScheduleLine] = {}
    for line in forecasts:
        rule, earlier = line.rule, lines.get(line.rule.kind)
        lines[rule.kind] = ScheduleLine(
            kind=rule.kind, clock=rule.clock, months=rule.months, action=rule.action.label, outcome=rule.outcome,
            due_now=line.due_now + (earlier.due_now if earlier else 0),
            due_soon=line.due_soon + (earlier.due_soon if earlier else 0),
        )
    return list(lines.values())
