"""What a period's claims say of it, stored on the ECT period (has_live_claim, claim_pending).

Registration's status (registration.status) reads these two columns rather than looking through every
claim on every list. Each function that opens, decides, withdraws or moves a claim calls
refresh_claim_state for the periods it touched, in its own transaction; a nightly check
(check_claim_state) works them out again from the claims and corrects any that drifted.
"""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from appropriate_body.models import Claim
from participants.models import ECTAtSchoolPeriod

logger = logging.getLogger(__name__)

# Drifted periods named in the warning; the count says how many in all.
DRIFT_SAMPLE = 10
# Periods corrected per UPDATE when many drifted (a migration gone wrong, a restore).
REFRESH_BATCH = 2000


def live_claim_exists() -> Exists:
    """A live claim (pending, scheduled or accepted) for the outer period: has_live_claim worked out afresh."""
    return Exists(Claim.objects.filter(ect_period=OuterRef("pk"), status__in=Claim.LIVE))


def pending_claim_exists() -> Exists:
    """A pending claim for the outer period: claim_pending worked out afresh."""
    return Exists(Claim.objects.filter(ect_period=OuterRef("pk"), status=Claim.Status.PENDING))


def refresh_claim_state(period_ids: Iterable[int]) -> int:
    """Work out the stored claim state of these periods again from their claims, in one UPDATE."""
    ids = sorted({pk for pk in period_ids if pk is not None})
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


def check_claim_state() -> list[int]:
    """The nightly check: every period's claim state worked out afresh; any that drifted are named in a warning and
    corrected. Returns the ids corrected (none when every refresh was called where it should be)."""
    drifted = list(drifted_periods().order_by("pk").values_list("pk", flat=True))
    if not drifted:
        return []
    logger.warning("Stored claim state had drifted on %d ECT period(s), now corrected; the first: %s",
                   len(drifted), drifted[:DRIFT_SAMPLE])
    for start in range(0, len(drifted), REFRESH_BATCH):
        with transaction.atomic():
            refresh_claim_state(drifted[start:start + REFRESH_BATCH])
    return drifted
