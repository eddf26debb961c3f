from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("events/reply/<str:token>/", views.event_reply, name="event_reply"),
]
