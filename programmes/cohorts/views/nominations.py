"""Nominations: a school's leaders and tutors put staff forward; hub staff approve or decline.

A school's page answers 404 to anyone who is not its headteacher or tutor (or hub staff).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubportal.lib.forms import add_domain_error
from participants.access import require_hub_staff
from programmes.cohorts import nominations
from programmes.cohorts.forms import DecisionForm, NominationForm


@login_required
@require_http_methods(["GET", "POST"])
def school_nominations(request, urn):
    school = nominations.get_nominating_school(request.user, urn)
    today = timezone.localdate()
    form = NominationForm(request.POST or None, cohorts=nominations.nominable_cohorts(today=today))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                nomination = nominations.nominate(school, form.cleaned_data["cohort"], form.details(), actor=request.user, today=today)
            except ValidationError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"{nomination.teacher.full_name} is nominated for {nomination.cohort.name}. The hub will decide")
                return redirect("programmes:school_nominations", urn=school.urn)
        status = 400
    return render(request, "programmes/enrolments/school_nominations.html", {
        "school": school, "form": form, "nominations": nominations.nominations_of(school),
    }, status=status)


def _pending_page(request, *, failed=None, failed_form=None, status=200):
    # Each nomination has its own form, prefixed by its public id so that many share the page.
    decisions = [
        (nomination, failed_form if failed is not None and nomination.pk == failed.pk
         else DecisionForm(prefix=str(nomination.public_id)))
        for nomination in nominations.pending_nominations()
    ]
    return render(request, "programmes/enrolments/nominations_pending.html", {
        "decisions": decisions, "form": failed_form,
    }, status=status)


@login_required
@require_GET
def pending_nominations(request):
    require_hub_staff(request.user)
    return _pending_page(request)


@require_POST
@login_required
def nomination_decide(request, enrolment):
    """Approve (enrol) or decline (with the reason the school sees) one nomination, as its radios say."""
    nomination = nominations.get_pending_nomination(request.user, enrolment)
    form = DecisionForm(request.POST, prefix=str(nomination.public_id))
    if not form.is_valid():
        return _pending_page(request, failed=nomination, failed_form=form, status=400)
    try:
        if form.cleaned_data["decision"] == "approve":
            nominations.approve(nomination, actor=request.user, now=timezone.now())
            done = f"{nomination.teacher.full_name} is enrolled in {nomination.cohort.name}"
        else:
            nominations.decline(nomination, form.cleaned_data["reason"].strip(), actor=request.user, now=timezone.now())
            done = f"The nomination of {nomination.teacher.full_name} is declined"
    except ValidationError as error:  # another member of staff decided it a moment ago
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("programmes:pending_nominations")
