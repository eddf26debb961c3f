"""Recording absences against an induction: the part each falls in and the extension per part (§2.14 vectors)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from appropriate_body.inductions.absence_records import record_absence
from appropriate_body.inductions.absence_schedule import absence_summary
from appropriate_body.models import InductionPeriod
from appropriate_body.tests.factories import claimed
from participants.tests.factories import SchoolFactory
from registration.tests.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def induction(school_a, tutor_a, ab_staff):
    return claimed(school_a, tutor_a, ab_staff, year=2025).induction


def absent(induction, ab_staff, *, start, end, days, kind="sickness", opted=False):
    return record_absence(induction, kind=kind, started_on=start, finished_on=end, days=days, ect_opted_to_extend=opted, actor=ab_staff)


def parts(induction):
    return {p.part: (p.other_days, p.statutory_days, p.extension_days) for p in absence_summary(induction)}


def test_abs_001_the_part_follows_the_terms_served_before_the_absence(induction, ab_staff):
    assert absent(induction, ab_staff, start=date(2026, 1, 12), end=date(2026, 1, 16), days=5).part == 1
    # From 1 September 2026 a full-timer has served 3 terms: year 2.
    assert absent(induction, ab_staff, start=date(2026, 9, 7), end=date(2026, 9, 11), days=5).part == 2


def test_abs_002_29_days_in_each_part_extends_neither(induction, ab_staff):
    absent(induction, ab_staff, start=date(2025, 11, 3), end=date(2025, 12, 12), days=29)
    absent(induction, ab_staff, start=date(2026, 11, 2), end=date(2026, 12, 11), days=29)
    assert parts(induction) == {1: (29, 0, 0), 2: (29, 0, 0)}


def test_abs_002_30_days_in_year_1_extends_it_by_all_30(induction, ab_staff):
    absent(induction, ab_staff, start=date(2025, 11, 3), end=date(2025, 11, 28), days=20)
    absent(induction, ab_staff, start=date(2026, 2, 2), end=date(2026, 2, 13), days=10)
    summary = absence_summary(induction)
    assert parts(induction) == {1: (30, 0, 30), 2: (0, 0, 0)}
    assert summary[0].headteacher_must_notify and not summary[1].headteacher_must_notify  # ABS-004


def test_abs_003_maternity_leave_extends_only_when_the_ect_opts_in(induction, ab_staff):
    leave = absent(induction, ab_staff, start=date(2026, 1, 5), end=date(2026, 3, 6), days=40, kind="statutory_maternity")
    absent(induction, ab_staff, start=date(2026, 3, 9), end=date(2026, 3, 20), days=10)
    assert parts(induction) == {1: (10, 40, 0), 2: (0, 0, 0)}
    leave.ect_opted_to_extend = True
    leave.save()
    assert parts(induction) == {1: (10, 40, 40), 2: (0, 0, 0)}


def test_only_statutory_leave_is_opted_into(induction, ab_staff):
    with pytest.raises(ValidationError) as refused:
        absent(induction, ab_staff, start=date(2026, 1, 5), end=date(2026, 1, 9), days=5, opted=True)
    assert "Only statutory leave" in refused.value.message_dict["ect_opted_to_extend"][0]


@pytest.mark.parametrize("start, end, days, field", [
    (date(2026, 1, 9), date(2026, 1, 5), 3, "finished_on"),
    (date(2026, 1, 5), date(2026, 1, 9), 6, "days"),
    (date(2026, 1, 5), date(2026, 1, 9), 0, "days"),
    (date(2025, 8, 20), date(2025, 8, 22), 3, "started_on"),
])
def test_bad_absences_are_refused_on_their_field_and_nothing_is_saved(induction, ab_staff, start, end, days, field):
    with pytest.raises(ValidationError) as refused:
        absent(induction, ab_staff, start=start, end=end, days=days)
    assert field in refused.value.message_dict
    assert not induction.absences.exists()


def test_a_part_timers_year_1_lasts_longer(school_a, tutor_a, ab_staff):
    induction = InductionPeriod.objects.create(
        induction=InductionPeriod._meta.get_field("induction").related_model.objects.create(teacher=register(school_a, tutor_a).teacher),
        school=SchoolFactory(), started_on=date(2025, 9, 1), fte=Decimal("0.5"), training_programme="school_led",
    ).induction
    # A year of employment at 0.5 FTE is 1.5 FTE terms: still year 1.
    assert absent(induction, ab_staff, start=date(2026, 9, 7), end=date(2026, 9, 11), days=3).part == 1
