"""AB staff's caseload and each ECT's induction: the timeline, release, outcome, extensions and named contact.

Scoped by appropriate_body.access (404 for anyone but AB staff); every change goes through
appropriate_body.periods, whose refusals land on the field they concern.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from appropriate_body.access import get_induction_for, inductions_for, require_ab_staff
from appropriate_body.assessments.not_on_track import RECORDED
from appropriate_body.inductions.absence_records import record_absence
from appropriate_body.inductions.absence_schedule import absence_summary
from appropriate_body.inductions.case_history import case_history, history_rows
from appropriate_body.inductions.caseload import STATUSES, filter_caseload
from appropriate_body.inductions.cases import case_of, inductions_with_parts
from appropriate_body.inductions.contacts import contact_label, set_named_contact
from appropriate_body.inductions.decisions import deadlines_for
from appropriate_body.inductions.forms import AbsenceForm, ExtensionForm, NamedContactForm, OutcomeForm, ReleaseForm
from appropriate_body.inductions.periods import add_extension, record_outcome, release
from appropriate_body.models import CompletionDecision, Induction, TRSInductionStatus
from appropriate_body.riab.handover import riab_lines
from hubportal.lib.exports import csv_response
from hubportal.lib.forms import add_domain_error, put_errors
from participants.models import School

CASES_PER_PAGE = 50


@require_safe
@login_required
def caseload(request):
    require_ab_staff(request.user)
    status = request.GET.get("status") if request.GET.get("status") in STATUSES else ""
    school = School.objects.filter(urn=request.GET.get("school")).first() if request.GET.get("school", "").isdigit() else None
    query = request.GET.get("q", "").strip()
    inductions = filter_caseload(inductions_for(request.user), status=status, school=school, query=query)
    page = Paginator(inductions.values_list("pk", flat=True), CASES_PER_PAGE).get_page(request.GET.get("page"))
    # The page's rows with their periods and extensions: a fixed number of queries whatever the caseload.
    by_pk = inductions_with_parts().in_bulk(list(page.object_list))
    today = timezone.localdate()
    cases = [case_of(by_pk[pk], today=today) for pk in page.object_list]
    return render(request, "appropriate_body/inductions/caseload.html", {
        "page": page, "cases": cases, "statuses": STATUSES, "status": status, "school": school, "q": query,
    })


def _case(request, induction):
    induction = get_induction_for(request.user, induction, inductions_with_parts().select_related("named_contact"))
    return case_of(induction, today=timezone.localdate())


@require_safe
@login_required
def case_detail(request, induction):
    case = _case(request, induction)
    return _case_page(request, case, NamedContactForm(initial={"named_contact": case.induction.named_contact_id}))


def _status_label(status: str) -> str:
    return TRSInductionStatus(status).label if status in TRSInductionStatus.values else status


def _case_page(request, case, contact_form: NamedContactForm):
    # Each row links to its school's page: the schools in the same query, not one per row.
    assessments = case.induction.assessments.select_related("induction_period__school").exclude(status="not_needed").order_by("due_on", "pk")
    assessments = list(assessments)
    recorded = [a for a in assessments if a.status in RECORDED]
    latest = max(recorded, key=lambda a: (a.due_on, a.pk)) if recorded else None
    completion = CompletionDecision.objects.filter(induction=case.induction).select_related("appeal").first()
    return render(request, "appropriate_body/inductions/case.html", {
        "duties": deadlines_for(completion, today=timezone.localdate()) if completion else [],
        "case": case, "induction": case.induction, "absences": list(case.induction.absences.all()), "assessments": assessments,
        # Early warning (PR-004, FA-006): the latest written judgement says not on track.
        "not_on_track": latest if latest and latest.on_track is False else None,
        "absence_parts": absence_summary(case.induction), "history": case_history(case.induction),
        "contact_form": contact_form, "riab_lines": riab_lines(case.induction, case.periods),
        "record_induction_status_label": _status_label(case.induction.record_induction_status),
        # ABD-004: concerns raised about this ECT, open or closed.
        "concerns": list(case.induction.concerns.order_by("-raised_at", "-pk")),
    })


@require_POST
@login_required
def case_named_contact(request, induction):
    """REGN-004: give the ECT another named contact; errors show on the case page beside the choice."""
    case = _case(request, induction)
    form = NamedContactForm(request.POST)
    if form.is_valid():
        try:
            set_named_contact(case.induction, contact=form.cleaned_data["named_contact"], actor=request.user)
        except ValidationError as problem:
            put_errors(form, problem.message_dict)
        else:
            messages.success(request, f"{contact_label(form.cleaned_data['named_contact'])} is now the named contact "
                                      f"for {case.induction.teacher.full_name}.")
            return redirect("appropriate_body:case_detail", induction=case.induction.public_id)
    return _case_page(request, case, form)


@require_safe
@login_required
def case_history_export(request, induction):
    induction = get_induction_for(request.user, induction, Induction.objects.select_related("teacher"))
    header = ["When", "Who", "What", "Field", "Before", "After"]
    filename = f"induction-history-{induction.teacher.trn}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(header, history_rows(case_history(induction)), filename)


def _change_page(request, induction, form_class, template: str, change, *, needs_open_period: bool = True):
    """GET the form; POST it through `change(case, data)`; back to the case when it is done."""
    case = _case(request, induction)
    if needs_open_period and case.open_period is None:
        raise Http404("This induction has no open period")
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = change(case, form.cleaned_data)
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, done)
            return redirect("appropriate_body:case_detail", induction=case.induction.public_id)
    return render(request, template, {"case": case, "induction": case.induction, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_release(request, induction):
    def change(case, data):
        release(case.open_period, finished_on=data["finished_on"], number_of_terms=data["number_of_terms"],
                actor=request.user, today=timezone.localdate())
        return f"{case.induction.teacher.full_name} released: the induction period is closed."
    return _change_page(request, induction, ReleaseForm, "appropriate_body/inductions/release.html", change)


@login_required
@require_http_methods(["GET", "POST"])
def case_outcome(request, induction):
    def change(case, data):
        period = record_outcome(case.open_period, outcome=data["outcome"], finished_on=data["finished_on"],
                                number_of_terms=data["number_of_terms"], fail_confirmation_sent_on=data["fail_confirmation_sent_on"],
                                actor=request.user, today=timezone.localdate())
        return f"Outcome recorded: {case.induction.teacher.full_name} {period.get_outcome_display().lower()} induction."
    return _change_page(request, induction, OutcomeForm, "appropriate_body/inductions/outcome.html", change)


@login_required
@require_http_methods(["GET", "POST"])
def case_extension(request, induction):
    def change(case, data):
        extension = add_extension(case.induction, terms=data["terms"], reason=data["reason"], decided_on=data["decided_on"], actor=request.user)
        return f"Extension of {extension.terms} terms recorded."
    return _change_page(request, induction, ExtensionForm, "appropriate_body/inductions/extension.html", change)


@login_required
@require_http_methods(["GET", "POST"])
def case_absence(request, induction):
    def change(case, data):
        absence = record_absence(case.induction, kind=data["kind"], started_on=data["started_on"], finished_on=data["finished_on"],
                                 days=data["days"], ect_opted_to_extend=data["ect_opted_to_extend"], actor=request.user)
        return f"{absence.get_kind_display()} of {absence.days} days recorded, in year {absence.part} of the induction."
    return _change_page(request, induction, AbsenceForm, "appropriate_body/inductions/absence.html", change, needs_open_period=False)
