"""A subject access request's export, for hub staff: build it, watch it being built, download it, answer the request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from privacy.access import export as domain
from privacy.models import DataRequest
from privacy.requests.views import request_for


def _access_request(user, public_id) -> DataRequest:
    data_request = request_for(user, public_id)
    if data_request.kind != DataRequest.Kind.ACCESS:
        raise Http404("No such page")
    return data_request


@require_POST
@login_required
def export_start(request, public_id):
    data_request = _access_request(request.user, public_id)
    if domain.start_export(data_request, actor=request.user):
        messages.success(request, "The export is being built. This page shows how far it has got.")
    return redirect("privacy:request_detail", data_request.public_id)


@require_safe
@login_required
def export_progress(request, public_id):
    """The export's part of the request page, polled while it is built: 204 while nothing has changed."""
    data_request = _access_request(request.user, public_id)
    status = domain.export_status(data_request, timezone.now())
    if status.building and request.GET.get("seen") == status.seen:
        return HttpResponse(status=204)
    return render(request, "privacy/access/_export.html", {"data_request": data_request, "export": status, "polled": True})


@require_safe
@login_required
def export_download(request, public_id):
    data_request = _access_request(request.user, public_id)
    if not domain.export_status(data_request, timezone.now()).available:
        raise Http404("No such export")
    response = FileResponse(data_request.export_file.open("rb"), as_attachment=True, content_type="application/zip",
                            filename=f"subject-access-{data_request.received_on:%Y-%m-%d}.zip")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def request_complete(request, public_id):
    data_request = _access_request(request.user, public_id)
    if domain.complete_request(data_request, actor=request.user):
        messages.success(request, "The request is answered. It stops naming the person once the download expires.")
    return redirect("privacy:request_detail", data_request.public_id)
