"""What an ECT's recorded absences do to their induction: each part's days away and the extension they
cause (ABS-001..004), and the schedule that moves with them (ABS-002, PR-002, FA-002)."""

from dataclasses import dataclass
from datetime import date

from appropriate_body.models import Induction
from appropriate_body.rules import absences
from appropriate_body.rules.schedule import ScheduledItem, induction_schedule, wait_for_return
from appropriate_body.rules.terms import Number


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
