"""Evaluation pages: a participant's evaluations and their answer; hub staff's list, opening form and results.

Participants reach only the evaluations that programmes.evaluations.evaluations.evaluations_for gives
them; staff pages are for hub staff. Anyone else gets 404, so the pages do not reveal what exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hubportal.lib.exports import csv_response
from hubportal.lib.forms import add_domain_error
from participants import access
from programmes.evaluations.evaluations import (
    answering,
    answers_csv,
    answers_of,
    evaluations_for,
    evaluations_with_results,
    get_evaluation_to_answer,
    led_schools,
    open_evaluation,
    results_of,
    submit_answer,
)
from programmes.evaluations.forms import AnswerForm, OpenEvaluationForm
from programmes.models import Evaluation

COMMENTS_PER_PAGE = 50


# --- Participants -------------------------------------------------------------------------------


@login_required
@require_GET
def my_evaluations(request):
    """The open evaluations the user can still answer, and the ones they (or their school) answered."""
    today = timezone.localdate()
    evaluations = list(evaluations_for(request.user).select_related("event", "cohort__programme").order_by("closes_on", "pk"))
    schools = list(led_schools(request.user).order_by("name")) if any(e.kind == Evaluation.Kind.SCHOOLS for e in evaluations) else []
    answers = answers_of(request.user, evaluations, schools)
    states = [answering(request.user, evaluation, answers[evaluation.pk], schools) for evaluation in evaluations]
    to_answer = [state for state in states if not state.done and state.evaluation.is_open_on(today)]
    answered = [state for state in states if state.answers]
    return render(request, "programmes/feedback/mine.html", {"to_answer": to_answer, "answered": answered, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_answer(request, evaluation):
    evaluation = get_evaluation_to_answer(request.user, evaluation)
    today = timezone.localdate()
    schools = list(led_schools(request.user).order_by("name")) if evaluation.kind == Evaluation.Kind.SCHOOLS else []
    state = answering(request.user, evaluation, answers_of(request.user, [evaluation], schools)[evaluation.pk], schools)
    is_open = evaluation.is_open_on(today)
    form = None
    if is_open and not state.done:
        form = AnswerForm(request.POST if request.method == "POST" else None, evaluation=evaluation, schools=state.schools_left)
        if request.method == "POST" and form.is_valid():
            try:
                submit_answer(
                    evaluation, respondent=request.user, rating=form.cleaned_data["rating"],
                    comments=form.cleaned_data["comments"], school=form.cleaned_data.get("school"),
                )
            except ValidationError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"Thank you: your answer to “{evaluation.title}” is saved.")
                return redirect("programmes:my_evaluations")
    elif request.method == "POST":
        # A form left open past the closing date, or answered in another tab: nothing is saved.
        messages.error(request, "Your answer was not saved: " + (
            "you have already answered this evaluation." if state.done else "this evaluation is not open."
        ))
    context = {"evaluation": evaluation, "state": state, "form": form, "is_open": is_open, "today": today}
    return render(request, "programmes/feedback/answer.html", context)


# --- Hub staff ------------------------------------------------------------------------------------


def _evaluation_for_staff(user, public_id) -> Evaluation:
    access.require_hub_staff(user)
    return get_object_or_404(Evaluation.objects.select_related("event", "cohort__programme"), public_id=public_id)


@login_required
@require_GET
def evaluation_list(request):
    access.require_hub_staff(request.user)
    kind = request.GET.get("kind", "")
    if kind not in Evaluation.Kind.values:
        kind = ""
    evaluations = list(evaluations_with_results(kind))
    context = {"evaluations": evaluations, "kind": kind, "kinds": Evaluation.Kind.choices, "today": timezone.localdate()}
    return render(request, "programmes/feedback/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_open(request):
    access.require_hub_staff(request.user)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in Evaluation.Kind.values else {}
    form = OpenEvaluationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = open_evaluation(**form.evaluation_data(), actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"“{evaluation.title}” is open from {evaluation.opens_on:%-d %B %Y} to {evaluation.closes_on:%-d %B %Y}.")
            return redirect("programmes:survey_results", evaluation=evaluation.public_id)
    return render(request, "programmes/feedback/open.html", {"form": form})


@login_required
@require_GET
def evaluation_results(request, evaluation):
    evaluation = _evaluation_for_staff(request.user, evaluation)
    results = results_of(evaluation)
    comments = evaluation.answers.exclude(comments="").select_related("school").order_by("-submitted_at", "-pk")
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"evaluation": evaluation, "results": results, "page": page, "today": timezone.localdate(),
               "is_schools": evaluation.kind == Evaluation.Kind.SCHOOLS}
    return render(request, "programmes/feedback/results.html", context)


@login_required
@require_GET
def evaluation_csv(request, evaluation):
    evaluation = _evaluation_for_staff(request.user, evaluation)
    header, rows = answers_csv(evaluation)
    return csv_response(header, rows, f"evaluation-{evaluation.public_id}.csv")
