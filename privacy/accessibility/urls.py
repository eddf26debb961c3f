from django.urls import path

from privacy.accessibility import views

urlpatterns = [
    path("accessibility/", views.statement, name="accessibility"),
]
