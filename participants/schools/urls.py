"""The schools list and the school search, in the participants namespace."""

from django.urls import path

from participants.schools import views

urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/search/", views.school_search, name="school_search"),
]
