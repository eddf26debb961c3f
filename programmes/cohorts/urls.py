"""Programmes, cohorts, enrolments and nominations, in the programmes namespace.

A cohort is named without an integer key: programme slug, academic year, and its part
("year-1"/"year-2" for the ECTE, "autumn"/"spring" for NPQs, else "all").
"""

from django.urls import path

from programmes.cohorts.views import enrolments as views
from programmes.cohorts.views import nominations

COHORT = "programmes/<slug:programme>/<int:cohort_year>/<str:cohort_part>/"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/cohorts/new/", views.cohort_create, name="cohort_create"),
    path("programmes/npq/enrol-by-csv/", views.npq_csv, name="npq_enrolment_csv"),
    path("programmes/nominations/", nominations.pending_nominations, name="pending_nominations"),
    path("programmes/nominations/<uuid:enrolment>/decide/", nominations.nomination_decide, name="nomination_decide"),
    path(COHORT, views.cohort_enrolments, name="cohort_enrolments"),
    path(f"{COHORT}enrol/", views.cohort_enrol, name="cohort_enrol"),
    path(f"{COHORT}enrol-by-csv/", views.cohort_csv, name="cohort_enrolment_csv"),
    path("enrolments/<uuid:enrolment>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<uuid:enrolment>/defer/", views.enrolment_defer, name="enrolment_defer"),
    path("enrolments/<uuid:enrolment>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("enrolments/<uuid:enrolment>/resume/", views.enrolment_resume, name="enrolment_resume"),
    path("enrolments/<uuid:enrolment>/complete/", views.enrolment_complete, name="enrolment_complete"),
    path("enrolments/<uuid:enrolment>/outcome/", views.enrolment_outcome, name="enrolment_outcome"),
    path("schools/<int:urn>/nominations/", nominations.school_nominations, name="school_nominations"),
]
