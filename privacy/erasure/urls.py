from django.urls import path

from privacy.erasure import views

urlpatterns = [
    path("hub/data-requests/<uuid:public_id>/erase/", views.erasure_confirm, name="erasure_confirm"),
]
