"""Evaluations: participants answer at /my/evaluations/, hub staff open them and read results at /hub/evaluations/."""

from django.urls import path

from programmes.evaluations import views

urlpatterns = [
    path("my/evaluations/", views.my_evaluations, name="my_evaluations"),
    path("my/evaluations/<uuid:evaluation>/", views.evaluation_answer, name="evaluation_answer"),
    path("hub/evaluations/", views.evaluation_list, name="survey_list"),
    path("hub/evaluations/new/", views.evaluation_open, name="survey_open"),
    path("hub/evaluations/<uuid:evaluation>/", views.evaluation_results, name="survey_results"),
    path("hub/evaluations/<uuid:evaluation>/responses.csv", views.evaluation_csv, name="survey_csv"),
]
