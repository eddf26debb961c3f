"""Evaluations: participants answer at /my/evaluations/, hub staff open them and read results at /hub/evaluations/."""

from django.urls import path

from programmes.evaluations import views as feedback

urlpatterns = [
    path("my/evaluations/", feedback.my_evaluations, name="my_evaluations"),
    path("my/evaluations/<uuid:survey>/", feedback.evaluation_answer, name="evaluation_answer"),
    path("hub/evaluations/", feedback.survey_list, name="survey_list"),
    path("hub/evaluations/new/", feedback.survey_open, name="survey_open"),
    path("hub/evaluations/<uuid:survey>/", feedback.survey_results, name="survey_results"),
    path("hub/evaluations/<uuid:survey>/responses.csv", feedback.survey_csv, name="survey_csv"),
]
