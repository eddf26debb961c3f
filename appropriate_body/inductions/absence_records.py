"""Recording an ECT's absences (ABS-001..006, on appropriate_body.rules.absences); what they do to the
schedule: appropriate_body.inductions.absence_schedule.

The part an absence falls in (ABS-001) is worked out when it is recorded, from the FTE terms
served before its first day, and kept on the row so later corrections to periods do not move
it silently.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from appropriate_body.assessments.assessments import sync_open_period
from appropriate_body.models import Absence, Induction
from appropriate_body.rules import absences
from appropriate_body.rules.terms import estimated_terms_served
from hubportal.lib.dates import long_date
from participants.models import User


def terms_served_before(induction: Induction, day: date) -> Decimal:
    """FTE terms served before `day`: finished periods' recorded terms, and the time in one running then."""
    served = Decimal(0)
    for period in induction.periods.all():
        if period.started_on >= day:
            continue
        if period.finished_on is not None and period.finished_on < day:
            served += period.number_of_terms
        else:
            served += estimated_terms_served(period.started_on, day, period.fte)
    return served


def record_absence(
    induction: Induction, *, kind: str, started_on: date, finished_on: date, days: int, ect_opted_to_extend: bool, actor: User,
) -> Absence:
    errors: dict[str, list[str]] = {}
    if kind not in absences.AbsenceKind.__members__.values():
        errors["kind"] = ["Select the kind of absence"]
    if finished_on < started_on:
        errors["finished_on"] = ["The last day of the absence must be on or after the first"]
    elif not 1 <= days <= (finished_on - started_on).days + 1:
        errors["days"] = [f"Enter between 1 and {(finished_on - started_on).days + 1} days: the days they were contracted to work in those dates"]
    first = induction.periods.order_by("started_on").first()
    if first is None or started_on < first.started_on:
        errors["started_on"] = ["The absence must fall within the induction"
                                + (f", which started on {long_date(first.started_on)}" if first else "")]
    if ect_opted_to_extend and kind in absences.AbsenceKind.__members__.values() and not absences.AbsenceKind(kind).is_statutory_leave:
        errors["ect_opted_to_extend"] = ["Only statutory leave is extended by the ECT's choice; other absence counts automatically (ABS-002)"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        induction = Induction.objects.select_for_update().get(pk=induction.pk)
        part = absences.part_of(terms_served_before(induction, started_on))
        absence = Absence(induction=induction, kind=kind, started_on=started_on, finished_on=finished_on, days=days, part=part,
                          ect_opted_to_extend=ect_opted_to_extend, created_by=actor)
        absence._history_user = actor
        absence.save()
        sync_open_period(induction.pk)
    return absence
