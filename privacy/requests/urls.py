from django.urls import path

from privacy.requests import views

urlpatterns = [
    path("hub/data-requests/", views.request_list, name="request_list"),
    path("hub/data-requests/new/", views.request_new, name="request_new"),
    path("hub/data-requests/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("hub/data-requests/<uuid:public_id>/extend/", views.request_extend, name="request_extend"),
]
