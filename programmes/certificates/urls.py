"""Certificates: their owners' list and downloads, anyone checking one, and hub staff's pages that
issue, follow, correct and revoke them."""

from django.urls import path

from programmes.certificates.views import cohorts, mine, staff, verify

COHORT = "programmes/<slug:programme>/<int:year>/<slug:stage>/certificates/"

urlpatterns = [
    path("certificates/verify/", verify.certificate_verify, name="certificate_verify"),
    path("certificates/verify/<str:code>/", verify.certificate_verify_code, name="certificate_verify_code"),
    path("my/certificates/", mine.my_certificates, name="my_certificates"),
    path("certificates/<uuid:certificate>/download/", mine.certificate_download, name="certificate_download"),
    path("events/<uuid:event>/certificates/", staff.event_certificates, name="event_certificates"),
    path("events/<uuid:event>/certificates/issue/", staff.event_certificates_issue, name="event_certificates_issue"),
    path("events/<uuid:event>/certificates/progress/", staff.event_certificates_progress, name="event_certificates_progress"),
    path("events/<uuid:event>/certificates.zip", staff.event_certificates_zip, name="event_certificates_zip"),
    path("events/<uuid:event>/certificates/render-failed/", staff.event_certificates_render_failed, name="event_certificates_render_failed"),
    path("certificates/<uuid:certificate>/", staff.certificate_detail, name="certificate_detail"),
    path("certificates/<uuid:certificate>/revoke/", staff.certificate_revoke, name="certificate_revoke"),
    path("certificates/<uuid:certificate>/rename/", staff.certificate_rename, name="certificate_rename"),
    path("certificates/<uuid:certificate>/render/", staff.certificate_render, name="certificate_render"),
    path("programmes/certificates/", cohorts.cohort_list, name="cohort_list"),
    path(COHORT, cohorts.cohort_certificates, name="cohort_certificates"),
    path(f"{COHORT}progress/", cohorts.cohort_certificates_progress, name="cohort_certificates_progress"),
]
