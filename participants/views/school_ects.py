"""A school's ECTs: the list, one ECT's record and history, and the pages that change it.

Reading is for anyone who may open the school (its tutors, hub and AB staff);
changing is for its tutors and hub staff (access.can_manage_ects). Everyone else,
and AB staff on the change pages, gets 404.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from django.utils import timezone

from .. import access
from ..ect_changes import ECTChanges, change_mentor, ect_history, has_finished, report_leaver, update_ect
from ..ect_status import ECTStatus, status_label, with_status
from ..identifiers import trn_in_search
from ..mentors import eligible_mentors
from ..models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, School
from ..school_forms import CURRENT, EVERYONE, ECTEditForm, ECTSearchForm, LeavingForm, MentorChoiceForm

ECTS_PER_PAGE = 50
FINISHED = (ECTStatus.LEFT, ECTStatus.COMPLETED)


def add_domain_errors(form, error: ValidationError) -> None:
    """Put a domain function's errors on the form's fields of the same name (else at the top)."""
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def status_counts(school: School, *, today: date) -> dict[str, int]:
    """How many of the school's ECTs are in each status, in one query."""
    periods = with_status(ECTAtSchoolPeriod.objects.filter(school=school), today=today)
    return periods.aggregate(**{status.value: Count("pk", filter=Q(status=status.value)) for status in ECTStatus})


@dataclass(frozen=True)
class ECTCounts:
    current: int
    action_required: int


def with_ect_counts(schools: list[School], *, today: date) -> list[School]:
    """Set `ect_counts` on each school: its current ECTs and how many need action, in one query for all."""
    rows = (
        with_status(ECTAtSchoolPeriod.objects.filter(school__in=[school.pk for school in schools]), today=today)
        .exclude(status__in=[status.value for status in FINISHED])
        .order_by()
        .values("school_id")
        .annotate(current=Count("pk"), action_required=Count("pk", filter=Q(status=ECTStatus.ACTION_REQUIRED.value)))
    )
    counts = {row["school_id"]: ECTCounts(row["current"], row["action_required"]) for row in rows}
    for school in schools:
        school.ect_counts = counts.get(school.pk, ECTCounts(0, 0))
    return schools


def search_periods(periods, *, query: str, status: str, today: date):
    """The list's search box and status filter (ID-TRN-006: a 7-digit number is a TRN and wins over text)."""
    periods = with_status(periods, today=today)
    if trn := trn_in_search(query):
        periods = periods.filter(teacher__trn=trn)
    else:
        for word in query.split():
            match = Q(teacher__first_name__icontains=word) | Q(teacher__last_name__icontains=word) | Q(
                teacher__corrected_name__icontains=word
            )
            if word.isdigit():
                match |= Q(teacher__trn__contains=word)
            periods = periods.filter(match)
    if status == CURRENT:
        periods = periods.exclude(status__in=[s.value for s in FINISHED])
    elif status != EVERYONE:
        periods = periods.filter(status=status)
    return periods


@require_safe
@login_required
def ect_list(request, urn: int):
    school = access.get_school_for(request.user, urn)
    today = timezone.localdate()
    form = ECTSearchForm(request.GET)
    query, status = "", CURRENT
    if form.is_valid():
        query, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
    periods = search_periods(ECTAtSchoolPeriod.objects.filter(school=school), query=query, status=status, today=today)
    periods = periods.select_related("teacher", "mentor__teacher", "lead_provider").order_by(
        "teacher__last_name", "teacher__first_name", "pk"
    )
    page = Paginator(periods, ECTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(period, status_label(period)) for period in page]
    return render(request, "participants/ects/ect_list.html", {
        "school": school, "form": form, "page": page, "rows": rows, "query": query, "status": status,
        "can_manage": access.can_manage_ects(request.user, school),
    })


def _period_to_manage(request, urn: int, ect) -> ECTAtSchoolPeriod:
    period = access.get_ect_period_for(request.user, urn, ect)
    if not access.can_manage_ects(request.user, period.school):
        raise Http404("No such ECT")
    return period


def _finished_redirect(request, period: ECTAtSchoolPeriod, *, today: date):
    """Left and completed records are read-only: send the tutor back to the record, saying why."""
    if has_finished(period, today=today):
        messages.error(request, f"{period.teacher.full_name} is no longer at this school, "
                       "so their record cannot be changed.")
        return redirect("participants:ect_detail", urn=period.school.urn, ect=period.public_id)
    return None


@require_safe
@login_required
def ect_detail(request, urn: int, ect):
    from programmes.models import Enrolment, Strand

    period = access.get_ect_period_for(request.user, urn, ect)
    today = timezone.localdate()
    annotated = with_status(ECTAtSchoolPeriod.objects.filter(pk=period.pk), today=today).values(
        "status", "has_live_claim", "claim_pending"
    ).get()
    for name, value in annotated.items():
        setattr(period, name, value)
    claims = list(period.claims.order_by("-created_at"))
    enrolments = Enrolment.objects.filter(teacher=period.teacher_id, cohort__programme__strand=Strand.ECTE).select_related(
        "cohort__programme"
    ).order_by("cohort__academic_year")
    return render(request, "participants/ects/ect_detail.html", {
        "school": period.school, "period": period, "teacher": period.teacher,
        "status_label": status_label(period), "status": period.status,
        "claim": claims[0] if claims else None,
        "enrolments": enrolments, "history": ect_history(period),
        "can_manage": access.can_manage_ects(request.user, period.school) and not has_finished(period, today=today),
        "finished": has_finished(period, today=today),
    })


@login_required
def ect_edit(request, urn: int, ect):
    from programmes.models import LeadProvider

    period = _period_to_manage(request, urn, ect)
    today = timezone.localdate()
    if response := _finished_redirect(request, period, today=today):
        return response
    providers = LeadProvider.objects.filter(Q(is_active=True) | Q(pk=period.lead_provider_id))
    current = ECTChanges.of(period)
    form = ECTEditForm(request.POST if request.method == "POST" else None, lead_providers=providers, initial={
        **current.__dict__, "lead_provider": current.lead_provider_id,
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = ECTChanges(
            first_name=data["first_name"], last_name=data["last_name"], corrected_name=data["corrected_name"],
            email=data["email"], working_pattern=data["working_pattern"], training_programme=data["training_programme"],
            fte=data["fte"], lead_provider_id=data["lead_provider"].pk if data["lead_provider"] else None,
        )
        try:
            changed = update_ect(period, changes, actor=request.user, today=today)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            if changed:
                messages.success(request, f"{period.teacher.full_name}'s details were changed.")
            else:
                messages.info(request, "Nothing was changed.")
            return redirect("participants:ect_detail", urn=urn, ect=period.public_id)
    return render(request, "participants/ects/ect_edit.html", {
        "school": period.school, "period": period, "form": form,
        "working_pattern_items": form.radio_items("working_pattern", {"part_time": ["fte"]}),
        "programme_items": form.radio_items("training_programme", {"provider_led": ["lead_provider"]}),
    })


@login_required
def ect_mentor(request, urn: int, ect):
    period = _period_to_manage(request, urn, ect)
    today = timezone.localdate()
    if response := _finished_redirect(request, period, today=today):
        return response
    mentors = list(eligible_mentors(period, today=today))
    own = []
    if request.method == "POST":
        own = MentorAtSchoolPeriod.objects.filter(
            school=period.school_id, teacher=period.teacher_id, finished_on__isnull=True
        ).values_list("public_id", flat=True)
    initial = {"mentor": str(period.mentor.public_id)} if period.mentor else {}
    form = MentorChoiceForm(request.POST if request.method == "POST" else None,
                            mentors=mentors, own_mentor_ids=own, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mentor = change_mentor(period, mentor=form.chosen_mentor, new_mentor=form.new_mentor,
                                   actor=request.user, today=today)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, f"{mentor.teacher.full_name} is now {period.teacher.full_name}'s mentor.")
            return redirect("participants:ect_detail", urn=urn, ect=period.public_id)
    return render(request, "participants/ects/ect_mentor.html", {
        "school": period.school, "period": period, "form": form,
        "mentor_items": form.radio_items("mentor", {MentorChoiceForm.NEW: ["trn", "first_name", "last_name", "email"]}),
    })


@login_required
def ect_leaving(request, urn: int, ect):
    period = _period_to_manage(request, urn, ect)
    today = timezone.localdate()
    if response := _finished_redirect(request, period, today=today):
        return response
    initial = {}
    if period.finished_on:
        initial = {"finished_on": period.finished_on, "reason": period.leaving_reason, "note": period.leaving_note}
    form = LeavingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_leaver(period, finished_on=data["finished_on"], reason=data["reason"], note=data["note"],
                          actor=request.user, today=today)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            verb = "leaves" if period.finished_on >= today else "left"
            messages.success(request, f"{period.teacher.full_name} {verb} the school on {period.finished_on:%-d %B %Y}.")
            return redirect("participants:ect_detail", urn=urn, ect=period.public_id)
    return render(request, "participants/ects/ect_leaving.html", {
        "school": period.school, "period": period, "form": form, "reason_items": form.radio_items("reason"),
    })
