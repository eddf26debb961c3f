"""Recording an ECT's absences and what they do to the induction (ABS-001..006, on appropriate_body.absences).

The part an absence falls in (ABS-001) is worked out when it is recorded, from the FTE terms
served before its first day, and kept on the row so later corrections to periods do not move
it silently.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from hubportal.lib.dates import long_date
from participants.models import User

from appropriate_body.rules import absences
from appropriate_body.models import Absence, Induction
from appropriate_body.rules.schedule import ScheduledItem, induction_schedule, wait_for_return
from appropriate_body.rules.terms import Number, estimated_terms_served


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
        # The schedule reads the absences back (schedule_with_absences), so the import waits till here.
        from appropriate_body.assessments.assessments import sync_open_period

        sync_open_period(induction.pk)
    return absence


@dataclass(frozen=True)
class PartAbsence:
    part: int
    other_days: int
    statutory_days: int
    # ABS-002/003: the days this part is extended by.
    extension_days: int
    # ABS-004: the headteacher must have told the AB (30 days or more of any absence in the year).
    headteacher_must_notify: bool


def absence_summary(induction: Induction) -> list[PartAbsence]:
    """Per part of induction: days absent and the extension they cause (each part alone, ABS-001)."""
    by_part: dict[int, list[absences.Absence]] = {1: [], 2: []}
    opted: dict[int, list[absences.Absence]] = {1: [], 2: []}
    for row in induction.absences.all():
        absence = absences.Absence(row.started_on, row.finished_on, row.days, absences.AbsenceKind(row.kind))
        by_part[row.part].append(absence)
        if absence.kind.is_statutory_leave and row.ect_opted_to_extend:
            opted[row.part].append(absence)
    automatic = absences.absence_extension_days({part: [a for a in rows if not a.kind.is_statutory_leave] for part, rows in by_part.items()})
    chosen = absences.absence_extension_days(opted, opted_in=True)
    totals = absences.days_by_part(by_part)
    return [
        PartAbsence(part, totals[part][0], totals[part][1], automatic[part] + chosen[part], absences.headteacher_must_notify(by_part[part]))
        for part in absences.PARTS
    ]


def schedule_with_absences(induction: Induction, started_on: date, fte: Number, *, served_before: Number,
                           required: Number) -> list[ScheduledItem]:
    """A period's schedule as the ECT's absences leave it: each part's absence extension (ABS-002)
    pushes its assessment back, and whatever falls due while they are away waits for their return
    (PR-002, FA-002). Reads `induction.absences.all()`, so a prefetch serves a whole caseload."""
    extension_days = {part.part: part.extension_days for part in absence_summary(induction)}
    items = induction_schedule(started_on, fte, served_before=served_before, required=required,
                               absence_extension_days=extension_days)
    return wait_for_return(items, [(row.started_on, row.finished_on) for row in induction.absences.all()])
