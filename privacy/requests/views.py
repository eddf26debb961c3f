"""Data subject requests, for hub staff: the list with each request's clock, a new request, and one request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from participants.access import require_hub_staff
from privacy.erasure import erase
from privacy.erasure.forms import ErasureForm
from privacy.models import DataRequest
from privacy.people import find_person, record_counts
from privacy.requests import requests as domain
from privacy.requests.forms import ExtendForm, NewRequestForm

# Answered requests shown below the open ones: the most recent, enough to check on last term's.
ANSWERED_SHOWN = 50


def _with_clock(requests, today):
    return [(request, *domain.clock(request, today)) for request in requests]


@require_safe
@login_required
def request_list(request):
    require_hub_staff(request.user)
    today = timezone.localdate()
    return render(request, "privacy/requests/list.html", {
        "open": _with_clock(DataRequest.objects.filter(completed_at__isnull=True), today),
        "answered": _with_clock(DataRequest.objects.filter(completed_at__isnull=False).order_by("-completed_at")[:ANSWERED_SHOWN], today),
    })


@require_http_methods(["GET", "POST"])
@login_required
def request_new(request):
    require_hub_staff(request.user)
    form = NewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opened = domain.open_request(**form.cleaned_data, actor=request.user)
        messages.success(request, f"Request recorded. It must be answered by {opened.due_on:%-d %B %Y}.")
        return redirect("privacy:request_detail", opened.public_id)
    return render(request, "privacy/requests/new.html", {"form": form}, status=400 if form.errors else 200)


def request_for(user, public_id) -> DataRequest:
    require_hub_staff(user)
    return get_object_or_404(DataRequest, public_id=public_id)


def detail_context(data_request: DataRequest, **extra) -> dict:
    """What the request page shows: the request, its clock, what the portal holds, and the kind's own part."""
    today = timezone.localdate()
    person = find_person(email=data_request.email, trn=data_request.trn)
    state, words = domain.clock(data_request, today)
    context = {"data_request": data_request, "clock_state": state, "clock_words": words, "extend_form": ExtendForm()}
    if data_request.completed_at is None:
        context["counts"] = [(kind, n) for kind, n in record_counts(person) if n]
        if data_request.kind == DataRequest.Kind.ERASURE:
            context.update(erasure_plan=erase.plan(person), erasure_form=ErasureForm())
    return {**context, **extra}


@require_safe
@login_required
def request_detail(request, public_id):
    data_request = request_for(request.user, public_id)
    return render(request, "privacy/requests/detail.html", detail_context(data_request))


@require_POST
@login_required
def request_extend(request, public_id):
    data_request = request_for(request.user, public_id)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        return render(request, "privacy/requests/detail.html", detail_context(data_request, extend_form=form), status=400)
    data_request = domain.extend_request(data_request, reason=form.cleaned_data["reason"], today=timezone.localdate())
    messages.success(request, f"The deadline is now {data_request.due_on:%-d %B %Y}. Tell the person why.")
    return redirect("privacy:request_detail", data_request.public_id)
