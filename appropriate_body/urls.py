from django.urls import path

from appropriate_body.inductions.views import appeals, completion, inductions, todo
from appropriate_body.claims.views import claims
from appropriate_body.agreements import views as agreements
from appropriate_body.claims.views import bulk
from appropriate_body.assessments.views import pdf as assessment_pdf, assessments, mine as my_induction

app_name = "appropriate_body"

urlpatterns = [
    path("ab/", todo.todo, name="todo"),
    path("ab/claims/", claims.claim_list, name="claim_list"),
    path("ab/claims/<uuid:claim>/", claims.claim_detail, name="claim_detail"),
    path("ab/inductions/", inductions.caseload, name="caseload"),
    path("ab/inductions/<uuid:induction>/", inductions.case_detail, name="case_detail"),
    path("ab/inductions/<uuid:induction>/release/", inductions.case_release, name="case_release"),
    path("ab/inductions/<uuid:induction>/outcome/", inductions.case_outcome, name="case_outcome"),
    path("ab/inductions/<uuid:induction>/extension/", inductions.case_extension, name="case_extension"),
    path("ab/inductions/<uuid:induction>/absence/", inductions.case_absence, name="case_absence"),
    path("ab/inductions/<uuid:induction>/named-contact/", inductions.case_named_contact, name="case_named_contact"),
    path("ab/inductions/<uuid:induction>/completion/", completion.case_completion, name="case_completion"),
    path("ab/inductions/<uuid:induction>/completion/appeal/", appeals.case_appeal, name="case_appeal"),
    path("ab/inductions/<uuid:induction>/completion/appeal/reply/", appeals.case_appeal_reply, name="case_appeal_reply"),
    path("ab/inductions/<uuid:induction>/completion/appeal/outcome/", appeals.case_appeal_outcome, name="case_appeal_outcome"),
    path("ab/inductions/<uuid:induction>/history.csv", inductions.case_history_export, name="case_history_export"),
    path("schools/<int:urn>/ab-agreement/", agreements.school_agreement, name="school_agreement"),
    path("ab/agreements/", agreements.agreement_list, name="agreement_list"),
    path("schools/<int:urn>/inductions/", assessments.school_inductions, name="school_inductions"),
    path("schools/<int:urn>/assessments/<uuid:assessment>/", assessments.assessment_page, name="assessment_page"),
    path("schools/<int:urn>/assessments/<uuid:assessment>/evidence/", assessments.evidence_upload, name="evidence_upload"),
    path("schools/<int:urn>/assessments/<uuid:assessment>/report.pdf", assessment_pdf.assessment_report_pdf,
         name="assessment_report_pdf"),
    path("assessments/evidence/<uuid:evidence>/", assessments.evidence_download, name="evidence_download"),
    path("ab/assessments/", assessments.ab_assessments, name="ab_assessments"),
    path("my/induction/", my_induction.my_induction, name="my_induction"),
    path("my/induction/assessments/<uuid:assessment>/", my_induction.my_assessment, name="my_assessment"),
    path("my/induction/assessments/<uuid:assessment>/report.pdf", assessment_pdf.my_assessment_report_pdf,
         name="my_assessment_report_pdf"),
    path("my/mentees/schedules/", my_induction.mentor_schedules, name="mentor_schedules"),
    path("ab/bulk/", bulk.bulk_create, name="bulk_create"),
    path("ab/bulk/template/<slug:kind>.csv", bulk.bulk_template, name="bulk_template"),
    path("ab/bulk/<uuid:bulk>/", bulk.bulk_detail, name="bulk_detail"),
    path("ab/bulk/<uuid:bulk>/progress/", bulk.bulk_progress, name="bulk_progress"),
    path("ab/bulk/<uuid:bulk>/results.csv", bulk.bulk_results, name="bulk_results"),
]
