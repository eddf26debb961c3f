"""URLs of a school's events (its tutors booking places), included into the programmes namespace."""

from django.urls import path

from programmes.events.views import school as school_events

urlpatterns = [
    path("schools/<int:urn>/events/", school_events.school_event_list, name="school_event_list"),
    path("schools/<int:urn>/events/<uuid:event>/", school_events.school_event_detail, name="school_event_detail"),
    path(
        "schools/<int:urn>/events/<uuid:event>/places/<uuid:invitation>/cancel/",
        school_events.school_event_cancel_place, name="school_event_cancel_place",
    ),
]
