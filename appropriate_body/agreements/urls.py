"""The AB service agreement: a school's page to accept it, and AB staff's list of who has."""

from django.urls import path

from appropriate_body.agreements import views

urlpatterns = [
    path("schools/<int:urn>/ab-agreement/", views.school_agreement, name="school_agreement"),
    path("ab/agreements/", views.agreement_list, name="agreement_list"),
]
