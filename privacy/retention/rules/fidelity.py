"""Fidelity checks of schools' school-led programmes (E25-003): the AB's documentation (ABD-009), kept six
years from the end of the check's academic year, then deleted with their follow-ups and history.

They are about a school's programme, not a person; the visitor is named only as the member of staff.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from appropriate_body.models import FidelityCheck, FidelityFollowUp
from hubportal.lib.dates import academic_year_of
from privacy.retention.deleting import delete_records, ids_of
from privacy.retention.schedule import Action, Rule


def ended_checks(cutoff: date):
    """Checks whose academic year ended (31 August) before `cutoff`: every year before the one `cutoff` falls in."""
    return FidelityCheck.objects.filter(academic_year__lt=academic_year_of(cutoff))


def delete_checks(ids: Sequence[int], today: date) -> None:
    delete_records(FidelityFollowUp, ids_of(FidelityFollowUp.objects.filter(fidelity_check__in=ids)))
    delete_records(FidelityCheck, ids)


RULES = [
    Rule(
        key="fidelity_checks",
        length_key="fidelity_checks",
        kind="Fidelity checks of schools' school-led programmes, with their follow-ups",
        clock="The end of the check's academic year (31 August)",
        action=Action.DELETE,
        outcome="Deleted, with their follow-ups and the history of changes.",
        due=ended_checks,
        apply=delete_checks,
    ),
]
