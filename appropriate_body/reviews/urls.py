"""The AB's check of the reports schools send it (SG24 5.11)."""

from django.urls import path

from appropriate_body.reviews import views

urlpatterns = [
    path("ab/reports-to-check/", views.reports_to_check, name="reports_to_check"),
    path("ab/reports/<uuid:assessment>/", views.review_report, name="review_report"),
]
