"""Cause for concern (ABD-004): raising, monitoring and closing a concern about an ECT's induction."""

from django.urls import path

from appropriate_body.concerns import views

urlpatterns = [
    path("ab/concerns/", views.concern_list, name="concern_list"),
    path("inductions/<uuid:induction>/concerns/new/", views.concern_raise, name="concern_raise"),
    path("concerns/<uuid:concern>/", views.concern_detail, name="concern_detail"),
    path("concerns/<uuid:concern>/actions/", views.concern_action_add, name="concern_action_add"),
    path("concerns/<uuid:concern>/actions/<uuid:action>/done/", views.concern_action_done, name="concern_action_done"),
    path("concerns/<uuid:concern>/visit/", views.concern_visit, name="concern_visit"),
    path("concerns/<uuid:concern>/close/", views.concern_close, name="concern_close"),
]
