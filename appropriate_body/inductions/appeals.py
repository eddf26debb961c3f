"""Appeals to TRA against the AB's extend or fail decision: the copy TRA sends, the AB's reply, TRA's outcome.

TRA hears the appeal; the AB records what it received and sent, so the clocks it owes (DL-011)
and the employer's (DL-012/DL-013) show on the completion page (decisions.deadlines_for).
The outcome is recorded only: after an allowed appeal against a fail, DfE changes the
induction record by hand (ELIG-009), so nothing here touches periods or extensions.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from appropriate_body.models import Appeal, AppealOutcome, CompletionDecision, Decision, Induction
from appropriate_body.rules.deadlines import Deadline, appeal_window_ends
from appropriate_body.rules.terms import InvalidTerms, check_extension_terms
from hubportal.lib.dates import long_date
from participants.models import User

APPEALABLE = (Decision.EXTEND, Decision.FAIL)


def _locked_completion(completion: CompletionDecision) -> CompletionDecision:
    # The induction row is the one every completion step locks (decisions._locked), so an appeal
    # and a late change to the decision cannot interleave.
    Induction.objects.select_for_update().get(pk=completion.induction_id)
    return CompletionDecision.objects.select_related("induction").get(pk=completion.pk)


def _locked_appeal(appeal: Appeal) -> Appeal:
    _locked_completion(appeal.completion)
    return Appeal.objects.select_related("completion__induction").get(pk=appeal.pk)


def _save(appeal: Appeal, actor: User, fields: list[str] | None = None) -> Appeal:
    appeal._history_user = actor
    appeal.save(update_fields=fields)
    return appeal


def appeal_deadline(completion: CompletionDecision) -> Deadline | None:
    """DL-009: the ECT's last day to appeal, once notice of an extend or fail decision has gone."""
    if completion.decision not in APPEALABLE or not completion.notices_sent_on:
        return None
    return appeal_window_ends(completion.notices_sent_on, completion.notices_sent_by)


def out_of_time(appeal: Appeal) -> Deadline | None:
    """DL-009: the window the appeal was lodged after, or None when in time or the lodging date is unknown.

    Late is not refused: TRA may hear it in exceptional circumstances, so the page only says so.
    """
    window = appeal_deadline(appeal.completion)
    if window is None or appeal.lodged_on is None or appeal.lodged_on <= window.due_on:
        return None
    return window


def record_appeal(completion: CompletionDecision, *, copy_received_on: date, lodged_on: date | None, actor: User, today: date) -> Appeal:
    """DL-009/DL-011: TRA's copy of the ECT's notice of appeal reached the AB; the AB's 20 working days start.

    Only an extend or fail decision is appealable (DL-008, EXT-003), and only once its notices went.
    """
    with transaction.atomic():
        completion = _locked_completion(completion)
        if completion.decision not in APPEALABLE:
            raise ValidationError("Only a decision to extend or fail can be appealed")
        if not completion.notices_sent_on:
            raise ValidationError("Record the notices of the decision first: the ECT appeals against the notice (DL-009)")
        if Appeal.objects.filter(completion=completion).exists():
            raise ValidationError("An appeal against this decision is already recorded")
        notices = long_date(completion.notices_sent_on)
        errors = {}
        if copy_received_on > today:
            errors["copy_received_on"] = ["The date TRA's copy arrived cannot be in the future"]
        elif copy_received_on < completion.notices_sent_on:
            errors["copy_received_on"] = [f"TRA's copy cannot arrive before the notices were sent ({notices})"]
        if lodged_on is not None:
            if lodged_on > today:
                errors["lodged_on"] = ["The date the ECT appealed cannot be in the future"]
            elif lodged_on < completion.notices_sent_on:
                errors["lodged_on"] = [f"The ECT cannot appeal before the notices were sent ({notices})"]
            elif lodged_on > copy_received_on and "copy_received_on" not in errors:
                errors["lodged_on"] = ["The ECT must have appealed on or before the day TRA's copy arrived"]
        if errors:
            raise ValidationError(errors)
        appeal = Appeal(completion=completion, copy_received_on=copy_received_on, lodged_on=lodged_on, created_by=actor)
        return _save(appeal, actor)


def record_appeal_response(
    appeal: Appeal, *, sent_on: date, defends: bool | None, oral_hearing_requested: bool, summary: str, actor: User, today: date,
) -> Appeal:
    """DL-011: the AB's reply to TRA: whether it defends the decision and, if so, its response to the
    grounds, whether it wants an oral hearing and the documents it relies on."""
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        if appeal.response_sent_on:
            raise ValidationError("The AB's reply to this appeal is already recorded")
        if appeal.outcome:
            raise ValidationError("TRA has already decided this appeal")
        errors = {}
        if sent_on > today:
            errors["sent_on"] = ["The date the reply was sent cannot be in the future"]
        elif sent_on < appeal.copy_received_on:
            errors["sent_on"] = [f"The reply cannot be sent before TRA's copy arrived ({long_date(appeal.copy_received_on)})"]
        if defends is None:
            errors["defends"] = ["Select whether the AB defends its decision"]
        elif defends and not summary.strip():
            errors["summary"] = ["Enter the AB's response to the grounds and the documents it relies on"]
        elif not defends and oral_hearing_requested:
            # DL-011 asks about a hearing only of an AB that defends.
            errors["oral_hearing_requested"] = ["The AB asks for an oral hearing only if it defends its decision"]
        if errors:
            raise ValidationError(errors)
        appeal.response_sent_on, appeal.defends = sent_on, defends
        appeal.oral_hearing_requested, appeal.response_summary = oral_hearing_requested, summary.strip()
        return _save(appeal, actor, ["response_sent_on", "defends", "oral_hearing_requested", "response_summary"])


def record_appeal_outcome(
    appeal: Appeal, *, outcome: str, received_on: date, terms: str | None, notes: str, actor: User, today: date,
) -> Appeal:
    """DL-015/EXT-003: TRA allowed the appeal, dismissed it, or extended the induction (against a fail)
    or substituted another extension length (against an extension). Recorded once, and recorded
    only: the induction's periods change by DfE's manual process (ELIG-009). A dismissed appeal
    against a fail starts the employer's DL-013 clock."""
    errors = {}
    if outcome not in AppealOutcome.values:
        errors["outcome"] = ["Select TRA's outcome"]
    checked_terms = None
    if outcome == AppealOutcome.EXTENDED:
        if terms is None or not str(terms).strip():
            errors["terms"] = ["Enter the length of the extension TRA set, like 1.5"]
        else:
            try:
                checked_terms = check_extension_terms(terms)
            except InvalidTerms as problem:
                errors["terms"] = [str(problem)]
    elif terms is not None and str(terms).strip():
        errors["terms"] = ["Enter a length only when TRA extended the induction"]
    if received_on > today:
        errors["received_on"] = ["The date the outcome arrived cannot be in the future"]
    with transaction.atomic():
        appeal = _locked_appeal(appeal)
        if appeal.outcome:
            raise ValidationError("TRA's outcome of this appeal is already recorded")
        if "received_on" not in errors and received_on < appeal.copy_received_on:
            errors["received_on"] = [f"The outcome cannot arrive before the appeal did ({long_date(appeal.copy_received_on)})"]
        if errors:
            raise ValidationError(errors)
        appeal.outcome, appeal.outcome_received_on = outcome, received_on
        appeal.outcome_terms, appeal.outcome_notes = checked_terms, notes.strip()
        return _save(appeal, actor, ["outcome", "outcome_received_on", "outcome_terms", "outcome_notes"])
