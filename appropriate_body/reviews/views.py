"""AB staff's list of reports to check, and the page where they accept a report or return it with comments.

AB staff only (appropriate_body.access); anyone else gets 404. The school's side (reading the comments,
resubmitting) is on the report's own page (appropriate_body.assessments.views).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from appropriate_body import access
from appropriate_body.reviews import reviews as domain
from appropriate_body.reviews.forms import CheckForm

PER_PAGE = 50


@require_safe
@login_required
def reports_to_check(request):
    access.require_ab_staff(request.user)
    page = Paginator(domain.reports_awaiting_review(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "appropriate_body/quality/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def review_report(request, assessment):
    assessment = access.get_assessment_to_check(request.user, assessment)
    form = CheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        name = assessment.induction.teacher.full_name
        try:
            if request.POST.get("action") == "accept" and form.is_valid():
                if any(form.comments().values()):
                    raise ValidationError("You have written comments: return the report to the school, or remove them to accept it")
                domain.accept_report(assessment, actor=request.user, now=timezone.now())
                messages.success(request, f"{assessment.get_kind_display()} for {name} accepted.")
                return redirect("appropriate_body:reports_to_check")
            if request.POST.get("action") == "return" and form.is_valid():
                domain.return_report(assessment, form.comments(), actor=request.user, now=timezone.now())
                messages.success(request, f"{assessment.get_kind_display()} for {name} returned to {assessment.induction_period.school.name}.")
                return redirect("appropriate_body:reports_to_check")
        except ValidationError as problem:
            form.put_domain_errors(problem.message_dict if hasattr(problem, "error_dict") else {None: problem.messages})
    reviews = list(assessment.reviews.select_related("reviewed_by", "resubmitted_by").prefetch_related("sections").order_by("reviewed_at", "pk"))
    return render(request, "appropriate_body/quality/review.html", {
        "assessment": assessment, "form": form, "reviewable": domain.is_reviewable(assessment), "reviews": reviews,
        "judgements": list(assessment.judgements.all()), "evidence": list(assessment.evidence_files.all()),
    })
