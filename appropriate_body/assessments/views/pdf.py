"""The printed record of a progress review or assessment, for exactly those who may read it (DP-003).

FA-005: the ECT keeps the original and the AB has the copy; DP-005: the portal, not an email
attachment. The school's URL is scoped like assessment_page, the ECT's like my_assessment; anyone
else, and anyone asking for a record still being written, gets 404.

Rendered in the request rather than stored by a task (STYLE 9's usual shape): the record changes
until the last signature (the ECT's comments, each signature), so a stored file would go stale, and
one short document renders well within a second once the process has its fonts.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from appropriate_body import access
from appropriate_body.assessments.pdf import is_printable, render_assessment_pdf, report_filename
from appropriate_body.models import Assessment
from participants.access import has_role
from participants.models import Role


def _pdf_response(assessment: Assessment) -> HttpResponse:
    if not is_printable(assessment):
        raise Http404("No such record")
    response = HttpResponse(render_assessment_pdf(assessment), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, report_filename(assessment))
    # A personal record: never kept by a shared cache or the browser's (DP-003).
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def assessment_report_pdf(request, urn: int, assessment):
    return _pdf_response(access.get_school_assessment_for(request.user, urn, assessment))


@require_safe
@login_required
def my_assessment_report_pdf(request, assessment):
    if not has_role(request.user, Role.ECT):
        raise Http404("No such page")
    return _pdf_response(access.get_own_assessment(request.user, assessment))
