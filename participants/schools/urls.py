"""The schools list, in the participants namespace."""

from django.urls import path

from participants.schools import views

urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
]
