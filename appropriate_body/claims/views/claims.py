"""AB staff's claims: the list to check, and one claim's check and decision.

Scoped by appropriate_body.access (404 for anyone but AB staff); decisions go through
appropriate_body.claims, whose refusals land on the field they concern.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from appropriate_body.access import claims_for, get_claim_for, require_ab_staff
from appropriate_body.claims.claims import accept_claim, reject_claim
from appropriate_body.claims.forms import AcceptClaimForm, ReadRecordForm, RejectClaimForm, ReleaseRequestForm
from appropriate_body.claims.readiness import readiness_of
from appropriate_body.claims.record_refresh import (
    Refreshed,
    can_read_with_date_of_birth,
    can_refresh,
    read_record_with_date_of_birth,
    refresh_record_check,
)
from appropriate_body.claims.release_requests import request_release
from appropriate_body.models import Claim, Induction
from hubportal.lib.forms import add_domain_error, put_errors
from participants.models import User
from participants.people.identifiers import trn_in_search
from participants.people.records import teacher_record_lookup

CLAIMS_PER_PAGE = 50
# The tabs of the list, in order: what needs doing first.
TABS = [Claim.Status.PENDING, Claim.Status.SCHEDULED, Claim.Status.ACCEPTED, Claim.Status.REJECTED]


def _search(claims, query: str):
    """A 7-digit number is a TRN and wins (ID-TRN-006); otherwise every word must be in the name."""
    if trn := trn_in_search(query):
        return claims.filter(ect_period__teacher__trn=trn)
    for word in query.split():
        claims = claims.filter(Q(ect_period__teacher__first_name__icontains=word) | Q(ect_period__teacher__last_name__icontains=word))
    return claims


@require_safe
@login_required
def claim_list(request):
    require_ab_staff(request.user)
    status = request.GET.get("status") if request.GET.get("status") in TABS else Claim.Status.PENDING
    query = request.GET.get("q", "").strip()
    claims = _search(claims_for(request.user).filter(status=status), query)
    oldest_first = status in (Claim.Status.PENDING, Claim.Status.SCHEDULED)
    claims = claims.select_related("ect_period__teacher", "ect_period__school").order_by(
        "created_at" if oldest_first else "-decided_at", "pk")
    page = Paginator(claims, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    tabs = [(tab, Claim.Status(tab).label) for tab in TABS]
    return render(request, "appropriate_body/claims/list.html", {"page": page, "status": status, "tabs": tabs, "q": query})


@login_required
@require_http_methods(["GET", "POST"])
def claim_detail(request, claim):
    claim = get_claim_for(request.user, claim)
    action = request.POST.get("action") if request.method == "POST" else None
    accept_form = AcceptClaimForm(request.POST if action == "accept" else None, initial={**_initial(claim), "named_contact": request.user.pk})
    # REGN-004: an ECT transferring in keeps the contact they have; the form then only names them.
    kept_contact = _kept_contact(claim)
    if kept_contact:
        del accept_form.fields["named_contact"]
    reject_form = RejectClaimForm(request.POST if action == "reject" else None)
    release_form = ReleaseRequestForm(request.POST if action == "release" else None, initial={"appropriate_body_name": claim.other_appropriate_body})
    if action == "release" and release_form.is_valid():
        try:
            asked = request_release(claim, **release_form.cleaned_data, actor=request.user)
        except ValidationError as problem:
            put_errors(release_form, problem.message_dict)
        else:
            messages.success(request, f"Email queued to {asked.appropriate_body_name} ({asked.email}), asking them to release the ECT.")
            return redirect("appropriate_body:claim_detail", claim=claim.public_id)
    if action == "accept" and accept_form.is_valid():
        try:
            claim = accept_claim(claim, accept_form.record_check(), start_date=accept_form.cleaned_data["start_date"],
                                 actor=request.user, today=timezone.localdate(), named_contact=accept_form.cleaned_data.get("named_contact"))
        except ValidationError as problem:
            add_domain_error(accept_form, problem)
        else:
            messages.success(request, _accepted_message(claim))
            return redirect("appropriate_body:claim_list")
    if action == "refresh":
        outcome = refresh_record_check(claim, lookup=teacher_record_lookup(), now=timezone.now())
        messages.info(request, REFRESHED[outcome])
        return redirect("appropriate_body:claim_detail", claim=claim.public_id)
    read_form = ReadRecordForm(request.POST if action == "read_record" else None, today=timezone.localdate())
    if action == "read_record" and read_form.is_valid():
        outcome = read_record_with_date_of_birth(claim, read_form.cleaned_data["date_of_birth"], lookup=teacher_record_lookup(),
                                                 now=timezone.now())
        if outcome == Refreshed.DONE:
            messages.info(request, REFRESHED[outcome])
            return redirect("appropriate_body:claim_detail", claim=claim.public_id)
        read_form.add_error("date_of_birth", NOT_FOUND if outcome == Refreshed.NOT_FOUND else REFRESHED[outcome])
    if action == "reject" and reject_form.is_valid():
        try:
            reject_claim(claim, reason=reject_form.cleaned_data["reason"], actor=request.user)
        except ValidationError as problem:
            add_domain_error(reject_form, problem)
        else:
            messages.success(request, f"Claim for {claim.ect_period.teacher.full_name} rejected. The school can see why.")
            return redirect("appropriate_body:claim_list")
    return render(request, "appropriate_body/claims/detail.html", {
        "claim": claim, "period": claim.ect_period, "accept_form": accept_form, "reject_form": reject_form,
        "release_form": release_form, "release_requests": list(claim.release_requests.all()), "kept_contact": kept_contact,
        "is_open": claim.status in (Claim.Status.PENDING, Claim.Status.SCHEDULED),
        # INST-005, ELIG-003, ROLE-001, MIN-001: the checks before the start, while it has not started.
        "readiness": readiness_of(claim) if claim.status in (Claim.Status.PENDING, Claim.Status.SCHEDULED) else None,
        "can_refresh": can_refresh(claim, teacher_record_lookup()),
        "read_form": read_form if can_read_with_date_of_birth(claim, teacher_record_lookup()) else None,
        "form": {"reject": reject_form, "release": release_form, "read_record": read_form}.get(action, accept_form),
    })


NOT_FOUND = "We cannot find a teacher with this TRN and date of birth. Check the date of birth with the school"
REFRESHED = {
    Refreshed.DONE: "The teacher record was read again: the answers below are what it says now.",
    Refreshed.NOT_OPEN: "The claim has been decided: the record check AB staff confirmed stays as it was.",
    Refreshed.NO_SERVICE: "The portal is not connected to the Teaching Record System.",
    Refreshed.NO_DATE_OF_BIRTH: "The record cannot be read again: the portal no longer holds the ECT's date of birth.",
    Refreshed.NOT_FOUND: "The Teaching Record System no longer finds this TRN with the date of birth the school gave. Ask the school to check both.",
    Refreshed.UNAVAILABLE: "The Teaching Record System could not answer just now. Try again in a few minutes.",
}


def _initial(claim: Claim) -> dict:
    prohibition = {True: "yes", False: "no"}.get(claim.has_active_prohibition, "")
    return {"start_date": claim.induction_start_date or claim.proposed_start_date, "qts_awarded_on": claim.qts_awarded_on,
            "induction_status": claim.trs_induction_status, "other_appropriate_body": claim.other_appropriate_body,
            "has_active_prohibition": prohibition, "itt_provider_ukprn": claim.itt_provider_ukprn}


def _kept_contact(claim: Claim) -> User | None:
    induction = Induction.objects.filter(teacher_id=claim.ect_period.teacher_id).select_related("named_contact").first()
    return induction.named_contact if induction else None


def _accepted_message(claim: Claim) -> str:
    name = claim.ect_period.teacher.full_name
    if claim.status == Claim.Status.SCHEDULED:
        return f"Claim for {name} accepted. Their induction starts on {claim.induction_start_date:%-d %B %Y}."
    return f"Claim for {name} accepted. Their induction started on {claim.induction_start_date:%-d %B %Y}."
