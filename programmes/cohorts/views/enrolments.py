"""Hub staff's programmes, cohorts and enrolments. Everyone else gets 404: these pages do not exist for them.

A cohort is named by its programme's slug, academic year and part ("year-1", "autumn", "all");
an enrolment by its public id.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hubportal.lib.dates import academic_year_of
from hubportal.lib.forms import add_domain_error
from participants.access import require_hub_staff
from programmes.cohorts import enrolment_csv, enrolments
from programmes.cohorts.forms import CohortForm, CsvUploadForm, EnrolForm, NpqCsvUploadForm, OutcomeForm, ReasonForm
from programmes.cohorts.npq import takes_outcome
from programmes.models import Enrolment, Strand

ENROLMENT_STATES = Enrolment.Status.choices


ENROLMENTS_PER_PAGE = 50


def _cohort(request, programme, cohort_year, cohort_part):
    require_hub_staff(request.user)
    cohort = enrolments.cohort_from_parts(programme, cohort_year, cohort_part)
    if cohort is None:
        raise Http404("No such cohort")
    return cohort


def _enrolment(request, public_id) -> Enrolment:
    require_hub_staff(request.user)
    enrolment = (
        Enrolment.objects.select_related("cohort__programme", "cohort__lead_provider", "teacher", "school")
        .prefetch_related("placements__school").filter(public_id=public_id).first()
    )
    if enrolment is None:
        raise Http404("No such enrolment")
    return enrolment


def _cohort_urls(cohort) -> dict:
    kwargs = enrolments.cohort_url_kwargs(cohort)
    return {
        "cohort_url": reverse("programmes:cohort_enrolments", kwargs=kwargs),
        "enrol_url": reverse("programmes:cohort_enrol", kwargs=kwargs),
        "csv_url": reverse("programmes:cohort_enrolment_csv", kwargs=kwargs),
    }


def _to_cohort(cohort):
    return redirect("programmes:cohort_enrolments", **enrolments.cohort_url_kwargs(cohort))


@login_required
@require_GET
def programme_list(request):
    require_hub_staff(request.user)
    strands, as_at = enrolments.programmes_by_strand(now=timezone.now())
    return render(request, "programmes/enrolments/programme_list.html", {
        "strands": strands, "states": ENROLMENT_STATES, "as_at": as_at, "refresh_minutes": settings.INSIGHT_REFRESH_MINUTES,
    })


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request):
    require_hub_staff(request.user)
    form = CohortForm(request.POST or None, first_year=academic_year_of(timezone.localdate()),
                      initial={"academic_year": academic_year_of(timezone.localdate())})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                cohort = enrolments.add_cohort(
                    data["programme"], data["academic_year"], stage=data["stage"], intake=data["intake"],
                    lead_provider=data["lead_provider"],
                )
            except ValidationError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"{cohort.name} added")
                return _to_cohort(cohort)
        status = 400
    return render(request, "programmes/enrolments/cohort_form.html", {"form": form}, status=status)


@login_required
@require_GET
def cohort_enrolments(request, programme, cohort_year, cohort_part):
    cohort = _cohort(request, programme, cohort_year, cohort_part)
    # A cohort may hold tens of thousands (an ECTE year across many hubs): a page at a time, never all in one.
    page = enrolments.enrolments_page(cohort, request.GET.get("page"), per_page=ENROLMENTS_PER_PAGE)
    return render(request, "programmes/enrolments/cohort.html", {
        "cohort": cohort, "page": page, "enrolments": page.object_list, "is_itt": cohort.programme.strand == Strand.ITT,
        "is_npq": cohort.programme.strand == Strand.NPQ, **_cohort_urls(cohort),
    })


@login_required
@require_http_methods(["GET", "POST"])
def cohort_enrol(request, programme, cohort_year, cohort_part):
    cohort = _cohort(request, programme, cohort_year, cohort_part)
    form = EnrolForm(request.POST or None, itt=cohort.programme.strand == Strand.ITT)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                enrolment = enrolments.enrol_person(cohort, form.details(), actor=request.user, today=timezone.localdate())
            except ValidationError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"{enrolment.teacher.full_name} is enrolled in {cohort.name}")
                return _to_cohort(cohort)
        status = 400
    return render(request, "programmes/enrolments/enrol.html", {
        "cohort": cohort, "form": form, **_cohort_urls(cohort),
    }, status=status)


def _csv_page(request, form, *, cohort=None):
    """Read, check and save an uploaded file; the response for the upload's outcome."""
    context = {"form": form, "cohort": cohort, "headings": enrolment_csv.headings_for(cohort)}
    if cohort is not None:
        context.update(_cohort_urls(cohort))
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            text, rows = enrolment_csv.read_uploaded_file(file, context["headings"])
            _, result = enrolment_csv.import_file(
                filename=file.name, text=text, rows=rows, cohort=cohort, academic_year=form.cleaned_data.get("academic_year"),
                actor=request.user, today=timezone.localdate(),
            )
        except enrolment_csv.FileProblem as problem:
            form.add_error("file", str(problem))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if result.ok:
                for saved_cohort, _ in result.saved:
                    saved_cohort.url = _cohort_urls(saved_cohort)["cohort_url"]
                return render(request, "programmes/enrolments/csv_saved.html", {**context, "result": result})
            context["result"] = result
            return render(request, "programmes/enrolments/csv.html", context, status=400)
    return render(request, "programmes/enrolments/csv.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_csv(request, programme, cohort_year, cohort_part):
    cohort = _cohort(request, programme, cohort_year, cohort_part)
    return _csv_page(request, CsvUploadForm(request.POST or None, request.FILES or None), cohort=cohort)


@login_required
@require_http_methods(["GET", "POST"])
def npq_csv(request):
    require_hub_staff(request.user)
    this_year = academic_year_of(timezone.localdate())
    form = NpqCsvUploadForm(request.POST or None, request.FILES or None, first_year=this_year, initial={"academic_year": this_year})
    return _csv_page(request, form)


# --- One enrolment and its actions ---------------------------------------------------------------


def _enrolment_context(enrolment: Enrolment, **forms) -> dict:
    programme = enrolment.cohort.programme
    context = {
        "enrolment": enrolment, "cohort": enrolment.cohort, **_cohort_urls(enrolment.cohort),
        "takes_outcome": programme.strand == Strand.NPQ and takes_outcome(programme.npq_course),
        "defer_form": ReasonForm(prefix="defer"), "withdraw_form": ReasonForm(prefix="withdraw"),
        "outcome_form": OutcomeForm(prefix="outcome", initial={"outcome": enrolment.outcome, "completed_on": enrolment.outcome_on}),
    }
    context.update(forms)
    return context


@login_required
@require_GET
def enrolment_detail(request, enrolment):
    enrolment = _enrolment(request, enrolment)
    return render(request, "programmes/enrolments/enrolment.html", _enrolment_context(enrolment))


def _act(request, public_id, action: str):
    """One action on one enrolment: on success back to the enrolment; on a refusal the page again, with why."""
    enrolment = _enrolment(request, public_id)
    form = None
    try:
        if action in ("defer", "withdraw"):
            form = ReasonForm(request.POST, prefix=action)
            if not form.is_valid():
                raise ValidationError({})
            do = enrolments.defer if action == "defer" else enrolments.withdraw
            do(enrolment, form.cleaned_data["reason"], actor=request.user)
        elif action == "outcome":
            form = OutcomeForm(request.POST, prefix="outcome")
            if not form.is_valid():
                raise ValidationError({})
            enrolments.record_outcome(
                enrolment, form.cleaned_data["outcome"], form.cleaned_data["completed_on"], actor=request.user,
                today=timezone.localdate(),
            )
        elif action == "resume":
            enrolments.resume(enrolment, actor=request.user)
        else:
            enrolments.complete(enrolment, actor=request.user)
    except ValidationError as error:
        context = _enrolment_context(enrolment)
        if form is None:
            context["action_error"] = " ".join(error.messages)
        else:
            if error.messages:
                add_domain_error(form, error)
            # `form` is what base.html looks at for "Error: " in the title.
            context.update({f"{action}_form": form, "form": form})
        return render(request, "programmes/enrolments/enrolment.html", context, status=400)
    messages.success(request, f"{enrolment.teacher.full_name}: {enrolment.get_status_display().lower()}")
    return redirect("programmes:enrolment_detail", enrolment=enrolment.public_id)


def _action_view(action: str):
    # The method check comes first: a GET is 405 for anyone, signed in or not.
    @require_POST
    @login_required
    def view(request, enrolment):
        return _act(request, enrolment, action)

    view.__name__ = f"enrolment_{action}"
    return view


enrolment_defer = _action_view("defer")
enrolment_withdraw = _action_view("withdraw")
enrolment_resume = _action_view("resume")
enrolment_complete = _action_view("complete")
enrolment_outcome = _action_view("outcome")
