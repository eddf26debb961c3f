"""A school's ECTs: the list, one ECT's record and history, and the pages that change it.

Reading is for anyone who may open the school (its tutors, hub and AB staff);
changing is for its tutors and hub staff (access.can_manage_ects). Everyone else,
and AB staff on the change pages, gets 404.
"""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from hubportal.lib.forms import put_errors
from participants import access
from participants.models import ECTAtSchoolPeriod, LeadProvider, MentorAtSchoolPeriod, TeacherTransfer
from programmes.models import Enrolment, Strand
from registration import transfers
from registration.changes import ECTChanges, change_mentor, ect_history, has_finished, report_leaver, update_ect
from registration.mentors import eligible_mentors
from registration.school.forms import CURRENT, EVERYONE, ECTEditForm, ECTSearchForm, LeavingForm, MentorChoiceForm
from registration.school.length_requests import school_panel
from registration.status import ECTS_COUNTED, current_ects, search_by_name_or_trn, status_filter, status_label, with_status

ECTS_PER_PAGE = 50


def search_periods(periods, *, query: str, status: str, today: date):
    """The list's search box and status filter (ID-TRN-006: a 7-digit number is a TRN and wins over text)."""
    if status == CURRENT:
        return search_by_name_or_trn(current_ects(periods, today=today), query)
    periods = search_by_name_or_trn(with_status(periods, today=today), query)
    return periods if status == EVERYONE else periods.filter(status_filter(status, today=today))


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
        "school": school, "form": form, "page": page, "rows": rows, "query": query, "status": status, "ects_counted": ECTS_COUNTED,
        **_moves(school, TeacherTransfer.Kind.ECT, can_manage=access.can_manage_ects(request.user, school)),
    })


def _moves(school, kind: str, *, can_manage: bool) -> dict:
    """`can_manage`, and the moves waiting on this school's managers, both ways (registration.transfers)."""
    if not can_manage:
        return {"can_manage": False}
    moves = list(transfers.transfers_of(school, kind=kind))
    return {"can_manage": True, "transfers_out": [move for move in moves if move.from_school_id == school.pk],
            "transfers_in": [move for move in moves if move.to_school_id == school.pk]}


def _change_page(view):
    """Wrap a page that changes one ECT: `view(request, period, today=)` runs only for a manager of
    the ECT's school (anyone else gets 404), and only while the record is open."""

    @require_http_methods(["GET", "POST"])
    @login_required
    @wraps(view)
    def page(request, urn: int, ect):
        period = access.get_ect_period_for(request.user, urn, ect)
        if not access.can_manage_ects(request.user, period.school):
            raise Http404("No such ECT")
        today = timezone.localdate()
        if has_finished(period, today=today):
            # Left and completed records are read-only: back to the record, saying why.
            messages.error(request, f"{period.teacher.full_name} is no longer at this school, "
                           "so their record cannot be changed.")
            return _to_record(period)
        return view(request, period, today=today)

    return page


def _to_record(period: ECTAtSchoolPeriod):
    return redirect("participants:ect_detail", urn=period.school.urn, ect=period.public_id)


def _render_change(request, template: str, period: ECTAtSchoolPeriod, form, **items):
    return render(request, f"participants/ects/{template}", {"school": period.school, "period": period, "form": form, **items})


@require_safe
@login_required
def ect_detail(request, urn: int, ect):
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
        **school_panel(request.user, period, claims[0] if claims else None),
        "can_manage": access.can_manage_ects(request.user, period.school) and not has_finished(period, today=today),
        "finished": has_finished(period, today=today),
    })


@_change_page
def ect_edit(request, period: ECTAtSchoolPeriod, *, today: date):
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
            put_errors(form, error.message_dict)
        else:
            if changed:
                messages.success(request, f"{period.teacher.full_name}'s details were changed.")
            else:
                messages.info(request, "Nothing was changed.")
            return _to_record(period)
    return _render_change(request, "ect_edit.html", period, form, working_pattern_items=form.radio_items("working_pattern"),
                          programme_items=form.radio_items("training_programme"))


@_change_page
def ect_mentor(request, period: ECTAtSchoolPeriod, *, today: date):
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
            put_errors(form, error.message_dict)
        else:
            if isinstance(mentor, TeacherTransfer):
                messages.info(request, transfers.REQUESTED)
            else:
                messages.success(request, f"{mentor.teacher.full_name} is now {period.teacher.full_name}'s mentor.")
            return _to_record(period)
    return _render_change(request, "ect_mentor.html", period, form, mentor_items=form.radio_items("mentor"))


@_change_page
def ect_leaving(request, period: ECTAtSchoolPeriod, *, today: date):
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
            put_errors(form, error.message_dict)
        else:
            verb = "leaves" if period.finished_on >= today else "left"
            messages.success(request, f"{period.teacher.full_name} {verb} the school on {period.finished_on:%-d %B %Y}.")
            return _to_record(period)
    return _render_change(request, "ect_leaving.html", period, form, reason_items=form.radio_items("reason"))
