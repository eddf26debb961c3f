"""The ECT's own induction record, and a mentor's view of their ECTs' schedules (dates and states only).

An ECT reaches only the induction of the teacher record linked to their account; a mentor only the
ECTs they mentor now. Everyone else gets 404 (DP-003).
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from appropriate_body import access
from appropriate_body.assessments import assessments as domain
from appropriate_body.assessments.forms import CommentsForm
from appropriate_body.assessments.views.assessments import schedule_row
from appropriate_body.concerns.concerns import has_open_concern
from appropriate_body.inductions.cases import case_of, inductions_with_parts
from appropriate_body.length_requests.forms import AnswerForm
from appropriate_body.models import Assessment, AssessmentStatus
from participants.access import has_role
from participants.models import Role


def _require(user, role: str) -> None:
    if not has_role(user, role):
        raise Http404("No such page")


@require_safe
@login_required
def my_induction(request):
    _require(request.user, Role.ECT)
    today = timezone.localdate()
    induction = inductions_with_parts().select_related("named_contact").filter(teacher__user=request.user).first()
    case = case_of(induction, today=today) if induction else None
    rows = []
    if induction:
        rows = [schedule_row(a, today=today) for a in Assessment.objects.filter(induction=induction)
                .exclude(status=AssessmentStatus.NOT_NEEDED).order_by("due_on", "pk")]
    # REC-004: the ECT is told who can read their assessments; REGN-004: and who their named contact is.
    # ABD-004: that a concern about their induction is open, never its text (the school and the AB talk to
    # them about it; the named contact is who they raise their own worries with).
    concern_open = bool(induction) and has_open_concern(induction)
    return render(request, "appropriate_body/my_induction/record.html", {
        "case": case, "rows": rows, "answer_form": AnswerForm(), "concern_open": concern_open,
        # ABD-007: the school's requests to change the length, the ECT answering a reduction here.
        "length_requests": list(access.length_requests_for(request.user).filter(induction=induction)) if induction else [],
    })


@login_required
@require_http_methods(["GET", "POST"])
def my_assessment(request, assessment):
    _require(request.user, Role.ECT)
    assessment = access.get_own_assessment(request.user, assessment)
    form = CommentsForm(request.POST or None, initial={"comments": assessment.ect_comments})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "sign":
                domain.sign(assessment, as_role=domain.Signer.ECT, actor=request.user, now=timezone.now())
                messages.success(request, "Signed. The report is complete and the appropriate body has it.")
            elif form.is_valid():
                domain.add_ect_comments(assessment, comments=form.cleaned_data["comments"], actor=request.user, now=timezone.now())
                messages.success(request, "Your comments are saved.")
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        return redirect("appropriate_body:my_assessment", assessment=assessment.public_id)
    can_comment = (assessment.status == AssessmentStatus.AWAITING_ECT_COMMENTS
                   or (assessment.is_progress_review and assessment.status == AssessmentStatus.SUBMITTED))
    return render(request, "appropriate_body/my_induction/assessment.html", {
        "assessment": assessment, "form": form, "can_comment": can_comment,
        "can_sign": domain.next_signer(assessment) == domain.Signer.ECT, "waiting_for": domain.next_signer(assessment),
        "waiting_for_name": domain.SIGNER_NAMES.get(domain.next_signer(assessment)), "judgements": list(assessment.judgements.all()),
        "evidence": list(assessment.evidence_files.all()),
        "signed_report": domain.signed_report_status(assessment, today=timezone.localdate()),
        # The record is shown once the tutor has submitted it; a draft is still the tutor's.
        "shows_record": assessment.status not in domain.DRAFTING,
    })


@require_safe
@login_required
def mentor_schedules(request):
    """Mentors see when their ECTs' reviews and assessments fall and how they stand, never what they say."""
    _require(request.user, Role.MENTOR)
    today = timezone.localdate()
    assessments = (Assessment.objects.filter(induction_period__finished_on__isnull=True,
                                             induction_period__ect_period__mentor__teacher__user=request.user)
                   .exclude(status=AssessmentStatus.NOT_NEEDED).select_related("induction__teacher")
                   .order_by("induction__teacher__last_name", "induction_id", "due_on"))
    by_ect = defaultdict(list)
    for assessment in assessments:
        by_ect[assessment.induction.teacher].append(schedule_row(assessment, today=today))
    return render(request, "appropriate_body/my_induction/mentor.html", {"ects": list(by_ect.items())})
