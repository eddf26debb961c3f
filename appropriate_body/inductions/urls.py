"""The AB's to-do list, caseload and each ECT's induction: periods, outcome, extensions, absences,
named contact, completion, decision and appeal."""

from django.urls import path

from appropriate_body.inductions.views import appeals, completion, inductions, todo

urlpatterns = [
    path("ab/", todo.todo, name="todo"),
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
]
