from django.urls import path

from privacy.retention import views

urlpatterns = [
    path("hub/data-retention/", views.retention_schedule, name="retention_schedule"),
]
