"""AB staff's QA queue, the check they record from it, and each school's QA log. 404 for anyone else."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from appropriate_body.access import get_induction_for, require_ab_staff
from appropriate_body.qa.checks import record_qa_check, school_log, school_of
from appropriate_body.qa.forms import QACheckForm
from appropriate_body.qa.queue import LABELS, qa_queue, with_inductions
from hubportal.lib.forms import add_domain_error
from participants.access import get_school_for

PER_PAGE = 50


@require_safe
@login_required
def queue(request):
    require_ab_staff(request.user)
    page = Paginator(qa_queue(today=timezone.localdate()), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "appropriate_body/quality/qa_queue.html", {"page": page, "items": with_inductions(list(page.object_list)),
                                                                       "share": settings.QA_RANDOM_SHARE_PERCENT})


@login_required
@require_http_methods(["GET", "POST"])
def check(request, induction):
    require_ab_staff(request.user)
    induction = get_induction_for(request.user, induction)
    school = school_of(induction)
    if school is None:
        raise Http404("The hub's appropriate body has not held this induction")
    reasons = [key for key in request.GET.getlist("reason") + request.POST.getlist("reason") if key in LABELS]
    form = QACheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record_qa_check(school=school, induction=induction, reasons=reasons, actor=request.user, **form.cleaned_data)
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, f"QA check of {induction.teacher.full_name}'s induction recorded.")
            return redirect("appropriate_body:qa_queue")
    return render(request, "appropriate_body/quality/qa_check.html", {
        "induction": induction, "school": school, "form": form, "reasons": [(key, LABELS[key]) for key in dict.fromkeys(reasons)],
    })


@require_safe
@login_required
def school_qa_log(request, urn: int):
    require_ab_staff(request.user)
    school = get_school_for(request.user, urn)
    page = Paginator(school_log(school), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "appropriate_body/quality/school_qa_log.html", {"school": school, "page": page, "labels": LABELS})


@login_required
@require_http_methods(["GET", "POST"])
def school_check(request, urn: int):
    """A check of the school as a whole (its programme, mentoring, oversight), not of one ECT."""
    require_ab_staff(request.user)
    school = get_school_for(request.user, urn)
    form = QACheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record_qa_check(school=school, actor=request.user, **form.cleaned_data)
        except ValidationError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, f"QA check of {school.name} recorded.")
            return redirect("appropriate_body:school_qa_log", urn=school.urn)
    return render(request, "appropriate_body/quality/qa_check.html", {"school": school, "form": form, "reasons": []})
