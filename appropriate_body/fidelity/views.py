"""AB staff's fidelity check pages (E25-003): the year's list, planning and recording a visit, follow-ups.

AB staff only (appropriate_body.access); every change goes through appropriate_body.fidelity.checks.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from appropriate_body.access import get_fidelity_check_for, require_ab_staff
from appropriate_body.fidelity import checks as fidelity
from appropriate_body.fidelity.forms import FollowUpForm, PlanVisitForm, RecordVisitForm
from appropriate_body.models import FidelityCheck
from appropriate_body.models.agreements import academic_year_label
from hubportal.lib.dates import academic_year_of
from hubportal.lib.forms import add_domain_error
from participants.access import get_school_for

PER_PAGE = 50
SHOWN = {"owed": "Owed, not planned", "planned": "Planned", "completed": "Completed"}


def _year(request) -> int:
    this_year = academic_year_of(timezone.localdate())
    asked = request.GET.get("year", "")
    return int(asked) if asked.isdigit() and this_year - 6 <= int(asked) <= this_year + 1 else this_year


@require_safe
@login_required
def fidelity_checks(request):
    require_ab_staff(request.user)
    year = _year(request)
    show = request.GET.get("show") if request.GET.get("show") in SHOWN else "owed"
    lists = {"owed": fidelity.owed_not_planned(year), "planned": fidelity.checks_of_year(year, FidelityCheck.Status.PLANNED),
             "completed": fidelity.checks_of_year(year, FidelityCheck.Status.COMPLETED)}
    # One count per tab and one query for the page's rows, whatever the number of schools.
    tabs = [(key, label, lists[key].count()) for key, label in SHOWN.items()]
    page = Paginator(lists[show], PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "appropriate_body/quality/fidelity_list.html", {
        "year": year, "year_label": academic_year_label(year), "show": show, "tabs": tabs, "page": page,
        "this_year": academic_year_of(timezone.localdate()),
    })


@login_required
@require_http_methods(["GET", "POST"])
def fidelity_plan(request, urn: int):
    require_ab_staff(request.user)
    school = get_school_for(request.user, urn)
    year = academic_year_of(timezone.localdate())
    check = FidelityCheck.objects.filter(school=school, academic_year=year).first()
    initial = {"visit_on": check.visit_on, "visitor": check.visitor_id} if check else {"visitor": request.user.pk}
    form = PlanVisitForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            check = fidelity.plan_check(school, academic_year=year, visit_on=form.cleaned_data["visit_on"],
                                        visitor=form.cleaned_data["visitor"], actor=request.user)
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, f"Fidelity check visit to {school.name} planned for {check.visit_on:%-d %B %Y}.")
            return redirect("appropriate_body:fidelity_check", check=check.public_id)
    return render(request, "appropriate_body/quality/fidelity_plan.html", {
        "school": school, "form": form, "check": check, "year_label": academic_year_label(year),
    })


@require_safe
@login_required
def fidelity_check(request, check):
    check = get_fidelity_check_for(request.user, check)
    return render(request, "appropriate_body/quality/fidelity_check.html", {
        "check": check, "follow_ups": list(check.follow_ups.all()), "year_label": academic_year_label(check.academic_year),
        "fee_preview": fidelity.fee_for(check.school, check.academic_year) if check.status == FidelityCheck.Status.PLANNED else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def fidelity_record(request, check):
    check = get_fidelity_check_for(request.user, check)
    form = RecordVisitForm(request.POST if request.method == "POST" else None, initial={"completed_on": check.visit_on})
    if request.method == "POST" and form.is_valid():
        try:
            check = fidelity.record_check(check, findings=form.findings(), actions=form.cleaned_data["actions"],
                                          outcome=form.cleaned_data["outcome"], completed_on=form.cleaned_data["completed_on"],
                                          actor=request.user, today=timezone.localdate())
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, f"Fidelity check of {check.school.name} recorded: {check.get_outcome_display().lower()}.")
            return redirect("appropriate_body:fidelity_check", check=check.public_id)
    return render(request, "appropriate_body/quality/fidelity_record.html", {
        "check": check, "form": form, "year_label": academic_year_label(check.academic_year),
        "fee": fidelity.fee_for(check.school, check.academic_year),
    })


@login_required
@require_http_methods(["GET", "POST"])
def fidelity_follow_up(request, check):
    check = get_fidelity_check_for(request.user, check)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fidelity.add_follow_up(check, what=form.cleaned_data["what"], due_on=form.cleaned_data["due_on"], actor=request.user)
        messages.success(request, "Follow-up added.")
        return redirect("appropriate_body:fidelity_check", check=check.public_id)
    return render(request, "appropriate_body/quality/fidelity_follow_up.html", {"check": check, "form": form})


@require_POST
@login_required
def fidelity_follow_up_done(request, check, follow_up):
    check = get_fidelity_check_for(request.user, check)
    follow_up = get_object_or_404(check.follow_ups, public_id=follow_up)
    fidelity.complete_follow_up(follow_up, done_on=timezone.localdate(), actor=request.user)
    messages.success(request, f"Follow-up done: {follow_up.what}")
    return redirect("appropriate_body:fidelity_check", check=check.public_id)
