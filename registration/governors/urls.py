"""The governors' termly report on induction (REC-005), beside the school's other pages; in the
"appropriate_body" namespace (hubportal.urls), where it began."""

from django.urls import path

from . import views as governors_views

urlpatterns = [
    path("schools/<int:urn>/governors-report/", governors_views.governors_report, name="governors_report"),
    path("schools/<int:urn>/governors-report/report.pdf", governors_views.governors_report_pdf, name="governors_report_pdf"),
]
