"""A school's mentors: who they are and whom they mentor, and adding one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from hubportal.lib.forms import put_errors
from participants import access
from participants.models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, TeacherTransfer, active_on
from registration import transfers
from registration.changes import add_mentor
from registration.school.forms import MentorCreateForm
from registration.school.views.ects import _moves


@require_safe
@login_required
def mentor_list(request, urn: int):
    school = access.get_school_for(request.user, urn)
    today = timezone.localdate()
    # The ECTs each mentor has now; leavers drop off their list.
    current_ects = ECTAtSchoolPeriod.objects.filter(
        active_on(today), school=school
    ).select_related("teacher")
    mentors = (
        MentorAtSchoolPeriod.objects.filter(active_on(today), school=school)
        .select_related("teacher")
        .prefetch_related(Prefetch("ect_periods", queryset=current_ects, to_attr="current_ects"))
        .order_by("teacher__last_name", "teacher__first_name", "pk")
    )
    return render(request, "participants/mentors/mentor_list.html", {
        "school": school, "mentors": mentors,
        **_moves(school, TeacherTransfer.Kind.MENTOR, can_manage=access.can_manage_ects(request.user, school)),
    })


@require_http_methods(["GET", "POST"])
@login_required
def mentor_create(request, urn: int):
    school = access.get_school_to_manage(request.user, urn)
    form = MentorCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            mentor = add_mentor(school, form.details(), actor=request.user, today=timezone.localdate())
        except ValidationError as error:
            put_errors(form, error.message_dict)
        else:
            if isinstance(mentor, TeacherTransfer):
                messages.info(request, transfers.REQUESTED)
            else:
                messages.success(request, f"{mentor.teacher.full_name} is now a mentor at {school.name}. "
                                 "We have emailed them to set up an account.")
            return redirect("participants:mentor_list", urn=school.urn)
    return render(request, "participants/mentors/mentor_form.html", {"school": school, "form": form})
