"""AB staff's bulk CSV: accept many claims, or release or pass many ECTs, with a result for every row.

AB staff only (404 for anyone else, appropriate_body.access). The rows are applied by
appropriate_body.bulk; these views take the file, show progress and the results.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from appropriate_body.access import get_bulk_upload_for, require_ab_staff
from appropriate_body.claims.bulk import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    RESULT_HEADINGS,
    headings,
    read_upload,
    record_service,
    result_rows,
    start_upload,
)
from appropriate_body.models import BulkUpload
from hubportal.lib.csv_upload import FileProblem
from hubportal.lib.exports import csv_response


class BulkUploadForm(forms.Form):
    kind = forms.ChoiceField(label="What does the file do?", choices=BulkUpload.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what the file does"})
    file = forms.FileField(
        label="Upload a CSV file", help_text="A CSV file with the template's headings, up to 1,000 rows and 100 KB.",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean(self):
        cleaned = super().clean()
        uploaded, kind = cleaned.get("file"), cleaned.get("kind")
        if uploaded and kind:
            try:
                # Nothing over the size limit is read into memory.
                data = b"" if uploaded.size > MAX_FILE_BYTES else uploaded.read()
                self.text, self.rows = read_upload(kind, uploaded.name, uploaded.size, data)
            except FileProblem as problem:
                self.add_error("file", str(problem))
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
def bulk_create(request):
    require_ab_staff(request.user)
    form = BulkUploadForm(request.POST, request.FILES) if request.method == "POST" else BulkUploadForm()
    if form.is_bound and form.is_valid():
        upload = start_upload(kind=form.cleaned_data["kind"], filename=form.cleaned_data["file"].name, text=form.text,
                              rows=form.rows, actor=request.user, today=timezone.localdate())
        return redirect("appropriate_body:bulk_detail", bulk=upload.public_id)
    return render(request, "appropriate_body/bulk/create.html", {
        "form": form, "max_rows": MAX_ROWS, "claim_headings": headings(BulkUpload.Kind.CLAIMS),
        "action_headings": headings(BulkUpload.Kind.ACTIONS), "record_source": getattr(record_service(), "source", ""),
    })


@require_safe
@login_required
def bulk_template(request, kind: str):
    require_ab_staff(request.user)
    if kind not in BulkUpload.Kind.values:
        raise Http404("No such template")
    return csv_response(headings(kind), [], f"ab-{kind}.csv")


def _context(upload: BulkUpload) -> dict:
    return {"upload": upload, "working": upload.status in BulkUpload.WORKING}


@require_safe
@login_required
def bulk_detail(request, bulk):
    upload = get_bulk_upload_for(request.user, bulk)
    return render(request, "appropriate_body/bulk/detail.html", _context(upload))


@require_safe
@login_required
def bulk_progress(request, bulk):
    """The progress bar alone, polled by htmx; once the work is done the whole page reloads to show the results."""
    upload = get_bulk_upload_for(request.user, bulk)
    response = render(request, "appropriate_body/bulk/_progress.html", _context(upload))
    if request.htmx and upload.status not in BulkUpload.WORKING:
        response["HX-Refresh"] = "true"
    return response


@require_safe
@login_required
def bulk_results(request, bulk):
    upload = get_bulk_upload_for(request.user, bulk)
    return csv_response(RESULT_HEADINGS, result_rows(upload), f"ab-{upload.kind}-results.csv")
