"""Whether an induction has something not yet handed over to RIAB, stored on it (Induction.riab_outstanding).

"Not yet handed over to RIAB" on the to-do list counts and lists inductions through this column's partial index,
rather than joining every induction to its teacher's accepted claims and its finished periods. Each function that
decides, starts, withdraws or deletes a claim, opens or finishes a period, or marks either recorded in RIAB (or puts
it back) calls a refresh for what it touched, in its own transaction; the nightly check of stored state
(hubportal.lib.stored_state) works every induction out again and corrects any that drifted.
"""

from collections.abc import Iterable

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from appropriate_body.models import Claim, Induction, InductionPeriod, Outcome
from hubportal.lib.stored_state import StoredState, ids_to_refresh

HANDED_OVER = (Claim.Status.ACCEPTED, Claim.Status.SCHEDULED)
# A claim the AB accepted (or accepted from a date ahead) not yet recorded in RIAB.
CLAIM_OUTSTANDING = Q(status__in=HANDED_OVER, riab_recorded_at__isnull=True)
# One of the hub's periods released or passed, not yet recorded in RIAB; a fail never is (RIAB wants it by hand).
ACTION_OUTSTANDING = Q(finished_on__isnull=False, other_appropriate_body="", riab_recorded_at__isnull=True) & ~Q(outcome=Outcome.FAIL)


def riab_outstanding_now() -> ExpressionWrapper:
    """The outer induction has an accepted claim or a release or pass that RIAB has not been told about."""
    claim = Claim.objects.filter(CLAIM_OUTSTANDING, ect_period__teacher_id=OuterRef("teacher_id"))
    action = InductionPeriod.objects.filter(ACTION_OUTSTANDING, induction_id=OuterRef("pk"))
    return ExpressionWrapper(Q(Exists(claim)) | Q(Exists(action)), output_field=BooleanField())


def refresh_riab_outstanding(induction_ids: Iterable[int]) -> int:
    """Work out these inductions' stored flag again, in one UPDATE."""
    ids = ids_to_refresh(induction_ids)
    if not ids:
        return 0
    return Induction.objects.filter(pk__in=ids).update(riab_outstanding=riab_outstanding_now())


def refresh_riab_for_claims(claim_ids: Iterable[int]) -> int:
    """After claims were decided, started, withdrawn or marked: the inductions of their teachers, in one UPDATE (a
    claim names its registration, not the induction, which a scheduled claim may be the only link to)."""
    ids = ids_to_refresh(claim_ids)
    if not ids:
        return 0
    teachers = Claim.objects.filter(pk__in=ids).values("ect_period__teacher_id")
    return Induction.objects.filter(teacher_id__in=teachers).update(riab_outstanding=riab_outstanding_now())


def refresh_riab_for_teachers(teacher_ids: Iterable[int]) -> int:
    """After a teacher's claims were deleted (an erasure): their induction, if they have one."""
    ids = ids_to_refresh(teacher_ids)
    if not ids:
        return 0
    return Induction.objects.filter(teacher_id__in=ids).update(riab_outstanding=riab_outstanding_now())


def drifted_inductions(inductions: QuerySet[Induction] | None = None) -> QuerySet[Induction]:
    """The inductions whose stored flag differs from what their claims and periods say now."""
    inductions = Induction.objects.all() if inductions is None else inductions
    return inductions.annotate(outstanding_now=riab_outstanding_now()).filter(~Q(riab_outstanding=F("outstanding_now")))


RIAB_OUTSTANDING = StoredState(name="RIAB hand-over state", rows="induction(s)", drifted=drifted_inductions,
                               refresh=refresh_riab_outstanding)
