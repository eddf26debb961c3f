"""My golden thread, in the programmes namespace where its URL name has always been (hubportal.urls)."""

from django.urls import path

from hubportal.thread import views

urlpatterns = [
    path("my/golden-thread/", views.my_golden_thread, name="my_golden_thread"),
]
