"""The insight dashboards, in the programmes namespace: the hub's and each school's own."""

from django.urls import path

from programmes.insight import views as insight

urlpatterns = [
    path("hub/insight/", insight.hub_insight, name="hub_insight"),
    path("schools/<int:urn>/insight/", insight.school_insight, name="school_insight"),
]
