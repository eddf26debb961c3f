"""A school's ECT and mentor pages (registration.urls)."""

from django.urls import path

from registration.school.views import ects as school_ects
from registration.school.views import mentors, school, transfers

urlpatterns = [
    path("schools/<int:urn>/", school.school_detail, name="school_detail"),
    path("schools/<int:urn>/ects/", school_ects.ect_list, name="ect_list"),
    path("schools/<int:urn>/ects/<uuid:ect>/", school_ects.ect_detail, name="ect_detail"),
    path("schools/<int:urn>/ects/<uuid:ect>/edit/", school_ects.ect_edit, name="ect_edit"),
    path("schools/<int:urn>/ects/<uuid:ect>/mentor/", school_ects.ect_mentor, name="ect_mentor"),
    path("schools/<int:urn>/ects/<uuid:ect>/leaving/", school_ects.ect_leaving, name="ect_leaving"),
    path("schools/<int:urn>/mentors/", mentors.mentor_list, name="mentor_list"),
    path("schools/<int:urn>/mentors/new/", mentors.mentor_create, name="mentor_create"),
    path("schools/<int:urn>/transfers/<uuid:transfer>/", transfers.transfer, name="transfer"),
]
