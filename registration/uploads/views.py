"""Registering a school's ECTs from a CSV: template, upload, problems or preview, confirm, progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hubportal.lib.exports import csv_response
from participants.access import get_school_to_manage
from participants.models import LeadProvider, TrainingProgramme
from registration.access import get_upload_for
from registration.models import RegistrationUpload
from registration.uploads.bulk import PROBLEM_HEADINGS, confirm_upload, preview, problem_rows, rows_done, start_upload
from registration.uploads.forms import RegistrationUploadForm
from registration.uploads.rows import HEADINGS, MAX_ROWS

Status = RegistrationUpload.Status


def _lead_provider_names() -> list[str]:
    return list(LeadProvider.objects.filter(is_active=True).values_list("name", flat=True))


@require_safe
@login_required
def upload_template(request, urn: int):
    school = get_school_to_manage(request.user, urn)
    return csv_response(HEADINGS, [], f"ects-{school.urn}.csv")


@require_http_methods(["GET", "POST"])
@login_required
def upload_create(request, urn: int):
    school = get_school_to_manage(request.user, urn)
    # Bound on every POST: an empty one must say "Select a CSV file", not show a blank form again.
    form = RegistrationUploadForm(request.POST, request.FILES) if request.method == "POST" else RegistrationUploadForm()
    if form.is_bound and form.is_valid():
        upload = start_upload(
            school,
            filename=form.cleaned_data["file"].name,
            text=form.text,
            rows=form.rows,
            actor=request.user,
            today=timezone.localdate(),
        )
        return redirect("participants:upload_detail", urn=school.urn, upload=upload.public_id)
    return render(request, "participants/uploads/create.html", {
        "school": school, "form": form, "headings": HEADINGS, "max_rows": MAX_ROWS,
        "lead_providers": _lead_provider_names(),
    })


def _progress_context(upload: RegistrationUpload) -> dict:
    done = rows_done(upload)
    return {
        "upload": upload,
        "school": upload.school,
        # While a worker is on it, the page polls for progress.
        "working": upload.status in RegistrationUpload.WORKING,
        "done_rows": done,
        "percent": int(100 * done / upload.rows_total) if upload.rows_total else 0,
    }


def _preview_row(row, lead_providers: dict[int, str]) -> dict:
    details = row.details
    programme = TrainingProgramme(details.training_programme).label
    if details.lead_provider_id:
        programme += f" ({lead_providers[details.lead_provider_id]})"
    return {
        "line": row.line,
        "name": details.name,
        "trn": details.trn,
        "started_on": details.started_on,
        "programme": programme,
        # Whether another school holds them, never which: it is that school's fact (and it will be asked).
        "moving": bool(row.moves_from),
    }


@require_safe
@login_required
def upload_detail(request, urn: int, upload):
    upload = get_upload_for(request.user, urn, upload)
    context = _progress_context(upload)
    if upload.status == Status.INVALID:
        context["rows_with_problems"] = len({problem["line"] for problem in upload.results})
    elif upload.status == Status.READY and (checked := preview(upload, today=timezone.localdate())):
        context["checked"] = checked
        context["ready_rows"] = [_preview_row(row, checked.lead_providers) for row in checked.ready]
    return render(request, "participants/uploads/detail.html", context)


@require_safe
@login_required
def upload_progress(request, urn: int, upload):
    """The progress bar alone, polled by htmx; once the work is done the whole page reloads to show the result."""
    upload = get_upload_for(request.user, urn, upload)
    response = render(request, "participants/uploads/_progress.html", _progress_context(upload))
    if request.htmx and upload.status not in RegistrationUpload.WORKING:
        response["HX-Refresh"] = "true"
    return response


@require_safe
@login_required
def upload_problems(request, urn: int, upload):
    upload = get_upload_for(request.user, urn, upload)
    return csv_response(PROBLEM_HEADINGS, problem_rows(upload), f"ects-{upload.school.urn}-problems.csv")


@require_POST
@login_required
def upload_confirm(request, urn: int, upload):
    upload = get_upload_for(request.user, urn, upload)
    if confirm_upload(upload, actor=request.user, today=timezone.localdate()):
        upload.refresh_from_db()
        if upload.status == Status.INVALID:
            messages.error(request, "Some details changed since the file was checked, so nothing has been saved. "
                                    "The problems are listed below.")
    return redirect("participants:upload_detail", urn=upload.school.urn, upload=upload.public_id)
