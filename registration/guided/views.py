"""The guided "Register one ECT" flow: a start page, one question page per step,
check your answers, and a confirmation page.

The answers wait in the session (register_flow); the check page makes the one call to
`register_ect`, which creates the teacher, their period, the ECTE enrolment, the pending
AB claim and the invitation emails, or refuses with every problem by field.
"""

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from appropriate_body.claims.claims import RecordCheck, note_record_check
from appropriate_body.models import Claim
from participants import access
from participants.models import ECTAtSchoolPeriod, LeadProvider, Teacher, TrainingProgramme, WorkingPattern
from participants.people.records import RecordServiceUnavailable, teacher_record_lookup
from programmes.models import Enrolment, Strand
from registration.ects import RegistrationError, check_trn, held_elsewhere, register_ect
from registration.guided import flow as register_flow
from registration.guided.flow import MENTOR_EXISTING, MENTOR_LATER, MENTOR_NEW, STEPS, Answers
from registration.guided.forms import EmailForm, FindForm, MentorForm, NameForm, ProgrammeForm, StartDateForm, WorkingPatternForm
from registration.mentors import eligible_mentors
from registration.transfers import ELSEWHERE, MENTOR_REQUESTED, REQUESTED

NOT_FOUND = "We cannot find a teacher with this TRN and date of birth. Check both and try again"
UNAVAILABLE = "We could not check the teacher's record with the Teaching Record System just now. Try again in a few minutes"


def _step_url(urn: int, step: str, *, change: bool = False) -> str:
    url = reverse("participants:register_step", kwargs={"urn": urn, "step": step})
    return f"{url}?change=1" if change else url


@require_http_methods(["GET", "POST"])
@login_required
def register_start(request, urn: int):
    school = access.get_school_to_manage(request.user, urn)
    if request.method == "POST":
        # "Start now" always begins a fresh registration; "Continue" below keeps the one in progress.
        register_flow.clear(request.session, school.urn)
        return redirect(_step_url(school.urn, "find"))
    answers = register_flow.load(request.session, school.urn)
    resume = (answers.first_unanswered() or "check") if answers.answered else None
    return render(request, "participants/register/start.html", {
        "school": school,
        "resume_url": _step_url(school.urn, resume) if resume else None,
    })


@require_http_methods(["GET", "POST"])
@login_required
def register_step(request, urn: int, step: str):
    school = access.get_school_to_manage(request.user, urn)
    if step not in STEPS:
        raise Http404("No such step")
    answers = register_flow.load(request.session, school.urn)
    if not answers.may_open(step):
        return redirect(_step_url(school.urn, answers.first_unanswered()))
    today = timezone.localdate()
    if step == "check":
        return _check(request, school, answers, today)

    changing = request.GET.get("change") == "1"
    # The school's last choice of programme is offered again until this ECT's is answered.
    previous_choice = _previous_choice(school) if step == "programme" and "programme" not in answers.answered else None
    form = _form(step, request, school, answers, today, previous_choice)
    if request.method == "POST" and form.is_valid():
        response = _save(step, form, request, school, answers, today)
        if response is not None:
            return response
        if not form.errors:
            answers.mark_answered(step)
            register_flow.save(request.session, school.urn, answers)
            if changing:
                # Back to check your answers, unless the change made an earlier answer void.
                after = answers.first_unanswered()
                return redirect(_step_url(school.urn, after, change=True) if after else _step_url(school.urn, "check"))
            return redirect(_step_url(school.urn, register_flow.next_step(step)))

    previous = register_flow.previous_step(step)
    if changing:
        back_url = _step_url(school.urn, "check")
    elif previous:
        back_url = _step_url(school.urn, previous)
    else:
        back_url = reverse("participants:register_start", kwargs={"urn": school.urn})
    existing = getattr(form, "existing_here", None)
    return render(request, f"participants/register/{step.replace('-', '_')}.html", {
        "school": school,
        "answers": answers,
        "form": form,
        "step": step,
        "back_url": back_url,
        "existing_url": reverse("participants:ect_detail", kwargs={"urn": school.urn, "ect": existing.public_id}) if existing else None,
        "previous_choice": previous_choice,
        "record_source": getattr(teacher_record_lookup(), "source", "") if step == "find" else "",
    })


def _previous_choice(school) -> ECTAtSchoolPeriod | None:
    """The school's latest ECT registration, whose programme is offered again for the next one."""
    return (
        ECTAtSchoolPeriod.objects.filter(school=school).select_related("lead_provider").order_by("-created_at", "-pk").first()
    )


def _mentors_for(school, answers: Answers, today):
    # The ECT may already be a Teacher (a mover); eligible_mentors then leaves them out (ROLE-006).
    teacher_id = Teacher.objects.filter(trn=answers.trn).values_list("pk", flat=True).first()
    return list(eligible_mentors(ECTAtSchoolPeriod(school=school, teacher_id=teacher_id), today=today))


def _form(step: str, request, school, answers: Answers, today, previous_choice=None):
    data = request.POST if request.method == "POST" else None
    kwargs = {"today": today, "answers": answers}
    if step == "find":
        return FindForm(data, initial={"trn": answers.trn}, **kwargs)
    if step == "name":
        initial = {"first_name": answers.first_name, "last_name": answers.last_name,
                   "corrected_name": answers.corrected_name}
        if "name" in answers.answered:
            initial["uses_other_name"] = "yes" if answers.corrected_name else "no"
            initial["is_right"] = "yes"
        return NameForm(data, initial=initial, **kwargs)
    if step == "email":
        return EmailForm(data, initial={"email": answers.email}, **kwargs)
    if step == "start-date":
        return StartDateForm(data, initial={"started_on": answers.started_on}, **kwargs)
    if step == "working-pattern":
        return WorkingPatternForm(data, initial={"working_pattern": answers.working_pattern, "fte": answers.fte}, **kwargs)
    if step == "programme":
        providers = LeadProvider.objects.filter(is_active=True)
        if "programme" in answers.answered:
            initial = {"training_programme": answers.training_programme, "lead_provider": answers.lead_provider_id}
        elif previous_choice:
            initial = {"training_programme": previous_choice.training_programme,
                       "lead_provider": previous_choice.lead_provider_id}
        else:
            initial = {}
        return ProgrammeForm(data, initial=initial, providers=providers, **kwargs)
    if step == "mentor":
        initial = {"mentor": answers.mentor_id if answers.mentor_choice == MENTOR_EXISTING else answers.mentor_choice}
        initial |= {f"mentor_{key}": value for key, value in answers.new_mentor.items()}
        return MentorForm(data, initial=initial, mentors=_mentors_for(school, answers, today), **kwargs)
    raise Http404("No such step")


def _save(step: str, form, request, school, answers: Answers, today):
    """Copy one page's answers into `answers`; may add errors to the form, or answer with a redirect."""
    data = form.cleaned_data
    if step == "find":
        return _save_find(form, request, school, answers, today)
    if step == "name":
        if answers.has_record_name:
            if data["is_right"] == "no":
                # Not the teacher they meant: start again from the identifiers.
                answers.trn = answers.record_first_name = answers.record_last_name = ""
                answers.forget("find")
                answers.forget("name")
                register_flow.save(request.session, school.urn, answers)
                messages.info(request, "Check the TRN and date of birth, then try again.")
                return redirect(_step_url(school.urn, "find"))
            answers.first_name, answers.last_name = answers.record_first_name, answers.record_last_name
        else:
            answers.first_name, answers.last_name = data["first_name"].strip(), data["last_name"].strip()
        answers.corrected_name = data["corrected_name"].strip() if data["uses_other_name"] == "yes" else ""
    elif step == "email":
        answers.email = data["email"]
    elif step == "start-date":
        answers.started_on = data["started_on"]
    elif step == "working-pattern":
        answers.working_pattern, answers.fte = data["working_pattern"], data["fte"]
    elif step == "programme":
        answers.training_programme = data["training_programme"]
        provider_led = answers.training_programme == TrainingProgramme.PROVIDER_LED
        answers.lead_provider_id = data["lead_provider"].pk if provider_led else None
    elif step == "mentor":
        choice = data["mentor"]
        answers.mentor_choice = choice if choice in (MENTOR_NEW, MENTOR_LATER) else MENTOR_EXISTING
        answers.mentor_id = choice if answers.mentor_choice == MENTOR_EXISTING else ""
        answers.new_mentor = data["new_mentor"] if choice == MENTOR_NEW else {}
    return None


def record_check_answers(record, *, read_at) -> dict:
    """The record's answers to the AB's checks, when the lookup knows them (TRS does; the tutor's word does not)."""
    if record.induction_status is None:
        return {}
    return {"qts_awarded_on": record.qts_awarded_on.isoformat() if record.qts_awarded_on else None,
            "induction_status": record.induction_status, "has_active_prohibition": record.has_active_prohibition,
            "itt_provider_ukprn": record.itt_provider_ukprn or "", "read_at": read_at.isoformat()}


def _carry_record_check(period: ECTAtSchoolPeriod, check: dict) -> None:
    claim = period.claims.filter(status=Claim.Status.PENDING).first()
    if claim is None:
        return
    qts = check.get("qts_awarded_on")
    note_record_check(claim, RecordCheck(
        qts_awarded_on=date.fromisoformat(qts) if qts else None, induction_status=check["induction_status"],
        has_active_prohibition=check.get("has_active_prohibition"), itt_provider_ukprn=check.get("itt_provider_ukprn", ""),
    ), read_at=datetime.fromisoformat(check["read_at"]))


def _save_find(form, request, school, answers: Answers, today):
    trn = form.cleaned_data["trn"]
    # ID-TRN-005: both identifiers find the record. The date of birth reaches the session only sealed,
    # for the claim's hand-over to RIAB (appropriate_body RULES.md, the exception to ID-DOB-002).
    born = form.cleaned_data.pop("date_of_birth")
    try:
        record = teacher_record_lookup().find(trn, born)
    except RecordServiceUnavailable:
        form.add_error("trn", UNAVAILABLE)
        return None
    if record is None:
        # On the date of birth: a TRN that passed its checks is more often right than the date typed
        # beside it; the words still name both, so they say nothing about which did not match.
        form.add_error("date_of_birth", NOT_FOUND)
        return None
    if record.merged_from:
        # The record was merged into another: the surviving TRN is the one the ECT is registered under.
        trn = record.trn
        messages.info(request, f"The Teaching Record System has merged TRN {record.merged_from} into TRN {trn}. "
                               f"The ECT will be registered under TRN {trn}.")
    check = check_trn(school, trn, today=today)
    if check.errors:
        form.add_error("trn", check.errors["trn"])
        form.existing_here = check.existing_here
        return None
    if trn != answers.trn:
        # Another teacher: the name belonged to the last one.
        answers.first_name = answers.last_name = answers.corrected_name = ""
        answers.forget("name")
    answers.trn = trn
    answers.keep_date_of_birth(born)
    answers.record_first_name, answers.record_last_name = record.first_name, record.last_name
    answers.record_check = record_check_answers(record, read_at=timezone.now())
    if held_elsewhere(school, trn, today=today):
        # Say only what the tutor needs: not the other school, nor anything it holds about the teacher.
        messages.info(request, ELSEWHERE)
    return None


# -- check your answers -------------------------------------------------------------------------


def _check(request, school, answers: Answers, today):
    mentor = None
    if answers.mentor_choice == MENTOR_EXISTING:
        mentor = next((m for m in _mentors_for(school, answers, today) if str(m.public_id) == answers.mentor_id), None)
        if mentor is None:
            # The chosen mentor has left since: ask again.
            answers.forget("mentor")
            register_flow.save(request.session, school.urn, answers)
            messages.info(request, "The mentor you chose is no longer at the school. Choose another.")
            return redirect(_step_url(school.urn, "mentor"))

    problems, existing = [], None
    if request.method == "POST":
        try:
            registered = register_ect(
                school, answers.ect_details(), actor=request.user, today=today,
                mentor=mentor, new_mentor=answers.new_mentor_details(),
            )
        except RegistrationError as error:
            problems = [(message, register_flow.step_for_error(key)) for key, message in error.check.errors.items()]
            existing = error.check.existing_here
        except ValidationError as error:  # assign_mentor's own checks
            problems = [(message, register_flow.step_for_error(key))
                        for key, messages_ in error.message_dict.items() for message in messages_]
        else:
            register_flow.clear(request.session, school.urn)
            if registered.period is not None and answers.record_check:
                _carry_record_check(registered.period, answers.record_check)
            if registered.mentor_transfer is not None:
                messages.info(request, MENTOR_REQUESTED)
            if registered.transfer is not None:
                messages.info(request, REQUESTED)
                return redirect("participants:transfer", urn=school.urn, transfer=registered.transfer.public_id)
            return redirect("participants:register_done", urn=school.urn, ect=registered.period.public_id)

    moving = held_elsewhere(school, answers.trn, today=today)
    provider = LeadProvider.objects.filter(pk=answers.lead_provider_id).first() if answers.lead_provider_id else None
    return render(request, "participants/register/check.html", {
        "school": school,
        "answers": answers,
        "form": _ProblemList(problems),
        "problems": [{"message": message, "url": _step_url(school.urn, step, change=True) if step != "check" else ""}
                     for message, step in problems],
        "existing_url": reverse("participants:ect_detail", kwargs={"urn": school.urn, "ect": existing.public_id}) if existing else None,
        "rows": _summary_rows(school, answers, mentor, provider),
        "moving_notice": ELSEWHERE if moving else "",
        "back_url": _step_url(school.urn, "mentor"),
    })


class _ProblemList:
    """Stands in for a form so the base layout says "Error:" in the title when submitting failed."""

    def __init__(self, problems):
        self.errors = bool(problems)


def _summary_rows(school, answers: Answers, mentor, provider) -> list[dict]:
    def row(key, value, step, hidden=None):
        return {"key": key, "value": value, "href": _step_url(school.urn, step, change=True), "hidden": hidden or key.lower()}

    if answers.working_pattern == WorkingPattern.PART_TIME:
        pattern = f"Part time ({answers.fte} FTE)"
    else:
        pattern = WorkingPattern(answers.working_pattern).label
    programme = TrainingProgramme(answers.training_programme).label
    if provider:
        programme = f"{programme} with {provider.name}"
    if answers.mentor_choice == MENTOR_EXISTING:
        mentor_text = mentor.teacher.full_name
    elif answers.mentor_choice == MENTOR_NEW:
        new = answers.new_mentor
        mentor_text = f"New mentor: {new['first_name']} {new['last_name']}\nTRN {new['trn']}\n{new['email']}"
    else:
        mentor_text = "Not yet: you will assign a mentor later"
    rows = [
        row("Teacher reference number (TRN)", answers.trn, "find", "teacher reference number"),
        row("Name on teacher record", f"{answers.first_name} {answers.last_name}", "name", "name"),
        row("Name used at school", answers.corrected_name or "The same as the teacher record", "name", "name used at school"),
        row("Email address", answers.email, "email"),
        row("Start date", answers.started_on.strftime("%-d %B %Y"), "start-date"),
        row("Working pattern", pattern, "working-pattern"),
        row("Training programme", programme, "programme"),
        row("Mentor", mentor_text, "mentor"),
    ]
    return rows


# -- confirmation -------------------------------------------------------------------------------


@require_http_methods(["GET"])
@login_required
def register_done(request, urn: int, ect):
    school = access.get_school_to_manage(request.user, urn)
    period = access.get_ect_period_for(request.user, school.urn, ect)
    enrolment = (
        Enrolment.objects.filter(teacher=period.teacher_id, cohort__programme__strand=Strand.ECTE)
        .select_related("cohort__programme").order_by("-cohort__academic_year").first()
    )
    return render(request, "participants/register/done.html", {
        "school": school,
        "period": period,
        "cohort": enrolment.cohort if enrolment else None,
        "claim": period.claims.order_by("-created_at").first(),
        "assign_mentor_url": reverse("participants:ect_mentor", kwargs={"urn": school.urn, "ect": period.public_id}),
        "ect_list_url": reverse("participants:ect_list", kwargs={"urn": school.urn}),
    })
