from django.urls import path

from privacy.access import views

urlpatterns = [
    path("hub/data-requests/<uuid:public_id>/export/", views.export_start, name="access_export_start"),
    path("hub/data-requests/<uuid:public_id>/export/progress/", views.export_progress, name="access_export_progress"),
    path("hub/data-requests/<uuid:public_id>/export/download/", views.export_download, name="access_export_download"),
    path("hub/data-requests/<uuid:public_id>/answered/", views.request_complete, name="access_complete"),
]
