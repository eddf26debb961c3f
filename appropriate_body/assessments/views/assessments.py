"""Progress reviews and assessments: the school's schedules, the tutor's form, signatures, evidence, the AB's list.

Who reads what is decided in appropriate_body.access (assessments_for and friends); every
change is a domain function there. Anyone outside the scope gets 404.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from appropriate_body import access
from appropriate_body.access import require_ab_staff
from appropriate_body.assessments import assessments as domain
from appropriate_body.assessments.forms import AssessmentForm, EvidenceForm
from appropriate_body.inductions.cases import case_of, inductions_with_parts
from appropriate_body.models import Assessment, AssessmentKind, AssessmentStatus
from appropriate_body.reviews import reviews as quality
from appropriate_body.rules.deadlines import DeadlineState, deadline_status
from participants.access import get_school_for, is_ab_staff, is_hub_staff, tutored_schools
from participants.models import School

PER_PAGE = 50


def schedule_row(assessment: Assessment, *, today) -> dict:
    # signed_report: DL-002 on a final assessment with its meeting recorded; from the row, no query.
    return {"assessment": assessment, "status": deadline_status(assessment.due_on, today=today, done_on=assessment.done_on),
            "signed_report": domain.signed_report_status(assessment, today=today)}


def _school_for_schedules(user, urn: int) -> School:
    """The school's tutors and headteacher, hub staff and AB staff see its ECTs' schedules."""
    if is_hub_staff(user) or is_ab_staff(user):
        return get_school_for(user, urn)
    school = (tutored_schools(user) | access.headed_schools(user)).filter(urn=urn).first()
    if school is None:
        raise Http404("No such school")
    return school


@require_safe
@login_required
def school_inductions(request, urn: int):
    school = _school_for_schedules(request.user, urn)
    today = timezone.localdate()
    inductions = list(inductions_with_parts().select_related("named_contact").filter(periods__school=school, periods__finished_on__isnull=True)
                      .order_by("teacher__last_name", "teacher__first_name"))
    rows = defaultdict(list)
    for assessment in (Assessment.objects.filter(induction_period__school=school, induction__in=inductions)
                       .exclude(status=AssessmentStatus.NOT_NEEDED).order_by("due_on", "pk")):
        rows[assessment.induction_id].append(schedule_row(assessment, today=today))
    ects = [{"case": case_of(induction, today=today), "rows": rows[induction.pk]} for induction in inductions]
    # DP-003: hub staff see dates and states only; the records are for those directly involved.
    reads_records = not is_hub_staff(request.user) or is_ab_staff(request.user) or tutored_schools(request.user).filter(pk=school.pk).exists()
    # ABD-004: AB staff and the school's tutors may raise a concern about one of its ECTs.
    raises_concerns = is_ab_staff(request.user) or tutored_schools(request.user).filter(pk=school.pk).exists()
    return render(request, "appropriate_body/assessments/school.html", {"school": school, "ects": ects, "reads_records": reads_records,
                                                                         "raises_concerns": raises_concerns, "qa_log": is_ab_staff(request.user)})


def _signer_roles(user, assessment: Assessment) -> list[str]:
    school_id = assessment.induction_period.school_id
    roles = []
    if access.is_tutor_of(user, school_id):
        roles.append(domain.Signer.TUTOR)
    if access.is_headteacher_of(user, school_id):
        roles.append(domain.Signer.HEADTEACHER)
    return roles


def _awaits_confirmation_here(user, assessment: Assessment) -> bool:
    school_id = assessment.induction_period.school_id
    return access.is_headteacher_of(user, school_id) and not access.is_confirmed_headteacher_of(user, school_id)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_page(request, urn: int, assessment):
    assessment = access.get_school_assessment_for(request.user, urn, assessment)
    editable = domain.can_edit(request.user, assessment)
    form = AssessmentForm(request.POST if request.method == "POST" and editable else None, assessment=assessment)
    action = request.POST.get("action")
    if request.method == "POST":
        try:
            if action in ("save", "submit", "resubmit") and editable and form.is_valid():
                assessment = domain.save_draft(assessment, record=form.record(), judgements=form.judgements(), actor=request.user,
                                               today=timezone.localdate())
                if action == "resubmit":
                    assessment = quality.resubmit_report(assessment, actor=request.user, now=timezone.now())
                    messages.success(request, "Resubmitted. " + ("It goes back to the appropriate body once the ECT has commented "
                                     "and everyone has signed again." if assessment.status == AssessmentStatus.AWAITING_ECT_COMMENTS
                                     else "The appropriate body will check it again."))
                elif action == "submit":
                    domain.submit(assessment, actor=request.user, now=timezone.now())
                    messages.success(request, f"{assessment.get_kind_display()} submitted.")
                else:
                    messages.success(request, "Your changes are saved.")
                return redirect("appropriate_body:assessment_page", urn=urn, assessment=assessment.public_id)
            if action == "sign" and request.POST.get("as_role") in _signer_roles(request.user, assessment):
                domain.sign(assessment, as_role=request.POST["as_role"], actor=request.user, now=timezone.now())
                messages.success(request, "Signed.")
                return redirect("appropriate_body:assessment_page", urn=urn, assessment=assessment.public_id)
            if action not in ("save", "submit", "resubmit") or not editable:
                raise ValidationError("This record cannot be changed by you now")
        except ValidationError as problem:
            if action == "sign" or not editable:
                messages.error(request, " ".join(problem.messages))
                return redirect("appropriate_body:assessment_page", urn=urn, assessment=assessment.public_id)
            form.put_domain_errors(problem.message_dict if hasattr(problem, "error_dict") else {None: problem.messages})
    waiting_for = domain.next_signer(assessment)
    turn = waiting_for if waiting_for in _signer_roles(request.user, assessment) else None
    # Say why someone whose turn it is cannot sign (they signed already in another role, or their headteacher
    # role awaits confirmation), and tell a waiting headteacher so whenever they look.
    refusal = domain.signing_refusal(request.user, turn, assessment) if turn else None
    if refusal is None and _awaits_confirmation_here(request.user, assessment):
        refusal = domain.awaiting_confirmation_message(assessment.induction_period.school)
    # SG24 5.11: what the AB asked the school to change, each comment beside its part of the form.
    returned = quality.returned_comments(quality.open_return(assessment))
    standards = [{**standard, "returned": returned.get(standard["code"])} for standard in form.standards()] if editable else []
    return render(request, "appropriate_body/assessments/detail.html", {
        "assessment": assessment, "form": form, "editable": editable, "evidence_form": EvidenceForm(),
        "returned": returned, "standards": standards,
        "signs_again": quality.signatures_needed_again(assessment) if returned else False,
        "reviews": list(assessment.reviews.select_related("reviewed_by", "resubmitted_by").prefetch_related("sections")),
        "judgements": list(assessment.judgements.all()), "evidence": list(assessment.evidence_files.all()),
        "waiting_for": waiting_for, "can_sign_as": turn if refusal is None else None, "sign_refusal": refusal,
        "waiting_for_name": domain.SIGNER_NAMES.get(waiting_for),
        "signed_report": domain.signed_report_status(assessment, today=timezone.localdate()),
    })


@require_POST
@login_required
def evidence_upload(request, urn: int, assessment):
    assessment = access.get_school_assessment_for(request.user, urn, assessment)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = domain.attach_evidence(assessment, upload=form.cleaned_data["file"], actor=request.user)
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        else:
            messages.success(request, f"{evidence.original_name} attached.")
    else:
        messages.error(request, " ".join(form.errors["file"]))
    return redirect("appropriate_body:assessment_page", urn=urn, assessment=assessment.public_id)


@require_safe
@login_required
def evidence_download(request, evidence):
    """Never a MEDIA_URL: the file is read from storage only after the reader is checked (DP-003)."""
    evidence = access.get_evidence_for(request.user, evidence)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


STATES = {"due": "Due", "overdue": "Overdue", "done": "Done"}


def _filter_state(assessments, state: str, today):
    if state == "done":
        return assessments.filter(status__in=domain.DONE_STATUSES)
    open_ones = assessments.filter(status__in=domain.OPEN_STATUSES)
    if state == "overdue":
        return open_ones.filter(due_on__lt=today)
    if state == "due":
        return open_ones.filter(due_on__gte=today)
    return assessments


@require_safe
@login_required
def ab_assessments(request):
    """REC-001: the AB monitors reviews and reports coming back, and chases the late and unsigned."""
    require_ab_staff(request.user)
    today = timezone.localdate()
    state = request.GET.get("state") if request.GET.get("state") in STATES else ""
    kind = request.GET.get("kind") if request.GET.get("kind") in AssessmentKind.values else ""
    school = School.objects.filter(urn=request.GET.get("school")).first() if request.GET.get("school", "").isdigit() else None
    assessments = _filter_state(Assessment.objects.exclude(status=AssessmentStatus.NOT_NEEDED), state, today)
    if kind:
        assessments = assessments.filter(kind=kind)
    if school:
        assessments = assessments.filter(induction_period__school=school)
    page = Paginator(access.with_parts(assessments).order_by("due_on", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "appropriate_body/assessments/ab_list.html", {
        "page": page, "rows": [schedule_row(a, today=today) for a in page.object_list],
        "states": STATES, "state": state, "kinds": AssessmentKind.choices, "kind": kind, "school": school,
        "overdue": DeadlineState.OVERDUE,
    })
