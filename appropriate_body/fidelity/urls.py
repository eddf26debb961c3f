"""Fidelity checks of school-led programmes (E25-003): AB staff's pages."""

from django.urls import path

from appropriate_body.fidelity import views

urlpatterns = [
    path("ab/fidelity-checks/", views.fidelity_checks, name="fidelity_checks"),
    path("ab/fidelity-checks/plan/<int:urn>/", views.fidelity_plan, name="fidelity_plan"),
    path("ab/fidelity-checks/<uuid:check>/", views.fidelity_check, name="fidelity_check"),
    path("ab/fidelity-checks/<uuid:check>/record/", views.fidelity_record, name="fidelity_record"),
    path("ab/fidelity-checks/<uuid:check>/follow-ups/", views.fidelity_follow_up, name="fidelity_follow_up"),
    path("ab/fidelity-checks/<uuid:check>/follow-ups/<uuid:follow_up>/done/", views.fidelity_follow_up_done, name="fidelity_follow_up_done"),
]
