"""The governors' termly report: a page to choose the term and read the figures, and its PDF.

REC-005: counts only. Who may read a school's report is appropriate_body.access's
schools_for_termly_report; anyone else gets 404. It sits here, above both, because it puts the AB's
induction figures beside the CPD hours of the hub's sessions, which are programmes' records.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from appropriate_body import access
from appropriate_body.governors.pdf import render_governors_report_pdf, report_filename
from appropriate_body.governors.report import chosen_term, sections, term_slug, termly_report, terms_to_choose
from programmes.insight.school_cpd import school_cpd


def _report(request, urn: int):
    school = access.get_school_for_termly_report(request.user, urn)
    today = timezone.localdate()
    term = chosen_term(request.GET.get("term"), today=today)
    return termly_report(school, term, today=today, cpd=school_cpd(school.pk, term.start, term.end))


@require_safe
@login_required
def governors_report(request, urn: int):
    report = _report(request, urn)
    return render(request, "appropriate_body/quality/governors_report.html", {
        "report": report, "school": report.school, "sections": sections(report), "slug": term_slug(report.term),
        "terms": [(term_slug(term), str(term)) for term in terms_to_choose(report.today)],
    })


@require_safe
@login_required
def governors_report_pdf(request, urn: int):
    report = _report(request, urn)
    response = HttpResponse(render_governors_report_pdf(report, printed_on=report.today), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, report_filename(report))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
