"""Pages of the length requests (ABD-007) and the post and contract before the start: thin, over the domain functions.

The school's tutors ask (their own schools only); the ECT answers (their own only); AB staff decide.
Everyone else gets 404 (appropriate_body.access).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from appropriate_body import access
from appropriate_body.claims.readiness import readiness_of, record_post_and_contract
from appropriate_body.length_requests import requests as domain
from appropriate_body.length_requests.forms import (
    AnswerForm,
    DecisionForm,
    ExtensionRequestForm,
    PostAndContractForm,
    ReductionRequestForm,
)
from appropriate_body.models import LengthRequest
from hubportal.lib.forms import add_domain_error
from participants.access import is_ab_staff

Kind = LengthRequest.Kind


def _new(request, urn: int, induction, kind: str):
    induction = access.get_tutored_induction_for(request.user, urn, induction)
    school = domain.current_school(induction)
    form_class = ReductionRequestForm if kind == Kind.REDUCTION else ExtensionRequestForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, today = form.cleaned_data, timezone.localdate()
        try:
            if kind == Kind.REDUCTION:
                made = domain.request_reduction(induction, school=school, basis=data["basis"], terms=data["terms"],
                                                evidence=data["evidence"], headteacher_name=data["headteacher_name"],
                                                actor=request.user, today=today)
            else:
                made = domain.request_extension(induction, school=school, reason=data["reason"], terms=data["terms"],
                                                evidence=data["evidence"], actor=request.user, today=today)
        except ValidationError as problem:
            add_domain_error(form, problem, None if kind == Kind.REDUCTION else {"basis": "reason"})
        else:
            messages.success(request, "Request sent." + (" The ECT is asked to consent first." if kind == Kind.REDUCTION else ""))
            return redirect("appropriate_body:length_request", length_request=made.public_id)
    return render(request, "appropriate_body/quality/request_new.html", {
        "form": form, "induction": induction, "school": school, "kind": kind,
        "title": "Ask to reduce the induction" if kind == Kind.REDUCTION else "Recommend an extension",
    })


@require_http_methods(["GET", "POST"])
@login_required
def reduction_new(request, urn: int, induction):
    return _new(request, urn, induction, Kind.REDUCTION)


@require_http_methods(["GET", "POST"])
@login_required
def extension_new(request, urn: int, induction):
    return _new(request, urn, induction, Kind.EXTENSION)


def _page(request, length_request: LengthRequest, *, answer_form=None, decision_form=None):
    user, today = request.user, timezone.localdate()
    is_ect = length_request.induction.teacher.user_id == user.pk
    can_answer = is_ect and length_request.status == LengthRequest.Status.AWAITING_ECT
    can_decide = is_ab_staff(user) and length_request.status in LengthRequest.OPEN
    return render(request, "appropriate_body/quality/length_request.html", {
        "length_request": length_request, "induction": length_request.induction, "clocks": domain.clocks(length_request, today=today),
        "is_ab_staff": is_ab_staff(user),
        "answer_form": (answer_form or AnswerForm()) if can_answer else None,
        "decision_form": (decision_form or DecisionForm()) if can_decide else None,
    })


@require_safe
@login_required
def length_request(request, length_request):
    return _page(request, access.get_length_request_for(request.user, length_request))


@require_POST
@login_required
def length_request_answer(request, length_request):
    found = access.get_length_request_for(request.user, length_request)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            domain.answer_request(found, answer=form.cleaned_data["answer"], actor=request.user, today=timezone.localdate())
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, "Your answer is sent to the appropriate body and your school.")
            return redirect("appropriate_body:length_request", length_request=found.public_id)
    return _page(request, found, answer_form=form)


@require_POST
@login_required
def length_request_decide(request, length_request):
    found = access.get_length_request_for(request.user, length_request)
    if not is_ab_staff(request.user):
        raise Http404("No such request")
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            domain.decide_request(found, agree=data["decision"] == "agree", terms=data["terms"], reason=data["reason"],
                                  actor=request.user, today=timezone.localdate())
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, "Decision recorded. The school and the ECT are told.")
            return redirect("appropriate_body:length_request", length_request=found.public_id)
    return _page(request, found, decision_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def post_and_contract(request, urn: int, claim):
    """INST-005/MIN-001: the tutor records the headteacher's confirmation of the post and the contract before the start."""
    claim = access.get_tutored_claim_for(request.user, urn, claim)
    initial = {"suitable_post_confirmed": claim.suitable_post_confirmed_on is not None,
               "contract": {True: "permanent", False: "fixed_term"}.get(claim.contract_permanent),
               "contract_ends_on": claim.contract_ends_on}
    form = PostAndContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_post_and_contract(claim, suitable_post_confirmed=data["suitable_post_confirmed"],
                                     contract_permanent=data["contract"] == "permanent", contract_ends_on=data["contract_ends_on"],
                                     actor=request.user, today=timezone.localdate())
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, "Post and contract saved.")
            return redirect("participants:ect_detail", urn=urn, ect=claim.ect_period.public_id)
    return render(request, "appropriate_body/quality/post_and_contract.html", {
        "form": form, "claim": claim, "period": claim.ect_period, "school": claim.ect_period.school, "checks": readiness_of(claim),
    })
