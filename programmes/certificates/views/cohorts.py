"""Programme completion certificates: hub staff tick who in a cohort completed and issue theirs.

A cohort is named in the URL by its programme's slug, its academic year and its part, as on the
cohort pages: "year-1"/"year-2" for the ECTE, "autumn"/"spring" for an NPQ intake, else "all".
Hub staff only; 404 otherwise.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hubportal.lib.forms import add_domain_error
from participants.access import is_hub_staff, require_hub_staff
from programmes.certificates.certificates import completable_enrolments, issue_completion_certificates
from programmes.certificates.forms import CompletionForm
from programmes.certificates.views.progress import poll, progress_context
from programmes.cohorts.enrolments import cohort_from_parts, cohort_part
from programmes.models import Certificate, Cohort, Enrolment


def stage_slug(cohort: Cohort) -> str:
    """The cohort's part in its URL, named as the cohort pages name it (programmes.cohorts.enrolments)."""
    return cohort_part(cohort)


def cohort_from_url(user, programme: str, year: int, stage: str) -> Cohort:
    """The cohort a URL names, for hub staff; 404 for anyone else, and for a cohort that does not exist.

    The part names the stage or the NPQ intake, so a year with an autumn and a spring intake has a
    page for each (the unique constraint on programme, year, stage and intake makes it one cohort).
    """
    if not is_hub_staff(user):
        raise Http404("No such cohort")
    cohort = cohort_from_parts(programme, year, stage)
    if cohort is None:
        raise Http404("No such cohort")
    return cohort


def _cohort_kwargs(cohort: Cohort) -> dict:
    return {"programme": cohort.programme.slug, "year": cohort.academic_year, "stage": stage_slug(cohort)}


def _certificates_of(cohort: Cohort):
    return Certificate.objects.filter(enrolment__cohort=cohort)


def _progress_url(cohort: Cohort) -> str:
    return reverse("programmes:cohort_certificates_progress", kwargs=_cohort_kwargs(cohort))


@login_required
@require_GET
def cohort_list(request):
    """Every cohort with its numbers, counted in the one query that lists them."""
    require_hub_staff(request.user)
    valid = Q(enrolments__certificate__isnull=False, enrolments__certificate__revoked_at__isnull=True)
    cohorts = list(
        Cohort.objects.select_related("programme").annotate(
            enrolled=Count("enrolments", filter=~Q(enrolments__status=Enrolment.Status.WITHDRAWN)),
            completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED)),
            certified=Count("enrolments__certificate", filter=valid),
        )
    )
    for cohort in cohorts:
        cohort.stage_slug = stage_slug(cohort)
    return render(request, "programmes/certificates/staff/cohort_list.html", {"cohorts": cohorts})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_certificates(request, programme, year, stage):
    cohort = cohort_from_url(request.user, programme, year, stage)
    enrolments = list(completable_enrolments(cohort).select_related("certificate").order_by("teacher__last_name", "teacher__first_name", "pk"))
    initial = {"awarded_on": timezone.localdate(), "cpd_hours": 0}
    form = CompletionForm(request.POST or None, enrolments=enrolments, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = issue_completion_certificates(
                    cohort, form.chosen_ids(), awarded_on=form.cleaned_data["awarded_on"], cpd_hours=form.cleaned_data["cpd_hours"],
                    actor=request.user, now=timezone.now(),
                )
            except ValidationError as error:
                add_domain_error(form, error)
            else:
                if batch is None:
                    messages.info(request, "Everyone chosen already has a certificate. They are marked as completed.")
                else:
                    made = batch.certificates.count()
                    messages.success(request, f"{made} completion certificate{'s are' if made != 1 else ' is'} being made")
                return redirect("programmes:cohort_certificates", **_cohort_kwargs(cohort))
        status = 400
    chosen = set(form.data.getlist("enrolments")) if form.is_bound else set()
    rows = [(enrolment, str(enrolment.pk) in chosen) for enrolment in enrolments]
    context = {
        "cohort": cohort, "form": form, "rows": rows, "candidates": form.candidates,
        **progress_context(_certificates_of(cohort), _progress_url(cohort)),
    }
    return render(request, "programmes/certificates/staff/cohort_certificates.html", context, status=status)


@login_required
@require_GET
def cohort_certificates_progress(request, programme, year, stage):
    """The progress bar, which htmx polls while certificates are still being made, with the rows that changed."""
    cohort = cohort_from_url(request.user, programme, year, stage)
    certificates = _certificates_of(cohort)
    return poll(request, certificates, _progress_url(cohort), row_template="programmes/certificates/staff/_cohort_row_oob.html",
                rows=certificates.select_related("enrolment__teacher", "enrolment__school"))
