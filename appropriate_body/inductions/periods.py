"""Changing an induction's periods: release, outcome, extension, reduction, and spells served with another AB.

Each function locks the teacher's Induction row first, so two changes to one induction
(a release and an outcome, say) are made one after the other and every check sees the
other's result. Refusals name the rule; the database constraints are the backstop.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from appropriate_body.assessments.assessments import schedule_interim_on_release, sync_open_period
from appropriate_body.inductions.state import refresh_induction_state
from appropriate_body.models import CompletionDecision, Extension, Induction, InductionPeriod, Outcome
from appropriate_body.rules.terms import InvalidTerms, check_extension_terms, check_number_of_terms, terms_required
from hubportal.lib.dates import long_date
from participants.models import School, User


def _locked_induction(induction_id: int) -> Induction:
    return Induction.objects.select_for_update().get(pk=induction_id)


def _check_end(period: InductionPeriod, finished_on: date, *, today: date) -> dict:
    """RIAB-004: the end date is on or after the start (one day is a period) and not in the future."""
    if finished_on < period.started_on:
        return {"finished_on": [f"The end date must be on or after the start date ({long_date(period.started_on)})"]}
    if finished_on > today:
        return {"finished_on": ["The end date cannot be in the future"]}
    return {}


def _checked_terms(number_of_terms) -> tuple[Decimal | None, dict]:
    """LEN-008: the terms as a 1 dp Decimal (a form may pass the text typed), or the message why not."""
    try:
        return check_number_of_terms(number_of_terms), {}
    except InvalidTerms as problem:
        return None, {"number_of_terms": [str(problem)]}


def _open_period(induction: Induction, period: InductionPeriod) -> InductionPeriod:
    period = induction.periods.select_for_update().get(pk=period.pk)
    if period.finished_on is not None:
        raise ValidationError(f"This induction period already finished on {long_date(period.finished_on)}")
    return period


def release(period: InductionPeriod, *, finished_on: date, number_of_terms: Decimal | str, actor: User, today: date) -> InductionPeriod:
    """INT-002/RIAB-004: the ECT leaves the hub's AB: the period closes with the FTE terms served in it (LEN-011)."""
    with transaction.atomic():
        induction = _locked_induction(period.induction_id)
        period = _open_period(induction, period)
        number_of_terms, terms_errors = _checked_terms(number_of_terms)
        errors = _check_end(period, finished_on, today=today) | terms_errors
        if errors:
            raise ValidationError(errors)
        period.finished_on, period.number_of_terms = finished_on, number_of_terms
        period._history_user = actor
        period.save(update_fields=["finished_on", "number_of_terms"])
        refresh_induction_state([induction.pk])
        schedule_interim_on_release(period)  # INT-001
    return period


def record_outcome(
    period: InductionPeriod, *, outcome: str, finished_on: date, number_of_terms: Decimal | str, actor: User, today: date,
    fail_confirmation_sent_on: date | None = None,
) -> InductionPeriod:
    """Pass or fail, on the period open at completion; one outcome per teacher (RIAB fail flow, outcome integrity)."""
    with transaction.atomic():
        induction = _locked_induction(period.induction_id)
        period = _open_period(induction, period)
        if induction.periods.exclude(outcome="").exists():
            raise ValidationError("This teacher already has an induction outcome, and there can only be one")
        number_of_terms, terms_errors = _checked_terms(number_of_terms)
        errors = _check_end(period, finished_on, today=today) | terms_errors
        if outcome not in Outcome.values:
            errors["outcome"] = ["Select pass or fail"]
        if outcome == Outcome.FAIL:
            errors |= _check_fail_notice(fail_confirmation_sent_on, finished_on=finished_on, today=today)
        if errors:
            raise ValidationError(errors)
        period.finished_on, period.number_of_terms, period.outcome = finished_on, number_of_terms, outcome
        period.fail_confirmation_sent_on = fail_confirmation_sent_on if outcome == Outcome.FAIL else None
        period._history_user = actor
        period.save(update_fields=["finished_on", "number_of_terms", "outcome", "fail_confirmation_sent_on"])
        refresh_induction_state([induction.pk])
    return period


def _check_fail_notice(sent_on: date | None, *, finished_on: date, today: date) -> dict:
    """The AB must have written to the ECT (fail, right of appeal, how to appeal) before recording a fail."""
    if sent_on is None:
        return {"fail_confirmation_sent_on": ["Enter the date you wrote to the ECT about the fail and their right of appeal"]}
    if sent_on > today:
        return {"fail_confirmation_sent_on": ["The date you wrote to the ECT cannot be in the future"]}
    if sent_on < finished_on:
        return {"fail_confirmation_sent_on": [f"The date you wrote to the ECT cannot be before the end date ({long_date(finished_on)})"]}
    return {}


def add_extension(induction: Induction, *, terms: Decimal | str, reason: str, decided_on: date, actor: User) -> Extension:
    """EXT-002/EXT-006: an AB-decided extension at completion (EXT-001), in FTE terms (0.1–16, 1 dp), with its reason."""
    errors = {}
    try:
        terms = check_extension_terms(terms)
    except InvalidTerms as problem:
        errors["terms"] = [str(problem)]
    if not reason.strip():
        errors["reason"] = ["Enter the reason for the extension"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        induction = _locked_induction(induction.pk)
        if induction.periods.exclude(outcome="").exists():
            raise ValidationError("This teacher's induction already has an outcome, so it cannot be extended")
        if not CompletionDecision.objects.filter(induction=induction).exists():
            # Absence extends a year by itself (ABS-002); the AB's extension is decided at the end.
            raise ValidationError("Apart from absence, induction is only extended when it is complete (EXT-001): "
                                  "record the completion first")
        extension = Extension(induction=induction, terms=terms, reason=reason.strip(), decided_on=decided_on, created_by=actor)
        extension._history_user = actor
        extension.save()
        sync_open_period(induction.pk)  # the final assessment moves with the extension
    return extension


def record_reduction(induction: Induction, *, terms: Decimal | str, actor: User) -> Induction:
    """LEN-005/006: the reduction the AB agreed (with the ECT's consent, ABD-007), in FTE terms; never below 1 term to serve."""
    with transaction.atomic():
        induction = _locked_induction(induction.pk)
        try:
            # LEN-006: what is left to serve never goes below one term, whatever the extensions.
            terms_required([], terms)
        except InvalidTerms as problem:
            raise ValidationError({"terms": [str(problem)]}) from None
        if induction.periods.exclude(outcome="").exists():
            raise ValidationError("This teacher's induction already has an outcome, so it cannot be reduced")
        induction.reduction_terms = Decimal(str(terms))
        induction._history_user = actor
        induction.save(update_fields=["reduction_terms"])
        sync_open_period(induction.pk)  # the final assessment comes forward with the reduction
    return induction


def record_earlier_period(
    induction: Induction, *, school: School, other_appropriate_body: str, started_on: date, finished_on: date,
    number_of_terms: Decimal, fte: Decimal, training_programme: str, actor: User, today: date,
) -> InductionPeriod:
    """A finished spell served with another AB (REGN-008), so the whole induction adds up; never overlapping (RIAB-005)."""
    period = InductionPeriod(
        induction=induction, school=school, other_appropriate_body=other_appropriate_body.strip(), started_on=started_on,
        finished_on=finished_on, number_of_terms=number_of_terms, fte=fte, training_programme=training_programme, created_by=actor,
    )
    period.number_of_terms, terms_errors = _checked_terms(number_of_terms)
    errors = _check_end(period, finished_on, today=today) | terms_errors
    if not other_appropriate_body.strip():
        errors["other_appropriate_body"] = ["Enter the name of the appropriate body"]
    if not Decimal(0) < fte <= Decimal(1):
        errors["fte"] = ["Enter the FTE as a number above 0 and up to 1, like 0.6"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        induction = _locked_induction(induction.pk)
        if clash := _overlapping(induction, started_on, finished_on):
            raise ValidationError({"started_on": [f"These dates overlap the period at {clash.school} from {long_date(clash.started_on)}: "
                                                  "periods cannot overlap, and the next one starts the day after the last one ends"]})
        period._history_user = actor
        period.save()
        refresh_induction_state([induction.pk])
    return period


def _overlapping(induction: Induction, started_on: date, finished_on: date | None) -> InductionPeriod | None:
    """RIAB-005: ranges are inclusive at both ends; an open period runs on for ever."""
    far = date.max
    for other in induction.periods.select_related("school"):
        if other.started_on <= (finished_on or far) and started_on <= (other.finished_on or far):
            return other
    return None
