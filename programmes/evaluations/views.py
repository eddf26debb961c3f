"""Evaluation pages: a participant's evaluations and their answer; hub staff's list, opening form and results.

Participants reach only the surveys programmes.feedback.surveys_for gives them; staff pages are
for hub staff. Anyone else gets 404, so the pages do not reveal what exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hubportal.lib.exports import csv_bytes, download
from hubportal.lib.forms import add_domain_error
from participants import access
from programmes.evaluations.evaluations import (
    answering,
    answers_of,
    get_survey_to_answer,
    led_schools,
    open_survey,
    responses_csv,
    submit_response,
    surveys_for,
    surveys_with_results,
)
from programmes.evaluations.evaluations import survey_results as results_of
from programmes.evaluations.forms import AnswerForm, OpenSurveyForm
from programmes.models import Survey

COMMENTS_PER_PAGE = 50


# --- Participants -------------------------------------------------------------------------------


@login_required
@require_GET
def my_evaluations(request):
    """The open evaluations the user can still answer, and the ones they (or their school) answered."""
    today = timezone.localdate()
    surveys = list(surveys_for(request.user).select_related("event", "cohort__programme").order_by("closes_on", "pk"))
    schools = list(led_schools(request.user).order_by("name")) if any(s.kind == Survey.Kind.SCHOOLS for s in surveys) else []
    answers = answers_of(request.user, surveys, schools)
    states = [answering(request.user, survey, answers[survey.pk], schools) for survey in surveys]
    to_answer = [state for state in states if not state.done and state.survey.is_open_on(today)]
    answered = [state for state in states if state.answers]
    return render(request, "programmes/feedback/mine.html", {"to_answer": to_answer, "answered": answered, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_answer(request, survey):
    survey = get_survey_to_answer(request.user, survey)
    today = timezone.localdate()
    schools = list(led_schools(request.user).order_by("name")) if survey.kind == Survey.Kind.SCHOOLS else []
    state = answering(request.user, survey, answers_of(request.user, [survey], schools)[survey.pk], schools)
    is_open = survey.is_open_on(today)
    form = None
    if is_open and not state.done:
        form = AnswerForm(request.POST if request.method == "POST" else None, survey=survey, schools=state.schools_left)
        if request.method == "POST" and form.is_valid():
            try:
                submit_response(
                    survey, respondent=request.user, rating=form.cleaned_data["rating"],
                    comments=form.cleaned_data["comments"], school=form.cleaned_data.get("school"),
                )
            except ValidationError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"Thank you: your answer to “{survey.title}” is saved.")
                return redirect("programmes:my_evaluations")
    elif request.method == "POST":
        # A form left open past the closing date, or answered in another tab: nothing is saved.
        messages.error(request, "Your answer was not saved: " + (
            "you have already answered this evaluation." if state.done else "this evaluation is not open."
        ))
    context = {"survey": survey, "state": state, "form": form, "is_open": is_open, "today": today}
    return render(request, "programmes/feedback/answer.html", context)


# --- Hub staff ------------------------------------------------------------------------------------


def _survey_for_staff(user, public_id) -> Survey:
    access.require_hub_staff(user)
    return get_object_or_404(Survey.objects.select_related("event", "cohort__programme"), public_id=public_id)


@login_required
@require_GET
def survey_list(request):
    access.require_hub_staff(request.user)
    kind = request.GET.get("kind", "")
    if kind not in Survey.Kind.values:
        kind = ""
    surveys = list(surveys_with_results(kind))
    context = {"surveys": surveys, "kind": kind, "kinds": Survey.Kind.choices, "today": timezone.localdate()}
    return render(request, "programmes/feedback/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_open(request):
    access.require_hub_staff(request.user)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in Survey.Kind.values else {}
    form = OpenSurveyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            survey = open_survey(**form.survey_data(), actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"“{survey.title}” is open from {survey.opens_on:%-d %B %Y} to {survey.closes_on:%-d %B %Y}.")
            return redirect("programmes:survey_results", survey=survey.public_id)
    return render(request, "programmes/feedback/open.html", {"form": form})


@login_required
@require_GET
def survey_results(request, survey):
    survey = _survey_for_staff(request.user, survey)
    results = results_of(survey)
    comments = survey.responses.exclude(comments="").select_related("school").order_by("-submitted_at", "-pk")
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"survey": survey, "results": results, "page": page, "today": timezone.localdate(),
               "is_schools": survey.kind == Survey.Kind.SCHOOLS}
    return render(request, "programmes/feedback/results.html", context)


@login_required
@require_GET
def survey_csv(request, survey):
    survey = _survey_for_staff(request.user, survey)
    header, rows = responses_csv(survey)
    return download(csv_bytes(header, rows), f"evaluation-{survey.public_id}.csv")
