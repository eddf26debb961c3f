"""Hub-wide pages: every ECT registration across the hub's schools, and its exports.

Hub staff and AB staff see every school (access.sees_all_schools); anyone else gets 404,
so the page does not reveal that it exists. The list and both exports filter through
one function, so a download holds exactly the rows the filtered list shows.
"""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from appropriate_body.models import Claim
from hubportal.lib.exports import csv_response, xlsx_response
from participants import access
from participants.models import ECTAtSchoolPeriod, TrainingProgramme, WorkingPattern
from programmes.models import CohortStage, Enrolment, Strand
from registration.hub.filters import RegistrationFilter
from registration.status import status_label, with_status

REGISTRATIONS_PER_PAGE = 50

EXPORT_HEADER = (
    "Teacher", "TRN", "Email", "School", "URN", "Local authority", "District", "Start date", "Finish date",
    "ECTE cohort", "Training programme", "Lead provider", "Working pattern", "FTE", "Mentor", "Status",
    "AB claim status",
)


def _require_all_schools(user) -> None:
    if not access.sees_all_schools(user):
        raise Http404


def cohort_label(year: int | None, stage: str | None) -> str:
    if year is None:
        return ""
    label = f"{year}/{(year + 1) % 100:02d}"
    return f"{label} {CohortStage(stage).label}" if stage else label


def registrations_for(user, params, *, today: date) -> tuple[RegistrationFilter, QuerySet[ECTAtSchoolPeriod]]:
    """The user's ECT registrations filtered by `params`, each annotated with status and latest ECTE cohort.

    The cohort comes from a subquery (the teacher's latest ECTE enrolment), so a page of any
    length costs the same number of queries.
    """
    latest_ecte = Enrolment.objects.filter(teacher=OuterRef("teacher_id"), cohort__programme__strand=Strand.ECTE).order_by(
        "-cohort__academic_year", "-cohort__stage"
    )
    latest_claim = Claim.objects.filter(ect_period=OuterRef("pk")).order_by("-created_at", "-pk")
    periods = with_status(access.ect_periods_for(user), today=today).annotate(
        cohort_year=Subquery(latest_ecte.values("cohort__academic_year")[:1]),
        cohort_stage=Subquery(latest_ecte.values("cohort__stage")[:1]),
        claim_status=Subquery(latest_claim.values("status")[:1]),
    )
    filterset = RegistrationFilter(params, queryset=periods, today=today)
    return filterset, filterset.qs.order_by("teacher__last_name", "teacher__first_name", "pk")


@require_GET
@login_required
def registration_list(request):
    _require_all_schools(request.user)
    filterset, periods = registrations_for(request.user, request.GET, today=timezone.localdate())
    # Page through ids first, then load the page's 50 rows with everything they show: sorting
    # 5,000 ids by name is cheap, joining mentors, schools and subqueries to all 5,000 is not.
    page = Paginator(periods.values_list("pk", flat=True), REGISTRATIONS_PER_PAGE).get_page(request.GET.get("page"))
    loaded = periods.filter(pk__in=list(page.object_list)).select_related(
        "teacher", "school", "lead_provider", "mentor__teacher"
    )
    by_pk = {period.pk: period for period in loaded}
    # A row deleted between the two queries is simply left out of this page.
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    for period in page:
        period.status_text = status_label(period)
        period.cohort_text = cohort_label(period.cohort_year, period.cohort_stage)
    filtered = any(value for key, value in request.GET.items() if key != "page")
    return render(request, "participants/hub/registration_list.html", {
        "filterset": filterset,
        # `form` gives the page its "Error: " title and error summary when a filter is not valid.
        "form": filterset.form,
        "page": page,
        "filtered": filtered,
    })


def _export_rows(periods: QuerySet[ECTAtSchoolPeriod]):
    claim_labels = dict(Claim.Status.choices)
    programme_labels = dict(TrainingProgramme.choices)
    pattern_labels = dict(WorkingPattern.choices)
    rows = periods.values_list(
        "teacher__first_name", "teacher__last_name", "teacher__corrected_name", "teacher__trn", "teacher__email",
        "school__name", "school__urn", "school__local_authority", "school__district", "started_on", "finished_on",
        "cohort_year", "cohort_stage", "training_programme", "lead_provider__name", "working_pattern", "fte",
        "mentor__teacher__first_name", "mentor__teacher__last_name", "mentor__teacher__corrected_name",
        "status", "mentor_id", "has_live_claim", "claim_status",
        named=True,
    )
    for row in rows.iterator(chunk_size=2000):
        mentor_record_name = f"{row.mentor__teacher__first_name or ''} {row.mentor__teacher__last_name or ''}".strip()
        mentor = row.mentor__teacher__corrected_name or mentor_record_name
        yield (
            row.teacher__corrected_name or f"{row.teacher__first_name} {row.teacher__last_name}".strip(),
            row.teacher__trn,
            row.teacher__email,
            row.school__name,
            row.school__urn,
            row.school__local_authority,
            row.school__district,
            row.started_on,
            row.finished_on,
            cohort_label(row.cohort_year, row.cohort_stage),
            programme_labels.get(row.training_programme, row.training_programme),
            row.lead_provider__name,
            pattern_labels.get(row.working_pattern, row.working_pattern),
            row.fte,
            mentor,
            # The row carries status, mentor_id and has_live_claim: all status_label reads.
            status_label(row),
            claim_labels.get(row.claim_status, ""),
        )


def _export(request, extension: str, respond):
    """A download of the rows the list shows under the same filters; `respond(rows, filename)` makes the file."""
    _require_all_schools(request.user)
    today = timezone.localdate()
    _, periods = registrations_for(request.user, request.GET, today=today)
    return respond(_export_rows(periods), f"ect-registrations-{today:%Y-%m-%d}.{extension}")


@require_GET
@login_required
def registration_export_csv(request):
    return _export(request, "csv", lambda rows, filename: csv_response(EXPORT_HEADER, rows, filename))


@require_GET
@login_required
def registration_export_xlsx(request):
    return _export(request, "xlsx", lambda rows, filename: xlsx_response(EXPORT_HEADER, rows, filename, title="ECT registrations"))
