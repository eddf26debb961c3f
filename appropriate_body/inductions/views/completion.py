"""One page for the end of an induction: the step that is next, and every statutory clock so far.

Steps in order (appropriate_body.decisions): completion, the headteacher's recommendation, the ECT's
representations (optional), the decision, the notices. Each POST names its step. After the notices
of an extend or fail decision, the appeal's forms (views.appeals, which they post to).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from appropriate_body.access import get_induction_for
from appropriate_body.inductions.decisions import (
    deadlines_for,
    record_completion,
    record_decision,
    record_notices,
    record_recommendation,
    record_representations,
)
from appropriate_body.inductions.forms import CompletionForm, DecisionForm, NoticesForm, RecommendationForm, RepresentationsForm
from appropriate_body.inductions.views.appeals import appeal_context
from appropriate_body.models import CompletionDecision, Induction
from hubportal.lib.forms import add_domain_error


def _steps(completion: CompletionDecision | None) -> list[str]:
    """The forms the page offers now."""
    if completion is None:
        return ["completion"]
    if not completion.recommendation_received_on:
        return ["recommendation"]
    if not completion.decided_on:
        return ["decision"] if completion.representations_received_on else ["representations", "decision"]
    return [] if completion.notices_sent_on else ["notices"]


FORMS = {"completion": CompletionForm, "recommendation": RecommendationForm, "representations": RepresentationsForm,
         "decision": DecisionForm, "notices": NoticesForm}


def _apply(step: str, induction: Induction, completion: CompletionDecision | None, data: dict, *, actor, today) -> str:
    if step == "completion":
        record_completion(induction, completed_on=data["completed_on"], actor=actor, today=today)
        return "Completion recorded: the headteacher's recommendation is now due."
    if step == "recommendation":
        record_recommendation(completion, recommendation=data["recommendation"], received_on=data["received_on"], actor=actor, today=today)
        return "Recommendation recorded: the ECT may comment, and the decision is now due."
    if step == "representations":
        record_representations(completion, received_on=data["received_on"], text=data["text"], actor=actor, today=today)
        return "The ECT's comments are recorded."
    if step == "decision":
        done = record_decision(completion, decision=data["decision"], decided_on=data["decided_on"], reason=data["reason"],
                               number_of_terms=data["number_of_terms"], extension_terms=data["extension_terms"],
                               fail_confirmation_sent_on=data["fail_confirmation_sent_on"], actor=actor, today=today)
        return f"Decision recorded: {done.get_decision_display().lower()}. The notices are now due."
    record_notices(completion, sent_on=data["sent_on"], method=data["method"], actor=actor, today=today)
    return "Notices recorded."


@login_required
@require_http_methods(["GET", "POST"])
def case_completion(request, induction):
    induction = get_induction_for(request.user, induction, Induction.objects.select_related("teacher"))
    completion = CompletionDecision.objects.filter(induction=induction).first()
    today = timezone.localdate()
    steps = _steps(completion)
    posted = request.POST.get("step") if request.method == "POST" else None
    forms = {step: FORMS[step](request.POST if step == posted else None, prefix=step) for step in steps}
    if posted in forms and forms[posted].is_valid():
        try:
            done = _apply(posted, induction, completion, forms[posted].cleaned_data, actor=request.user, today=today)
        except ValidationError as problem:
            add_domain_error(forms[posted], problem)
        else:
            messages.success(request, done)
            return redirect("appropriate_body:case_completion", induction=induction.public_id)
    return render(request, "appropriate_body/inductions/completion.html", {
        "induction": induction, "completion": completion, "forms": forms,
        "form": forms.get(posted) if posted in forms else None,
        "duties": deadlines_for(completion, today=today) if completion else [],
        **appeal_context(completion),
    })
