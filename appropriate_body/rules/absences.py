"""Absence during induction and the extensions it causes (domain-rules.md §2.8 ABS-001..006).

Induction has two parts (year 1 = the first 3 FTE terms, year 2 = terms 4–6; ABS-001). If the
absences in one part that are not statutory leave add up to 30 days or more, that part is
extended by **all** of them (ABS-002). Statutory leave (ABS-003) extends only when the ECT
chooses. Nothing carries from one part into the other.

DP-004: an absence records its dates, its working days and its kind only. There is
deliberately no field for a reason or any medical detail.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from appropriate_body.rules.terms import TERMS_PER_PART, Number

EXTENSION_THRESHOLD_DAYS = 30  # ABS-002/006: "30 or more days", not "more than 30" (§9 item 1)
PARTS = (1, 2)


class AbsenceKind(StrEnum):
    # ABS-003: statutory leave the ECT decides whether to extend for.
    STATUTORY_MATERNITY = "statutory_maternity", "Statutory maternity leave"
    STATUTORY_PATERNITY = "statutory_paternity", "Statutory paternity leave"
    STATUTORY_ADOPTION = "statutory_adoption", "Statutory adoption leave"
    SHARED_PARENTAL = "shared_parental", "Shared parental leave"
    PARENTAL_BEREAVEMENT = "parental_bereavement", "Parental bereavement leave"
    CARERS_LEAVE = "carers_leave", "Carer's leave"  # added April 2024
    # Everything else counts towards the automatic extension (ABS-002).
    SICKNESS = "sickness", "Sickness"
    OTHER = "other", "Other absence"

    label: str

    def __new__(cls, value: str, label: str) -> "AbsenceKind":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @property
    def is_statutory_leave(self) -> bool:
        return self in STATUTORY_LEAVE


STATUTORY_LEAVE = frozenset(
    {
        AbsenceKind.STATUTORY_MATERNITY,
        AbsenceKind.STATUTORY_PATERNITY,
        AbsenceKind.STATUTORY_ADOPTION,
        AbsenceKind.SHARED_PARENTAL,
        AbsenceKind.PARENTAL_BEREAVEMENT,
        AbsenceKind.CARERS_LEAVE,
    }
)


@dataclass(frozen=True)
class Absence:
    """One absence: start and end dates (inclusive) and the days it counts for.

    ABS-006 [I] TODO(confirm): `days` is the number of days in the range the ECT was contracted
    to work (school working days), so a part-timer's non-working days and school holidays do
    not count. The school knows the working pattern, so it is an input, not worked out here.
    """

    start: date
    end: date
    days: int
    kind: AbsenceKind

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The absence ends before it starts.")
        if not 0 <= self.days <= (self.end - self.start).days + 1:
            raise ValueError("Days absent must be between 0 and the number of days from start to end.")


def part_of(cumulative_terms_before: Number) -> int:
    """ABS-001 (§2.14): the part an absence falls in, from the FTE terms served before it.

    Under 3 FTE terms served is part 1 (year 1); from 3 on it is part 2. For a part-timer
    this is the FTE equivalent of year 1, not the first school year. [I] TODO(confirm): an
    absence that spans the boundary should be entered as two absences, one in each part.
    """
    served = Fraction(cumulative_terms_before)
    if served < 0:
        raise ValueError("Terms served before an absence cannot be negative.")
    return 1 if served < TERMS_PER_PART else 2


def days_by_part(absences_by_part: Mapping[int, Iterable[Absence]]) -> dict[int, tuple[int, int]]:
    """Per part: (days of other absence, days of statutory leave)."""
    unknown = set(absences_by_part) - set(PARTS)
    if unknown:
        raise ValueError(f"Induction has parts 1 and 2 only, not {sorted(unknown)}.")
    totals = {}
    for part in PARTS:
        absences = list(absences_by_part.get(part, ()))
        statutory = sum(a.days for a in absences if a.kind.is_statutory_leave)
        other = sum(a.days for a in absences if not a.kind.is_statutory_leave)
        totals[part] = (other, statutory)
    return totals


def absence_extension_days(absences_by_part: Mapping[int, Iterable[Absence]], opted_in: bool = False) -> dict[int, int]:
    """ABS-002/003 (§2.14): days by which each part is extended, as {1: days, 2: days}.

    - Other absence reaching 30 days in a part extends that part by all of it (29 → 0, 30 → 30).
    - Statutory leave never counts towards the 30; it is added in full only when the ECT has
      opted to extend (ABS-003), and such a request must be granted.
    - Each part stands alone: 29 days in each part extends neither (ABS-001).

    `opted_in` is one choice for all the ECT's statutory leave here; to honour a different
    choice per leave, pass only the leave the ECT opted to extend for. [I] TODO(confirm).
    """
    extension = {}
    for part, (other, statutory) in days_by_part(absences_by_part).items():
        automatic = other if other >= EXTENSION_THRESHOLD_DAYS else 0
        extension[part] = automatic + (statutory if opted_in else 0)
    return extension


def headteacher_must_notify(absences_in_part: Iterable[Absence]) -> bool:
    """ABS-004: the headteacher tells the AB as soon as absences in a year reach 30 days.

    [I] TODO(confirm): SG24 5.4 says "absences", so statutory leave counts here too; the AB
    would rather hear of leave it need not act on than miss an extension.
    """
    return sum(a.days for a in absences_in_part) >= EXTENSION_THRESHOLD_DAYS
