"""The governors' termly report (governors_report, REC-005: counts only) as a PDF, rendered by WeasyPrint from
templates/appropriate_body/quality/governors_report_pdf.html.

A pure function of the report (STYLE 9) and rendered in the request, not stored by a task: one
page of counts renders in well under a second once the process has its fonts (hubportal.lib.pdf),
and a stored file would go stale as reviews come in, and would be one more file to keep and delete.
Tagged PDF/UA-1, as the certificates are, so a screen reader reads it in order.
"""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from appropriate_body.governors.report import TermlyReport, sections, term_slug
from hubportal.lib.dates import long_date
from hubportal.lib.pdf import LocalOnlyFetcher, font_dir, loaded_fonts

PDF_VARIANT = "pdf/ua-1"


def report_filename(report: TermlyReport) -> str:
    """e.g. "induction-report-110001-2026-autumn.pdf": the school's URN and the term, all ASCII."""
    return f"induction-report-{report.school.urn}-{term_slug(report.term)}.pdf"


def report_title(report: TermlyReport) -> str:
    return f"Induction report for governors: {report.school.name}, {report.term}"


def report_html(report: TermlyReport, *, printed_on: date) -> str:
    return render_to_string("appropriate_body/quality/governors_report_pdf.html", {
        "report": report, "sections": sections(report), "title": report_title(report), "term_start": long_date(report.term.start),
        "term_end": long_date(report.term.end), "printed_on": long_date(printed_on),
        "hub_name": settings.HUB_NAME, "primary": settings.HUB_PRIMARY_COLOUR,
    })


def render_governors_report_pdf(report: TermlyReport, *, printed_on: date) -> bytes:
    font_config, fonts = loaded_fonts(str(font_dir()))
    html = HTML(string=report_html(report, printed_on=printed_on), url_fetcher=LocalOnlyFetcher(), base_url=font_dir().as_uri())
    return html.write_pdf(stylesheets=[fonts], font_config=font_config, pdf_variant=PDF_VARIANT)
