"""AB staff's hand-over to RIAB: what is not yet recorded there, its CSVs, marking it recorded, RIAB's error file.

AB staff only (404 for anyone else, appropriate_body.access); the work is appropriate_body.riab.handover's.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from appropriate_body.access import require_ab_staff
from appropriate_body.riab import handover
from hubportal.lib.csv_upload import FileProblem
from hubportal.lib.exports import csv_response


class ErrorFileForm(forms.Form):
    file = forms.FileField(
        label="Upload RIAB's error file",
        help_text="The CSV RIAB gives you after an upload, listing the rows it refused with an \"Error message\" column.",
        error_messages={"required": "Select RIAB's error file", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # Nothing over the size limit is read into memory.
        data = b"" if uploaded.size > handover.MAX_FILE_BYTES else uploaded.read()
        try:
            self.kind, self.rows = handover.read_error_file(uploaded.name, uploaded.size, data)
        except FileProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return uploaded


def _page(request, form: ErrorFileForm, refusals=None, kind: str = ""):
    return render(request, "appropriate_body/riab/handover.html", {
        "claims": handover.claim_handover(*handover.next_batch(handover.claims_outstanding())),
        "actions": handover.action_handover(*handover.next_batch(handover.actions_outstanding())),
        "max_rows": handover.MAX_ROWS,
        "claim_headings": handover.CLAIM_HEADINGS, "action_headings": handover.ACTION_HEADINGS,
        "form": form, "refusals": refusals, "refused_kind": kind,
    })


@require_safe
@login_required
def riab_handover(request):
    require_ab_staff(request.user)
    return _page(request, ErrorFileForm())


@require_safe
@login_required
def riab_claims_csv(request):
    require_ab_staff(request.user)
    rows = handover.claim_handover(*handover.next_batch(handover.claims_outstanding())).rows
    return csv_response(handover.CLAIM_HEADINGS, rows, f"riab-claims-{timezone.localdate():%Y-%m-%d}.csv", bom=False)


@require_safe
@login_required
def riab_actions_csv(request):
    require_ab_staff(request.user)
    rows = handover.action_handover(*handover.next_batch(handover.actions_outstanding())).rows
    return csv_response(handover.ACTION_HEADINGS, rows, f"riab-actions-{timezone.localdate():%Y-%m-%d}.csv", bom=False)


def _public_ids(request) -> list[str]:
    """The rows the page listed (not whatever is outstanding by now: a claim accepted since was not uploaded)."""
    ids = []
    for value in request.POST.getlist("record"):
        try:
            ids.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return ids


@require_POST
@login_required
def riab_claims_recorded(request):
    require_ab_staff(request.user)
    count = handover.mark_claims_recorded(_public_ids(request), actor=request.user)
    messages.success(request, f"{count} claim{'s' if count != 1 else ''} marked as recorded in RIAB; their dates of birth are erased")
    return redirect("appropriate_body:riab")


@require_POST
@login_required
def riab_actions_recorded(request):
    require_ab_staff(request.user)
    count = handover.mark_actions_recorded(_public_ids(request), actor=request.user)
    messages.success(request, f"{count} release{'s' if count != 1 else ''} and passes marked as recorded in RIAB")
    return redirect("appropriate_body:riab")


@require_POST
@login_required
def riab_errors(request):
    require_ab_staff(request.user)
    form = ErrorFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form)
    refusals = handover.import_error_file(form.kind, form.rows, actor=request.user)
    return _page(request, ErrorFileForm(), refusals, form.kind)
