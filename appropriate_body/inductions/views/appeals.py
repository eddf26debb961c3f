"""The appeal part of the completion page: record TRA's copy of an appeal, the AB's reply, TRA's outcome.

The forms show on the completion page (views.completion) once the notices of an extend or fail
decision have gone; each posts here, to one POST-only view per step of appropriate_body.appeals.
A refused form re-renders the completion page with its errors (400).
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from appropriate_body.access import get_induction_for
from appropriate_body.inductions.appeals import appeal_deadline, out_of_time, record_appeal, record_appeal_outcome, record_appeal_response
from appropriate_body.inductions.decisions import deadlines_for
from appropriate_body.models import Appeal, AppealOutcome, CompletionDecision, Decision, Induction
from appropriate_body.rules.deadlines import ab_appeal_response_due
from hubportal.lib.dates import long_date
from hubportal.lib.forms import DateInputsField, DateInputsWidget, RadioItemsMixin, add_domain_error


class AppealForm(forms.Form):
    copy_received_on = DateInputsField(
        noun="The date TRA's copy arrived", example="2 2 2026", widget=DateInputsWidget(named=False),
        label="Date the AB received TRA's copy of the notice of appeal", error_messages={"required": "Enter the date TRA's copy arrived"},
        help_text="The AB's 20 working days to reply begin on this day (DL-011).")
    lodged_on = DateInputsField(
        noun="The date the ECT appealed", example="26 1 2026", required=False, widget=DateInputsWidget(named=False),
        label="Date the ECT lodged the appeal with TRA (optional)",
        help_text="If you know it. An appeal after the time limit is heard only in exceptional circumstances; TRA decides.")


class AppealReplyForm(RadioItemsMixin, forms.Form):
    sent_on = DateInputsField(noun="The date the reply was sent", example="2 3 2026", widget=DateInputsWidget(named=False),
                              label="Date the AB sent its reply to TRA", error_messages={"required": "Enter the date the reply was sent"})
    defends = forms.ChoiceField(label="Does the AB defend its decision?", widget=forms.RadioSelect,
                                choices=[("yes", "Yes, the AB defends its decision"), ("no", "No, the AB does not defend it")],
                                error_messages={"required": "Select whether the AB defends its decision"})
    oral_hearing_requested = forms.BooleanField(label="The AB asked for an oral hearing", required=False)
    summary = forms.CharField(label="The AB's response to the grounds, and the documents it relies on", required=False,
                              max_length=10000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="A summary and where the full reply is kept is enough. Needed if the AB defends its decision.")


class AppealOutcomeForm(RadioItemsMixin, forms.Form):
    outcome = forms.ChoiceField(label="TRA's outcome", choices=AppealOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select TRA's outcome"})
    received_on = DateInputsField(noun="The date the outcome arrived", example="20 4 2026", widget=DateInputsWidget(named=False),
                                  label="Date the AB received TRA's outcome", error_messages={"required": "Enter the date the outcome arrived"})
    terms = forms.CharField(label="If TRA extended the induction: the length in terms", required=False, max_length=10,
                            help_text="FTE terms, to one decimal place, from 0.1 to 16.",
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-5", "size": 6}))
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


# Prefixes keep these forms' ids apart from the completion steps' on the same page.
PREFIXES = {"appeal": "appeal", "reply": "reply", "outcome": "appeal_outcome"}
FORMS = {"appeal": AppealForm, "reply": AppealReplyForm, "outcome": AppealOutcomeForm}


def _appeal_of(completion: CompletionDecision | None) -> Appeal | None:
    if completion is None:
        return None
    return Appeal.objects.filter(completion=completion).first()


def _appeal_steps(completion: CompletionDecision | None, appeal: Appeal | None) -> list[str]:
    if appeal is None:
        return ["appeal"] if completion is not None and appeal_deadline(completion) else []
    if appeal.outcome:
        return []
    return ["outcome"] if appeal.response_sent_on else ["reply", "outcome"]


def appeal_context(completion: CompletionDecision | None, *, bound: forms.Form | None = None, step: str = "") -> dict:
    """What the completion page shows of an appeal: the DL-009 window, the appeal, and the forms it offers now."""
    appeal = _appeal_of(completion)
    steps = _appeal_steps(completion, appeal)
    appeal_forms = {name: bound if name == step and bound is not None else FORMS[name](prefix=PREFIXES[name]) for name in steps}
    return {
        "appeal": appeal,
        "appeal_window": appeal_deadline(completion) if completion else None,
        "appeal_late": out_of_time(appeal) if appeal else None,
        "appeal_reply_due": ab_appeal_response_due(appeal.copy_received_on) if appeal else None,
        "appeal_against_fail": completion is not None and completion.decision == Decision.FAIL,
        "appeal_forms": appeal_forms,
    }


def _completion_for(request, induction) -> tuple[Induction, CompletionDecision]:
    induction = get_induction_for(request.user, induction, Induction.objects.select_related("teacher"))
    completion = CompletionDecision.objects.filter(induction=induction).first()
    if completion is None:
        raise Http404("No decision to appeal")
    return induction, completion


def _appeal_for(completion: CompletionDecision) -> Appeal:
    appeal = _appeal_of(completion)
    if appeal is None:
        raise Http404("No appeal recorded")
    return appeal


def _refused(request, induction: Induction, completion: CompletionDecision, step: str, form: forms.Form, *, today: date):
    """The completion page again, the form with its errors (forms at the top of the page are done by now)."""
    return render(request, "appropriate_body/inductions/completion.html", {
        "induction": induction, "completion": completion, "forms": {}, "form": form,
        "duties": deadlines_for(completion, today=today), **appeal_context(completion, bound=form, step=step),
    }, status=400)


def _put(form: forms.Form, problem: ValidationError) -> None:
    add_domain_error(form, problem)


def _done(request, induction: Induction, message: str):
    messages.success(request, message)
    return redirect("appropriate_body:case_completion", induction=induction.public_id)


@require_POST
@login_required
def case_appeal(request, induction):
    induction, completion = _completion_for(request, induction)
    today = timezone.localdate()
    form = AppealForm(request.POST, prefix=PREFIXES["appeal"])
    if form.is_valid():
        try:
            appeal = record_appeal(completion, copy_received_on=form.cleaned_data["copy_received_on"],
                                   lodged_on=form.cleaned_data["lodged_on"], actor=request.user, today=today)
        except ValidationError as problem:
            _put(form, problem)
        else:
            message = f"Appeal recorded: the AB's reply to TRA is due by {long_date(ab_appeal_response_due(appeal.copy_received_on).due_on)} (DL-011)."
            if late := out_of_time(appeal):
                message += (f" The ECT appealed after the time limit ended on {long_date(late.due_on)}: "
                            "TRA decides whether exceptional circumstances allow it.")
            return _done(request, induction, message)
    return _refused(request, induction, completion, "appeal", form, today=today)


@require_POST
@login_required
def case_appeal_reply(request, induction):
    induction, completion = _completion_for(request, induction)
    appeal = _appeal_for(completion)
    today = timezone.localdate()
    form = AppealReplyForm(request.POST, prefix=PREFIXES["reply"])
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_appeal_response(appeal, sent_on=data["sent_on"], defends=data["defends"] == "yes",
                                   oral_hearing_requested=data["oral_hearing_requested"], summary=data["summary"],
                                   actor=request.user, today=today)
        except ValidationError as problem:
            _put(form, problem)
        else:
            return _done(request, induction, "The AB's reply to the appeal is recorded.")
    return _refused(request, induction, completion, "reply", form, today=today)


@require_POST
@login_required
def case_appeal_outcome(request, induction):
    induction, completion = _completion_for(request, induction)
    appeal = _appeal_for(completion)
    today = timezone.localdate()
    form = AppealOutcomeForm(request.POST, prefix=PREFIXES["outcome"])
    if form.is_valid():
        data = form.cleaned_data
        try:
            appeal = record_appeal_outcome(appeal, outcome=data["outcome"], received_on=data["received_on"], terms=data["terms"],
                                           notes=data["notes"], actor=request.user, today=today)
        except ValidationError as problem:
            _put(form, problem)
        else:
            message = f"TRA's outcome is recorded: {appeal.get_outcome_display().split(':')[0].lower()}."
            if completion.decision == Decision.FAIL and appeal.outcome != AppealOutcome.DISMISSED:
                # ELIG-009: the portal cannot reopen a failed induction; DfE does it by hand.
                message += " The induction record is not changed here: DfE changes it by hand."
            return _done(request, induction, message)
    return _refused(request, induction, completion, "outcome", form, today=today)
