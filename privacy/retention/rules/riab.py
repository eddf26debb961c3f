"""The date of birth kept sealed on an AB claim for RIAB's bulk upload (appropriate_body RULES.md).

An exception to DP-002 and ID-DOB-002 with a short clock: RIAB_DATE_OF_BIRTH_DAYS (30) days from the
claim, in days because months are too coarse for it. Marking the claim recorded in RIAB erases it
sooner (appropriate_body.riab.handover); this rule catches the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.conf import settings

from appropriate_body.models import Claim
from privacy.retention.schedule import Action, Rule, day_start


def sealed_dates_of_birth(cutoff: date):
    # The cut-off is the day itself (settings.RETENTION_MONTHS["riab_dates_of_birth"] is 0): a claim made
    # on cut-off minus 30 days keeps it through that day, one made a day earlier loses it.
    kept_from = cutoff - timedelta(days=settings.RIAB_DATE_OF_BIRTH_DAYS)
    return Claim.objects.exclude(date_of_birth_sealed="").filter(created_at__lt=day_start(kept_from))


def clear_dates_of_birth(ids: Sequence[int], today: date) -> None:
    # A plain update: the sealed value is not in the claim's history, so there is no copy to clear there.
    Claim.objects.filter(pk__in=ids).update(date_of_birth_sealed="")


def rules() -> list[Rule]:
    # Built when asked, so the schedule page says the days the settings give.
    return [
        Rule(
            key="riab_dates_of_birth",
            length_key="riab_dates_of_birth",
            kind="Dates of birth kept for RIAB's bulk upload (sealed, on AB claims)",
            clock=(f"{settings.RIAB_DATE_OF_BIRTH_DAYS} days after the claim (RIAB_DATE_OF_BIRTH_DAYS), or until AB staff "
                   "mark it recorded in RIAB if sooner"),
            action=Action.CLEAR,
            outcome="The date of birth is erased; AB staff enter it in RIAB by hand if it was not yet handed over.",
            due=sealed_dates_of_birth,
            apply=clear_dates_of_birth,
        ),
    ]
