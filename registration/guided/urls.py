"""The guided "Register one ECT" flow (registration.urls)."""

from django.urls import path

from registration.guided import views as register

urlpatterns = [
    path("schools/<int:urn>/ects/register/", register.register_start, name="register_start"),
    path("schools/<int:urn>/ects/register/<str:step>/", register.register_step, name="register_step"),
    path("schools/<int:urn>/ects/<uuid:ect>/registered/", register.register_done, name="register_done"),
]
