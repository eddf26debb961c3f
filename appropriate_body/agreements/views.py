"""The AB service agreement: a school reads and accepts the year's terms; AB and hub staff see who has.

The school's page is for its induction tutors, its headteacher (the usual signatory) and hub staff
(404 for anyone else); the list is for AB and hub staff. Acceptance goes through
appropriate_body.agreements, whose refusals land on the field they concern.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from appropriate_body.agreements.agreements import Status, accept_agreement, agreement_status, schools_with_status, terms_around
from appropriate_body.models import AgreementTerms, ServiceAgreement
from hubportal.lib.exports import csv_response
from hubportal.lib.forms import put_errors
from participants.access import can_manage_ects, confirmed_headed_schools, get_school_for, headed_schools, is_ab_staff, is_hub_staff
from participants.accounts.roles import awaiting_confirmation_message
from participants.models import School

SCHOOLS_PER_PAGE = 50
# The list's tabs, in order: who needs chasing first.
TABS = [Status.NOT_SIGNED, Status.EXPIRING, Status.SIGNED]


class AcceptAgreementForm(forms.Form):
    # The same messages as accept_agreement's, so a form missing several answers reports them all at once.
    signatory_name = forms.CharField(
        label="Full name of the person accepting", max_length=150,
        error_messages={"required": "Enter the full name of the person accepting the agreement"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    job_title = forms.CharField(
        label="Their job title", max_length=150, help_text="For example, headteacher or business manager.",
        error_messages={"required": "Enter their job title, for example headteacher"},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    confirmed = forms.BooleanField(error_messages={"required": "Confirm that they are authorised to accept the agreement for the school"})

    def __init__(self, *args, school, terms: AgreementTerms, **kwargs):
        super().__init__(*args, prefix=f"year-{terms.academic_year}", **kwargs)
        self.terms = terms
        self.fields["confirmed"].label = f"I confirm that this person is authorised to accept this agreement on behalf of {school.name}"


def _school_for_agreement(user, urn: int) -> School:
    """The school's tutors and hub staff (who manage it), and its headteacher; 404 for anyone else."""
    school = headed_schools(user).filter(urn=urn).first()
    if school is not None:
        return school
    school = get_school_for(user, urn)
    if not can_manage_ects(user, school):
        raise Http404("No such school")
    return school


def _may_accept(user, school: School) -> bool:
    """Accepting is signing for the school: not by a headteacher whose role still awaits confirmation
    (participants.accounts.roles), who reads the terms meanwhile."""
    return can_manage_ects(user, school) or confirmed_headed_schools(user).filter(pk=school.pk).exists()


@login_required
@require_http_methods(["GET", "POST"])
def school_agreement(request, urn: int):
    school = _school_for_agreement(request.user, urn)
    may_accept = _may_accept(request.user, school)
    now = timezone.now()
    status = agreement_status(school, timezone.localdate(now))
    offered = [(status.current_terms, status.current_agreement)]
    if status.offers_next_terms:
        offered.append((status.next_terms, status.next_agreement))
    offered = [(terms, agreement) for terms, agreement in offered if terms]
    posted_year = request.POST.get("year") if request.method == "POST" else None
    if posted_year is not None and posted_year not in {str(terms.academic_year) for terms, _ in offered}:
        raise Http404("No such terms")
    years, form = [], None
    for terms, agreement in offered:
        bound = str(terms.academic_year) == posted_year
        year_form = None if agreement or not may_accept else AcceptAgreementForm(request.POST if bound else None, school=school, terms=terms)
        if bound:
            form = year_form
        years.append({"terms": terms, "agreement": agreement, "form": year_form})
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            accept_agreement(school, form.terms, signatory_name=data["signatory_name"], job_title=data["job_title"],
                             actor=request.user, now=now)
        except ValidationError as problem:
            put_errors(form, problem.message_dict)
        else:
            messages.success(request, f"{school.name} has accepted the {form.terms.label} appropriate body service agreement.")
            return redirect("appropriate_body:school_agreement", urn=school.urn)
    return render(request, "appropriate_body/agreements/school.html", {
        "school": school, "status": status, "years": years, "form": form,
        "waiting_notice": None if may_accept else awaiting_confirmation_message(school, until="accept the agreement"),
    })


def _require_list_reader(user) -> None:
    if not (is_ab_staff(user) or is_hub_staff(user)):
        raise Http404("No such page")


@require_safe
@login_required
def agreement_list(request):
    _require_list_reader(request.user)
    today = timezone.localdate()
    terms, upcoming = terms_around(today)
    schools = schools_with_status(today, terms=(terms, upcoming))
    counts = dict(schools.values_list("agreement_status").annotate(n=Count("pk")).order_by())
    status = request.GET.get("status") if request.GET.get("status") in TABS else None
    if status:
        schools = schools.filter(agreement_status=status)
    agreements = ServiceAgreement.objects.filter(terms=terms).select_related("accepted_by")
    schools = schools.prefetch_related(Prefetch("service_agreements", queryset=agreements, to_attr="current_agreements")).order_by("name", "pk")
    if request.GET.get("format") == "csv":
        return _csv(schools, terms)
    page = Paginator(schools, SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    for school in page:
        school.status_label = Status.LABELS[school.agreement_status]
    tabs = [(tab, Status.LABELS[tab], counts.get(tab, 0)) for tab in TABS]
    return render(request, "appropriate_body/agreements/list.html", {
        "page": page, "status": status, "tabs": tabs, "total": sum(counts.values()), "terms": terms, "next_terms": upcoming,
        "expiring_label": Status.LABELS[Status.EXPIRING],
    })


CSV_HEADER = ["URN", "School", "Status", "Signatory", "Job title", "Accepted by", "Accepted at"]


def _csv_rows(schools):
    for school in schools.iterator(chunk_size=500):
        agreement = school.current_agreements[0] if school.current_agreements else None
        yield [school.urn, school.name, Status.LABELS[school.agreement_status],
               *([agreement.signatory_name, agreement.signatory_job_title, agreement.accepted_by or "",
                  timezone.localtime(agreement.accepted_at).strftime("%Y-%m-%d %H:%M")] if agreement else ["", "", "", ""])]


def _csv(schools, terms: AgreementTerms | None):
    label = terms.label.replace("/", "-") if terms else "none"
    return csv_response(CSV_HEADER, _csv_rows(schools), f"ab-agreements-{label}.csv")
