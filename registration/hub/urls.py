"""Every ECT registration across the hub, and its exports (registration.urls)."""

from django.urls import path

from registration.hub import views as hub

urlpatterns: list = [
    path("registrations/", hub.registration_list, name="registration_list"),
    path("registrations/export.csv", hub.registration_export_csv, name="registration_export_csv"),
    path("registrations/export.xlsx", hub.registration_export_xlsx, name="registration_export_xlsx"),
]
