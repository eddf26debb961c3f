"""What a period's claims say of it, stored on the ECT period (has_live_claim, claim_pending).

Registration's status (registration.status) reads these two columns rather than looking through every
claim on every list. Each function that opens, decides, withdraws or moves a claim calls
refresh_claim_state for the periods it touched, in its own transaction; the nightly check of stored state
(hubportal.lib.stored_state) works them out again from the claims and corrects any that drifted.
"""

from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from appropriate_body.models import Claim
from hubportal.lib.stored_state import StoredState, ids_to_refresh
from participants.models import ECTAtSchoolPeriod


def live_claim_exists() -> Exists:
    """A live claim (pending, scheduled or accepted) for the outer period: has_live_claim worked out afresh."""
    return Exists(Claim.objects.filter(ect_period=OuterRef("pk"), status__in=Claim.LIVE))


def pending_claim_exists() -> Exists:
    """A pending claim for the outer period: claim_pending worked out afresh."""
    return Exists(Claim.objects.filter(ect_period=OuterRef("pk"), status=Claim.Status.PENDING))


def refresh_claim_state(period_ids: Iterable[int]) -> int:
    """Work out the stored claim state of these periods again from their claims, in one UPDATE."""
    ids = ids_to_refresh(period_ids)
    if not ids:
        return 0
    return ECTAtSchoolPeriod.objects.filter(pk__in=ids).update(
        has_live_claim=live_claim_exists(), claim_pending=pending_claim_exists()
    )


def drifted_periods(periods: QuerySet[ECTAtSchoolPeriod] | None = None) -> QuerySet[ECTAtSchoolPeriod]:
    """The periods whose stored claim state differs from what their claims say now."""
    periods = ECTAtSchoolPeriod.objects.all() if periods is None else periods
    return periods.annotate(live_now=live_claim_exists(), pending_now=pending_claim_exists()).filter(
        ~Q(has_live_claim=F("live_now")) | ~Q(claim_pending=F("pending_now"))
    )


CLAIM_STATE = StoredState(name="claim state", rows="ECT period(s)", drifted=drifted_periods, refresh=refresh_claim_state)
