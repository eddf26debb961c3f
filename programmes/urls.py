from django.urls import include, path

from programmes.events.views import events, mine, replies

app_name = "programmes"

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
    path("", include("programmes.attendance.urls")),
    path("", include("programmes.events.urls_school")),
    path("", include("programmes.certificates.urls")),
    path("", include("programmes.certificates.urls_staff")),
    path("", include("programmes.cohorts.urls")),
    path("", include("programmes.offer.urls")),
    path("", include("programmes.insight.urls")),
    path("", include("programmes.evaluations.urls")),
]
