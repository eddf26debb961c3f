"""Hub staff's certificate pages: an event's certificates, and one certificate's record.

Only hub staff see these (participants.access.is_hub_staff); anyone else gets 404. Issuing,
correcting, revoking and rendering again are programmes.certificates' functions; these
views parse the request and show the outcome.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from hubportal.lib.forms import add_domain_error
from hubportal.lib.history import HistoryEntry, change_entries, diffs, ordered, who
from participants.access import require_hub_staff
from programmes.access import get_certificate_for_staff
from programmes.attendance.attendance import attendance_summary
from programmes.certificates.archive import build_certificate_zip, zippable
from programmes.certificates.certificates import (
    attendees_without_certificate,
    issue_event_certificates,
    reissue_with_name,
    render_again,
    render_failed_again,
    revoke,
)
from programmes.certificates.forms import RenameForm, RevokeForm
from programmes.certificates.views.cohorts import stage_slug
from programmes.certificates.views.progress import poll, progress_context
from programmes.models import Certificate, Event, RenderState

HISTORY_FIELDS = {
    "recipient_name": "Name", "render_state": "State", "render_error": "Why it failed",
    "revoked_at": "Revoked", "revocation_reason": "Reason for revoking",
}


def _event_for_staff(user, public_id) -> Event:
    require_hub_staff(user)
    return get_object_or_404(Event, public_id=public_id)


def _certificates_of(event: Event):
    return Certificate.objects.filter(invitation__event=event)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _progress_url(event: Event) -> str:
    return reverse("programmes:event_certificates_progress", kwargs={"event": event.public_id})


def _actions(certificates) -> dict:
    """Which of the ZIP and "render failed ones again" buttons apply."""
    return {
        "any_zippable": any(c.render_state == RenderState.RENDERED and c.is_valid for c in certificates),
        "any_failed": any(c.render_state == RenderState.FAILED for c in certificates),
    }


@login_required
@require_GET
def event_certificates(request, event):
    """Whether certificates can be issued yet, the button that issues them, and how each one is doing."""
    event = _event_for_staff(request.user, event)
    certificates = list(_certificates_of(event).order_by("recipient_name", "pk"))
    closed = bool(event.register_closed_at) and not event.cancelled_at
    context = {
        "event": event,
        "certificates": certificates,
        "summary": attendance_summary(event),
        "register_closed": closed,
        "to_issue": attendees_without_certificate(event).count() if closed else 0,
        **_actions(certificates),
        **progress_context(_certificates_of(event), _progress_url(event)),
    }
    return render(request, "programmes/certificates/staff/event_certificates.html", context)


@require_POST
@login_required
def event_certificates_issue(request, event):
    event = _event_for_staff(request.user, event)
    try:
        batch = issue_event_certificates(event, actor=request.user, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if batch is None:
            messages.info(request, "Everyone marked present already has a certificate")
        else:
            made = batch.certificates.count()
            messages.success(request, f"{_plural(made, 'certificate is', 'certificates are')} being made")
    return redirect("programmes:event_certificates", event=event.public_id)


@login_required
@require_GET
def event_certificates_progress(request, event):
    """The progress bar, which htmx polls while certificates are still being made, with the rows and buttons that changed."""
    event = _event_for_staff(request.user, event)
    certificates = _certificates_of(event)

    def buttons() -> dict:
        states = certificates.filter(render_state__in=[RenderState.RENDERED, RenderState.FAILED]).only("render_state", "revoked_at")
        return {**_actions(states), "event": event, "actions_oob": True}

    return poll(request, certificates, _progress_url(event), row_template="programmes/certificates/staff/_event_row.html", extra=buttons)


@login_required
@require_GET
def event_certificates_zip(request, event):
    event = _event_for_staff(request.user, event)
    certificates = _certificates_of(event)
    if not zippable(certificates).exists():
        raise Http404("No certificates are ready")
    filename = f"certificates-{slugify(event.title)[:60] or 'event'}-{timezone.localtime(event.starts_at):%Y-%m-%d}.zip"
    return FileResponse(build_certificate_zip(certificates), as_attachment=True, filename=filename, content_type="application/zip")


@require_POST
@login_required
def event_certificates_render_failed(request, event):
    event = _event_for_staff(request.user, event)
    queued = render_failed_again(_certificates_of(event), actor=request.user)
    if queued:
        messages.success(request, f"{_plural(queued, 'failed certificate is', 'failed certificates are')} being made again")
    else:
        messages.info(request, "No certificates had failed, so none are being made again")
    return redirect("programmes:event_certificates", event=event.public_id)


# --- One certificate -------------------------------------------------------------------------------


def _certificate_for(user, public_id) -> Certificate:
    certificate = get_certificate_for_staff(user, public_id)
    # The scope check above; the related rows the page names, in the same few queries.
    return Certificate.objects.select_related(
        "invitation__event", "enrolment__cohort__programme", "issued_by", "revoked_by", "batch",
    ).get(pk=certificate.pk)


def certificate_history(certificate: Certificate) -> list[HistoryEntry]:
    """Newest first: who issued it, and every change of name, state or revocation since."""
    records = ordered(certificate.history.all())
    entries = [HistoryEntry(r.history_date, who(r), "Issued") for r in records if r.history_type == "+"]
    entries += change_entries(diffs(records, HISTORY_FIELDS), Certificate, HISTORY_FIELDS, "Changed")
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _back_link(certificate: Certificate) -> dict:
    if certificate.invitation_id:
        url = reverse("programmes:event_certificates", kwargs={"event": certificate.invitation.event.public_id})
        return {"back_url": url, "back_to": "to the event's certificates"}
    cohort = certificate.enrolment.cohort
    kwargs = {"programme": cohort.programme.slug, "year": cohort.academic_year, "stage": stage_slug(cohort)}
    return {"back_url": reverse("programmes:cohort_certificates", kwargs=kwargs), "back_to": "to the cohort's certificates"}


def _render_detail(request, certificate: Certificate, *, rename_form=None, revoke_form=None, status=200):
    failed = rename_form if rename_form is not None and rename_form.errors else revoke_form
    context = {
        "certificate": certificate,
        **_back_link(certificate),
        "history": certificate_history(certificate),
        "rename_form": rename_form or RenameForm(initial={"recipient_name": certificate.recipient_name}),
        "revoke_form": revoke_form or RevokeForm(),
        # base.html titles the page "Error: …" when `form` has errors.
        "form": failed,
    }
    return render(request, "programmes/certificates/staff/certificate_detail.html", context, status=status)


@login_required
@require_GET
def certificate_detail(request, certificate):
    return _render_detail(request, _certificate_for(request.user, certificate))


@require_POST
@login_required
def certificate_rename(request, certificate):
    certificate = _certificate_for(request.user, certificate)
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            certificate = reissue_with_name(certificate, recipient_name=form.cleaned_data["recipient_name"], actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The name is now {certificate.recipient_name}. The certificate is being made again with the same code, {certificate.code}.")
            return redirect("programmes:certificate_detail", certificate=certificate.public_id)
    return _render_detail(request, certificate, rename_form=form, status=400)


@require_POST
@login_required
def certificate_revoke(request, certificate):
    certificate = _certificate_for(request.user, certificate)
    form = RevokeForm(request.POST)
    if form.is_valid():
        was_revoked = certificate.revoked_at is not None
        try:
            certificate = revoke(certificate, reason=form.cleaned_data["reason"], actor=request.user, now=timezone.now())
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            if was_revoked:
                messages.info(request, "This certificate was already revoked; its first reason stands.")
            else:
                messages.success(request, f"Certificate revoked. Anyone checking the code {certificate.code} is now told it is revoked.")
            return redirect("programmes:certificate_detail", certificate=certificate.public_id)
    return _render_detail(request, certificate, revoke_form=form, status=400)


@require_POST
@login_required
def certificate_render(request, certificate):
    certificate = _certificate_for(request.user, certificate)
    if certificate.render_state in (RenderState.QUEUED, RenderState.RENDERING):
        messages.info(request, "This certificate is already waiting to be made.")
    else:
        render_again(certificate, actor=request.user)
        messages.success(request, "The certificate is being made again with the same code.")
    return redirect("programmes:certificate_detail", certificate=certificate.public_id)
