"""Registering a school's ECTs from a CSV (registration.urls)."""

from django.urls import path

from registration.uploads import views as uploads

urlpatterns = [
    path("schools/<int:urn>/ects/upload/template.csv", uploads.upload_template, name="upload_template"),
    path("schools/<int:urn>/ects/upload/", uploads.upload_create, name="upload_create"),
    path("schools/<int:urn>/uploads/<uuid:upload>/", uploads.upload_detail, name="upload_detail"),
    path("schools/<int:urn>/uploads/<uuid:upload>/progress/", uploads.upload_progress, name="upload_progress"),
    path("schools/<int:urn>/uploads/<uuid:upload>/problems.csv", uploads.upload_problems, name="upload_problems"),
    path("schools/<int:urn>/uploads/<uuid:upload>/confirm/", uploads.upload_confirm, name="upload_confirm"),
]
