"""From completion to the AB's decision and its notices, with the statutory clocks (DL-001..DL-013).

Each step records a date; `deadlines_for` turns those dates into the duties still owed, each
with its rule, due date and how it stands, on through an appeal (appropriate_body.appeals). The decision itself goes through appropriate_body.periods
(pass or fail closes the period with the outcome; extend adds an extension), so its rules hold.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from appropriate_body.inductions.periods import add_extension, record_outcome
from appropriate_body.models import Appeal, AppealOutcome, CompletionDecision, Decision, Induction, Recommendation
from appropriate_body.rules.deadlines import (
    Deadline,
    DeadlineStatus,
    EmploymentEndTrigger,
    ab_appeal_response_due,
    ab_decision_due,
    appeal_window_ends,
    deadline_status,
    decision_notices_due,
    employment_ends_by,
    headteacher_recommendation_due,
    representations_due,
)
from hubportal.lib.dates import long_date
from participants.models import User


def _locked(completion: CompletionDecision) -> CompletionDecision:
    Induction.objects.select_for_update().get(pk=completion.induction_id)
    return CompletionDecision.objects.select_related("induction").get(pk=completion.pk)


def _save(completion: CompletionDecision, actor: User, fields: list[str]) -> CompletionDecision:
    completion._history_user = actor
    completion.save(update_fields=fields)
    return completion


def record_completion(induction: Induction, *, completed_on: date, actor: User, today: date) -> CompletionDecision:
    """LEN-007: the ECT has completed the induction; DL-001's clock starts (the headteacher's recommendation)."""
    with transaction.atomic():
        induction = Induction.objects.select_for_update().get(pk=induction.pk)
        open_period = induction.periods.filter(finished_on__isnull=True).first()
        if open_period is None:
            raise ValidationError("Only an induction with an open period can be completed")
        if CompletionDecision.objects.filter(induction=induction).exists():
            raise ValidationError("The completion of this induction is already recorded")
        if completed_on < open_period.started_on:
            raise ValidationError({"completed_on": [f"The completion date cannot be before the period started ({long_date(open_period.started_on)})"]})
        if completed_on > today:
            raise ValidationError({"completed_on": ["The completion date cannot be in the future"]})
        completion = CompletionDecision(induction=induction, completed_on=completed_on, created_by=actor)
        completion._history_user = actor
        completion.save()
    return completion


def record_recommendation(completion: CompletionDecision, *, recommendation: str, received_on: date, actor: User, today: date) -> CompletionDecision:
    """DL-001 met; DL-003 (the ECT's representations) and DL-004 (the AB's decision) start from `received_on`."""
    errors = {}
    if recommendation not in Recommendation.values:
        errors["recommendation"] = ["Select the headteacher's recommendation"]
    if received_on > today:
        errors["received_on"] = ["The date it arrived cannot be in the future"]
    elif received_on < completion.completed_on:
        errors["received_on"] = [f"The recommendation cannot arrive before the induction was completed ({long_date(completion.completed_on)})"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        completion = _locked(completion)
        if completion.decision:
            raise ValidationError("The AB has already decided, so the recommendation can no longer change")
        completion.recommendation, completion.recommendation_received_on = recommendation, received_on
        return _save(completion, actor, ["recommendation", "recommendation_received_on"])


def record_representations(completion: CompletionDecision, *, received_on: date, text: str, actor: User, today: date) -> CompletionDecision:
    """DL-003/DL-005: the ECT's written representations, which the AB must consider before deciding."""
    if not text.strip():
        raise ValidationError({"text": ["Enter what the ECT said, or a summary and where the full text is kept"]})
    with transaction.atomic():
        completion = _locked(completion)
        if not completion.recommendation_received_on:
            raise ValidationError("Record the headteacher's recommendation first: the ECT comments on it")
        if completion.decision:
            raise ValidationError("The AB has already decided")
        if received_on > today or received_on < completion.recommendation_received_on:
            raise ValidationError({"received_on": [
                f"Enter a date from {long_date(completion.recommendation_received_on)}, when the recommendation arrived, to today"]})
        completion.representations_received_on, completion.representations = received_on, text.strip()
        return _save(completion, actor, ["representations_received_on", "representations"])


def record_decision(
    completion: CompletionDecision, *, decision: str, decided_on: date, reason: str, number_of_terms: Decimal | str,
    actor: User, today: date, extension_terms: Decimal | str | None = None, fail_confirmation_sent_on: date | None = None,
) -> CompletionDecision:
    """DL-004/DL-005: pass, extend or fail, having considered the recommendation and any representations."""
    with transaction.atomic():
        completion = _locked(completion)
        _check_can_decide(completion, decision=decision, decided_on=decided_on, today=today)
        period = completion.induction.periods.filter(finished_on__isnull=True).first()
        if period is None:
            raise ValidationError("This induction has no open period to decide on")
        if decision == Decision.EXTEND:
            add_extension(completion.induction, terms=extension_terms or "", reason=reason, decided_on=decided_on, actor=actor)
        else:
            record_outcome(period, outcome=decision, finished_on=completion.completed_on, number_of_terms=number_of_terms,
                           fail_confirmation_sent_on=fail_confirmation_sent_on, actor=actor, today=today)
        completion.decision, completion.decided_on, completion.decision_reason = decision, decided_on, reason.strip()
        return _save(completion, actor, ["decision", "decided_on", "decision_reason"])


def _check_can_decide(completion: CompletionDecision, *, decision: str, decided_on: date, today: date) -> None:
    if completion.decision:
        raise ValidationError("The AB has already decided on this induction")
    if decision not in Decision.values:
        raise ValidationError({"decision": ["Select pass, extend or fail"]})
    if not completion.recommendation_received_on:
        raise ValidationError("Record the headteacher's recommendation first: the AB must consider it (DL-005)")
    if decided_on > today or decided_on < completion.recommendation_received_on:
        raise ValidationError({"decided_on": [f"Enter a date from {long_date(completion.recommendation_received_on)} to today"]})
    window = representations_due(completion.recommendation_received_on).due_on
    if completion.representations_received_on is None and decided_on <= window:
        raise ValidationError({"decided_on": [
            f"The ECT has until {long_date(window)} to send comments on the recommendation (DL-003). "
            "Decide after that, or record their comments first"]})


def record_notices(completion: CompletionDecision, *, sent_on: date, method: str, actor: User, today: date) -> CompletionDecision:
    """DL-006/DL-008: written notice to the ECT, the headteacher, the employer and TRA (with the right of appeal for extend or fail)."""
    with transaction.atomic():
        completion = _locked(completion)
        if not completion.decided_on:
            raise ValidationError("Record the decision first")
        if method not in ("email", "by hand"):
            raise ValidationError({"method": ["Select how the notices were sent"]})
        if sent_on > today or sent_on < completion.decided_on:
            raise ValidationError({"sent_on": [f"Enter a date from {long_date(completion.decided_on)}, the decision, to today"]})
        completion.notices_sent_on, completion.notices_sent_by = sent_on, method
        return _save(completion, actor, ["notices_sent_on", "notices_sent_by"])


@dataclass(frozen=True)
class Duty:
    deadline: Deadline
    status: DeadlineStatus | None  # None: someone else's window (see whose), not a duty the AB can be late on
    whose: str = "ECT"


def deadlines_for(completion: CompletionDecision, *, today: date) -> list[Duty]:
    """Every clock running or run on this completion, in order, with how each stands today."""
    recommendation = headteacher_recommendation_due(completion.completed_on)
    duties = [Duty(recommendation, deadline_status(recommendation.due_on, today=today, done_on=completion.recommendation_received_on))]
    if completion.recommendation_received_on:
        duties.append(Duty(representations_due(completion.recommendation_received_on), None))
        decision = ab_decision_due(completion.recommendation_received_on)
        duties.append(Duty(decision, deadline_status(decision.due_on, today=today, done_on=completion.decided_on)))
    if completion.decided_on:
        notices = decision_notices_due(completion.decided_on)
        duties.append(Duty(notices, deadline_status(notices.due_on, today=today, done_on=completion.notices_sent_on)))
    if completion.notices_sent_on and completion.decision in (Decision.EXTEND, Decision.FAIL):
        window = appeal_window_ends(completion.notices_sent_on, completion.notices_sent_by)
        duties.append(Duty(window, None))
        duties += _appeal_duties(completion, window, today=today)
    return duties


def _appeal_duties(completion: CompletionDecision, window: Deadline, *, today: date) -> list[Duty]:
    """DL-011: the AB's reply once TRA's copy of the appeal arrives. After a fail, the employer's
    10 working days to end the ECT's employment: DL-013 from a dismissed appeal, DL-012 once the
    DL-009 window has passed with no appeal recorded.

    DL-013 runs from the day the employer heard the outcome; the portal knows the day the AB did,
    which TRA sends to both at once, so that date stands in for it.
    """
    try:
        appeal = completion.appeal
    except Appeal.DoesNotExist:
        if completion.decision == Decision.FAIL and today > window.due_on:
            expired = employment_ends_by(window.due_on, trigger=EmploymentEndTrigger.APPEAL_TIME_EXPIRED)
            return [Duty(expired, None, "employer")]
        return []
    reply = ab_appeal_response_due(appeal.copy_received_on)
    duties = [Duty(reply, deadline_status(reply.due_on, today=today, done_on=appeal.response_sent_on))]
    if completion.decision == Decision.FAIL and appeal.outcome == AppealOutcome.DISMISSED:
        dismissed = employment_ends_by(appeal.outcome_received_on, trigger=EmploymentEndTrigger.APPEAL_DISMISSED)
        duties.append(Duty(dismissed, None, "employer"))
    return duties
