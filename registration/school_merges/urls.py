"""Schools closed into a successor, for hub staff (registration.urls)."""

from django.urls import path

from registration.school_merges import views

urlpatterns = [
    path("schools/moves/", views.merge_list, name="school_merges"),
    path("schools/moves/<uuid:merge_id>/reverse/", views.merge_reverse, name="school_merge_reverse"),
]
