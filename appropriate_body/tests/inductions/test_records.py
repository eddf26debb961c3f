"""The database refuses induction records that break the rules, whoever writes them (the domain functions say why first)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from appropriate_body.models import Extension, Induction, InductionPeriod
from appropriate_body.tests.factories import InductionFactory, InductionPeriodFactory
from registration.tests.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def induction(school_a, tutor_a):
    return InductionFactory(teacher=register(school_a, tutor_a).teacher)


def period(induction, **fields):
    """An open full-time period from 1 September 2026 at a new school, straight to the table."""
    return InductionPeriodFactory(induction=induction, **fields)


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        fields.pop("make")(**fields)


@pytest.mark.parametrize("fields", [
    pytest.param({"finished_on": date(2026, 8, 31), "number_of_terms": Decimal("0")}, id="RIAB-005 an end before the start"),
    pytest.param({"fte": Decimal("0")}, id="an FTE of 0"),
    pytest.param({"finished_on": date(2027, 7, 20), "number_of_terms": Decimal("17")}, id="LEN-008 17 terms"),
    pytest.param({"finished_on": date(2027, 7, 20)}, id="LEN-008 a finished period without its terms"),
    pytest.param({"number_of_terms": Decimal("2")}, id="LEN-008 terms on an open period"),
    pytest.param({"outcome": "pass"}, id="an outcome on an open period"),
    pytest.param({"finished_on": date(2027, 7, 20), "number_of_terms": Decimal("6"), "outcome": "fail"}, id="a fail without the notice date"),
])
def test_a_period_that_breaks_a_rule_is_refused(induction, fields):
    refused(make=period, induction=induction, **fields)


def test_an_end_on_the_start_day_is_a_one_day_period(induction):
    period(induction, finished_on=date(2026, 9, 1), number_of_terms=Decimal("0"))
    saved = InductionPeriod.objects.get(induction=induction)
    assert (saved.started_on, saved.finished_on, saved.number_of_terms) == (date(2026, 9, 1), date(2026, 9, 1), Decimal("0"))


def test_one_open_period_and_one_outcome_per_induction(induction):
    period(induction, started_on=date(2025, 9, 1), finished_on=date(2026, 3, 31), number_of_terms=Decimal("2"), outcome="pass")
    period(induction)
    refused(make=period, induction=induction, started_on=date(2026, 10, 1))
    refused(make=period, induction=induction, started_on=date(2024, 9, 1), finished_on=date(2025, 3, 31), number_of_terms=Decimal("2"),
            outcome="fail", fail_confirmation_sent_on=date(2025, 4, 2))


def test_one_induction_per_teacher(induction):
    refused(make=Induction.objects.create, teacher=induction.teacher)


@pytest.mark.parametrize("terms", [Decimal("0"), Decimal("16.5")])
def test_ext_006_an_extension_outside_0_1_to_16_terms_is_refused(induction, terms):
    refused(make=Extension.objects.create, induction=induction, terms=terms, reason="Absence", decided_on=date(2027, 7, 1))
