"""Events: hub staff's pages, the reply link, a participant's own events and calendar, and a school's bookings."""

from django.urls import path

from programmes.events.views import events, mine, replies
from programmes.events.views import school as school_events

urlpatterns = [
    path("events/reply/<str:token>/", replies.event_reply, name="event_reply"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<uuid:event>/", events.event_detail, name="event_detail"),
    path("events/<uuid:event>/edit/", events.event_edit, name="event_edit"),
    path("events/<uuid:event>/copy/", events.event_copy, name="event_copy"),
    path("events/<uuid:event>/cancel/", events.event_cancel, name="event_cancel"),
    path("events/<uuid:event>/invite/", events.event_invite, name="event_invite"),
    path("events/<uuid:event>/progress/", events.event_progress, name="event_progress"),
    path("events/<uuid:event>/invitations/<uuid:invitation>/resend/", events.event_invitation_resend, name="event_invitation_resend"),
    path("my/events/", mine.my_events, name="my_events"),
    path("my/events/calendar/reset/", mine.calendar_feed_reset, name="calendar_feed_reset"),
    path("calendar/<uuid:token>.ics", mine.calendar_feed, name="calendar_feed"),
    path("schools/<int:urn>/events/", school_events.school_event_list, name="school_event_list"),
    path("schools/<int:urn>/events/<uuid:event>/", school_events.school_event_detail, name="school_event_detail"),
    path(
        "schools/<int:urn>/events/<uuid:event>/places/<uuid:invitation>/cancel/",
        school_events.school_event_cancel_place, name="school_event_cancel_place",
    ),
]
