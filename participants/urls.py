from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/<int:urn>/", views.school_detail, name="school_detail"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("invitations/<uuid:public_id>/resend/", views.invitation_resend, name="invitation_resend"),
    path("join/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
]
