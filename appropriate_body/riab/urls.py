"""The hand-over to DfE's "Record inductions as an appropriate body" service (AB staff)."""

from django.urls import path

from appropriate_body.riab import views

urlpatterns = [
    path("ab/riab/", views.riab_handover, name="riab"),
    path("ab/riab/claims.csv", views.riab_claims_csv, name="riab_claims_csv"),
    path("ab/riab/actions.csv", views.riab_actions_csv, name="riab_actions_csv"),
    path("ab/riab/claims/recorded/", views.riab_claims_recorded, name="riab_claims_recorded"),
    path("ab/riab/actions/recorded/", views.riab_actions_recorded, name="riab_actions_recorded"),
    path("ab/riab/errors/", views.riab_errors, name="riab_errors"),
]
