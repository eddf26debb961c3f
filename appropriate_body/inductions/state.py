"""What the to-do list asks of each induction period, stored on it (school_left_on, paused).

"Leavers to release" and "Inductions paused" read these two columns through partial indexes rather
than joining every open period to its registration, or looking through every period of every
induction. Each function that opens, finishes or gives an outcome to a period, and each that changes
the date a registration ends, calls a refresh for what it touched, in its own transaction; the nightly
check of stored state (hubportal.lib.stored_state) works them out again and corrects any that drifted.
"""

from collections.abc import Iterable

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery

from appropriate_body.models import InductionPeriod
from hubportal.lib.stored_state import StoredState, ids_to_refresh
from participants.models import ECTAtSchoolPeriod


def school_left_on_now() -> Subquery:
    """The end date the school gave the registration the outer period came from (None while it has none)."""
    return Subquery(ECTAtSchoolPeriod.objects.filter(pk=OuterRef("ect_period_id")).order_by().values("finished_on")[:1])


def paused_now() -> ExpressionWrapper:
    """The outer period is the latest of an induction released with no outcome and nothing open since."""
    periods = InductionPeriod.objects.filter(induction=OuterRef("induction"))
    later = periods.filter(started_on__gt=OuterRef("started_on"))
    still_open = periods.filter(finished_on__isnull=True)
    with_outcome = periods.exclude(outcome="")
    return ExpressionWrapper(
        Q(finished_on__isnull=False) & ~Exists(later) & ~Exists(still_open) & ~Exists(with_outcome),
        output_field=BooleanField(),
    )


def refresh_induction_state(induction_ids: Iterable[int]) -> int:
    """Work out the stored state of every period of these inductions again, in one UPDATE (a period's pause
    depends on its induction's other periods, so all of them)."""
    ids = ids_to_refresh(induction_ids)
    if not ids:
        return 0
    return InductionPeriod.objects.filter(induction_id__in=ids).update(school_left_on=school_left_on_now(), paused=paused_now())


def refresh_for_ect_periods(ect_period_ids: Iterable[int]) -> int:
    """After a registration's end date changed: the induction periods that came from it, in one UPDATE."""
    ids = ids_to_refresh(ect_period_ids)
    if not ids:
        return 0
    return InductionPeriod.objects.filter(ect_period_id__in=ids).update(school_left_on=school_left_on_now())


def drifted_periods(periods: QuerySet[InductionPeriod] | None = None) -> QuerySet[InductionPeriod]:
    """The periods whose stored state differs from what the registrations and the induction's periods say now."""
    periods = InductionPeriod.objects.all() if periods is None else periods
    # Dates compared only when both are there: either missing alone is drift by the two middle terms.
    return periods.annotate(left_now=school_left_on_now(), paused_fresh=paused_now()).filter(
        ~Q(paused=F("paused_fresh")) | Q(school_left_on__isnull=True, left_now__isnull=False)
        | Q(school_left_on__isnull=False, left_now__isnull=True) | (Q(school_left_on__isnull=False) & ~Q(school_left_on=F("left_now")))
    )


# A period's pause depends on its induction's other periods: a drifted period has its whole induction refreshed.
INDUCTION_STATE = StoredState(name="induction state", rows="induction period(s)", drifted=drifted_periods,
                              refresh=refresh_induction_state, refresh_by="induction_id")
