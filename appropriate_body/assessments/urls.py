"""Progress reviews and assessments: the school's schedules and forms, evidence, the printed record,
AB staff's list, and the ECT's and mentor's own views."""

from django.urls import path

from appropriate_body.assessments.views import assessments, mine, pdf

urlpatterns = [
    path("schools/<int:urn>/inductions/", assessments.school_inductions, name="school_inductions"),
    path("schools/<int:urn>/assessments/<uuid:assessment>/", assessments.assessment_page, name="assessment_page"),
    path("schools/<int:urn>/assessments/<uuid:assessment>/evidence/", assessments.evidence_upload, name="evidence_upload"),
    path("schools/<int:urn>/assessments/<uuid:assessment>/report.pdf", pdf.assessment_report_pdf, name="assessment_report_pdf"),
    path("assessments/evidence/<uuid:evidence>/", assessments.evidence_download, name="evidence_download"),
    path("ab/assessments/", assessments.ab_assessments, name="ab_assessments"),
    path("my/induction/", mine.my_induction, name="my_induction"),
    path("my/induction/assessments/<uuid:assessment>/", mine.my_assessment, name="my_assessment"),
    path("my/induction/assessments/<uuid:assessment>/report.pdf", pdf.my_assessment_report_pdf, name="my_assessment_report_pdf"),
    path("my/mentees/schedules/", mine.mentor_schedules, name="mentor_schedules"),
]
