"""The attendance register of an event and check-in at the door, in the programmes namespace."""

from django.urls import path

from programmes.attendance.views import attendance as register
from programmes.attendance.views import checkin

urlpatterns = [
    path("events/register/", register.register_events, name="register_events"),
    path("events/<uuid:event>/register/", register.register, name="register"),
    path("events/<uuid:event>/register/close/", register.register_close, name="register_close"),
    path("events/<uuid:event>/register.csv", register.register_export, name="register_export"),
    path("events/<uuid:event>/register/<uuid:invitation>/", register.register_mark, name="register_mark"),
    path("events/<uuid:event>/register/check-in/", checkin.register_checkin_code, name="register_checkin_code"),
    path("events/<uuid:event>/register/check-in/<str:token>/", checkin.register_checkin, name="register_checkin"),
]
