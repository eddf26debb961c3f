"""One ECT's induction as the AB sees it: terms served of terms required, status, periods and what is due.

Built from an Induction with its periods, extensions and absences already loaded (see `inductions_with_parts`),
so a list of cases costs the same few queries however long it is.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from appropriate_body.inductions.absence_schedule import schedule_with_absences
from appropriate_body.models import Absence, Extension, Induction, InductionPeriod, Outcome
from appropriate_body.rules.schedule import ScheduledItem
from appropriate_body.rules.terms import estimated_terms_served, terms_required, x_of_y


class CaseStatus:
    """RIAB-009's words, from the portal's own records."""

    IN_PROGRESS = "In progress"
    PAUSED = "Induction paused"  # no open period: released, waiting for a new claim
    PASSED = "Passed"
    FAILED = "Failed"


def inductions_with_parts() -> QuerySet[Induction]:
    periods = InductionPeriod.objects.select_related("school").order_by("started_on")
    return Induction.objects.select_related("teacher").prefetch_related(
        Prefetch("periods", queryset=periods), Prefetch("extensions", queryset=Extension.objects.order_by("decided_on")),
        Prefetch("absences", queryset=Absence.objects.order_by("started_on")),
    )


@dataclass(frozen=True)
class Case:
    induction: Induction
    periods: list[InductionPeriod]
    status: str
    # LEN-009: recorded terms of finished periods, plus the open one's estimate (display only, §2.14).
    terms_served: Decimal
    terms_required: Decimal
    open_period: InductionPeriod | None
    schedule: list[ScheduledItem]

    @property
    def terms_label(self) -> str:
        return x_of_y(self.terms_served, self.terms_required)

    @property
    def next_due(self) -> ScheduledItem | None:
        return self.schedule[0] if self.schedule else None


def case_of(induction: Induction, *, today: date) -> Case:
    periods = list(induction.periods.all())
    open_period = next((p for p in periods if p.finished_on is None), None)
    finished = sum((p.number_of_terms for p in periods if p.finished_on is not None), Decimal(0))
    served = finished
    if open_period and open_period.started_on <= today:
        served += estimated_terms_served(open_period.started_on, today, open_period.fte)
    required = terms_required([e.terms for e in induction.extensions.all()], induction.reduction_terms)
    outcome = next((p.outcome for p in periods if p.outcome), "")
    if outcome:
        status = CaseStatus.PASSED if outcome == Outcome.PASS else CaseStatus.FAILED
    else:
        status = CaseStatus.IN_PROGRESS if open_period else CaseStatus.PAUSED
    schedule = []
    if open_period and not outcome:
        items = schedule_with_absences(induction, open_period.started_on, open_period.fte, served_before=finished, required=required)
        schedule = [item for item in items if item.due_on >= today]
    return Case(induction, periods, status, served, required, open_period, schedule)
