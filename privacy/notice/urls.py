"""The privacy notice: everyone's page to read it, and hub staff's pages to publish new versions."""

from django.urls import path

from privacy.notice import views

urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("hub/privacy-notice/", views.versions, name="notice_versions"),
    path("hub/privacy-notice/new/", views.publish, name="notice_publish"),
]
