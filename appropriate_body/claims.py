"""Opening the AB's claims on newly registered ECTs.

Checking, accepting and rejecting claims belongs to the AB service; registration
only opens them, pending (REGN-001: the school notifies the AB, the AB decides).
"""

from collections.abc import Sequence

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from participants.models import ECTAtSchoolPeriod, User

from .models import Claim


def open_claims(periods: Sequence[ECTAtSchoolPeriod], *, actor: User | None) -> list[Claim]:
    """One pending claim per period, in one insert however many periods (the CSV import)."""
    claims = [
        Claim(
            ect_period=period,
            proposed_start_date=period.started_on,
            training_programme=period.training_programme,
            created_by=actor,
        )
        for period in periods
    ]
    with transaction.atomic():
        return bulk_create_with_history(claims, Claim, default_user=actor)
