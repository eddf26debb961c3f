"""Erasure, for hub staff: the plan on the request's page, and carrying it out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from privacy.erasure import erase
from privacy.erasure.forms import ErasureForm
from privacy.models import DataRequest
from privacy.people import find_person
from privacy.requests.requests import forget_requester
from privacy.requests.views import detail_context, request_for


@require_POST
@login_required
def erasure_confirm(request, public_id):
    data_request = request_for(request.user, public_id)
    if data_request.kind != DataRequest.Kind.ERASURE or data_request.completed_at:
        raise Http404("No erasure to carry out")
    form = ErasureForm(request.POST)
    if not form.is_valid():
        context = detail_context(data_request, erasure_form=form)
        return render(request, "privacy/requests/detail.html", context, status=400)
    with transaction.atomic():
        # Locked, so a double click erases once and records one answer.
        data_request = DataRequest.objects.select_for_update().get(pk=data_request.pk)
        if data_request.completed_at is None:
            person = find_person(email=data_request.email, trn=data_request.trn)
            items = erase.erase_person(person, certificates=form.cleaned_data["certificates"], actor=request.user,
                                       today=timezone.localdate())
            data_request.outcome, data_request.completed_at, data_request.completed_by = erase.as_outcome(items), timezone.now(), request.user
            data_request.save(update_fields=["outcome", "completed_at", "completed_by"])
            forget_requester(data_request)
    messages.success(request, "The person's records have been erased, except those the hub must keep. Tell them what was kept and why.")
    return redirect("privacy:request_detail", data_request.public_id)
