"""Absence and absence extensions per part (ABS-001..006, §2.14 and §10 "Absence"). No database."""

from dataclasses import fields
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appropriate_body.rules.absences import STATUTORY_LEAVE, Absence, AbsenceKind, absence_extension_days, headteacher_must_notify, part_of
from appropriate_body.rules.terms import fte_terms

SICKNESS, OTHER, MATERNITY = AbsenceKind.SICKNESS, AbsenceKind.OTHER, AbsenceKind.STATUTORY_MATERNITY


def absence(days: int, kind: AbsenceKind = SICKNESS) -> Absence:
    # A long enough date range for any number of working days used here.
    return Absence(date(2025, 9, 1), date(2026, 8, 31), days, kind)


@pytest.mark.parametrize(
    "served, part", [(0, 1), (Decimal("2.9"), 1), (3, 2), (Decimal("5.5"), 2), (Decimal("7.5"), 2)]
)
def test_abs_001_part_1_is_the_first_three_fte_terms(served, part):
    assert part_of(served) == part


def test_abs_001_absence_does_not_carry_into_the_other_part():
    # §2.14 vector: 29 days in year 1 and 29 in year 2 → no extension.
    assert absence_extension_days({1: [absence(29)], 2: [absence(29)]}, opted_in=False) == {1: 0, 2: 0}


def test_abs_001_parts_are_1_and_2_only():
    with pytest.raises(ValueError, match="parts 1 and 2"):
        absence_extension_days({3: [absence(30)]})
    with pytest.raises(ValueError):
        part_of(-1)


def test_abs_002_thirty_days_in_a_part_extends_it_by_all_thirty():
    # §2.14 vector: year 1 absences 30 → year 1 extended by 30 days.
    assert absence_extension_days({1: [absence(30)]}) == {1: 30, 2: 0}


def test_abs_002_the_extension_is_the_aggregate_not_the_days_over_30():
    assert absence_extension_days({2: [absence(20), absence(25, OTHER)]}) == {1: 0, 2: 45}


@pytest.mark.parametrize("kind", sorted(STATUTORY_LEAVE))
def test_abs_003_statutory_leave_extends_only_if_the_ect_opts_in(kind):
    assert kind.is_statutory_leave
    assert absence_extension_days({1: [absence(40, kind)]}, opted_in=False) == {1: 0, 2: 0}
    assert absence_extension_days({1: [absence(40, kind)]}, opted_in=True) == {1: 40, 2: 0}


def test_abs_003_maternity_vector_from_the_reference_algorithm():
    # §2.14 vector: 40 days maternity + 10 other in year 1 → no automatic extension;
    # if the ECT opts in, add the 40 (the 10 other days stay under the threshold).
    year_one = [absence(40, MATERNITY), absence(10, OTHER)]
    assert absence_extension_days({1: year_one}, opted_in=False) == {1: 0, 2: 0}
    assert absence_extension_days({1: year_one}, opted_in=True) == {1: 40, 2: 0}


def test_abs_003_statutory_leave_does_not_count_towards_the_30():
    assert absence_extension_days({1: [absence(25), absence(40, MATERNITY)]}) == {1: 0, 2: 0}


def test_abs_003_the_list_of_statutory_leave_includes_carers_leave():
    assert {kind.value for kind in STATUTORY_LEAVE} == {
        "statutory_maternity",
        "statutory_paternity",
        "statutory_adoption",
        "shared_parental",
        "parental_bereavement",
        "carers_leave",
    }
    assert AbsenceKind.CARERS_LEAVE.label == "Carer's leave"
    assert not SICKNESS.is_statutory_leave and not OTHER.is_statutory_leave


def test_abs_004_headteacher_tells_the_ab_when_absence_in_a_year_reaches_30_days():
    assert not headteacher_must_notify([absence(29)])
    assert headteacher_must_notify([absence(20), absence(10, MATERNITY)])


def test_abs_005_an_extension_served_in_a_new_school_needs_a_term_there():
    # The one-term minimum (MIN-001) applies in the new school: 0.9 terms there counts nothing.
    assert fte_terms(Decimal("0.9"), 1) == 0
    assert fte_terms(1, 1) == 1


def test_abs_006_thirty_or_more_working_days_not_more_than_thirty():
    assert absence_extension_days({1: [absence(30)]})[1] == 30  # "≥30", §9 item 1
    assert absence_extension_days({1: [absence(29)]})[1] == 0


def test_abs_006_days_cannot_exceed_the_days_in_the_range():
    assert Absence(date(2025, 10, 6), date(2025, 10, 10), 5, SICKNESS).days == 5  # Mon–Fri
    with pytest.raises(ValueError, match="Days absent"):
        Absence(date(2025, 10, 6), date(2025, 10, 10), 6, SICKNESS)
    with pytest.raises(ValueError, match="ends before it starts"):
        Absence(date(2025, 10, 6), date(2025, 10, 5), 0, SICKNESS)


def test_dp_004_an_absence_holds_no_reason_or_medical_detail():
    assert {f.name for f in fields(Absence)} == {"start", "end", "days", "kind"}


parts = st.lists(st.builds(absence, st.integers(min_value=0, max_value=60), st.sampled_from(list(AbsenceKind))))


@given(year_one=parts, year_two=parts, opted_in=st.booleans())
def test_an_extension_is_never_more_than_the_days_absent_in_that_part(year_one, year_two, opted_in):
    extension = absence_extension_days({1: year_one, 2: year_two}, opted_in=opted_in)
    for part, absences in ((1, year_one), (2, year_two)):
        other = sum(a.days for a in absences if not a.kind.is_statutory_leave)
        statutory = sum(a.days for a in absences if a.kind.is_statutory_leave)
        assert extension[part] <= other + statutory
        # All of the other absence, or none of it (ABS-002); statutory leave only if opted in.
        assert extension[part] - (statutory if opted_in else 0) in (0, other)
        assert (extension[part] - (statutory if opted_in else 0) == other) == (other >= 30 or other == 0)
