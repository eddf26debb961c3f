"""Invitations to the portal and accepting one, in the participants namespace."""

from django.urls import path

from participants.accounts import headteacher_views, views

urlpatterns = [
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("invitations/<uuid:public_id>/resend/", views.invitation_resend, name="invitation_resend"),
    path("join/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
    path("headteachers/confirm/", headteacher_views.headteacher_confirmations, name="headteacher_confirmations"),
    path("headteachers/confirm/<uuid:confirmation>/", headteacher_views.headteacher_confirmation_decide,
         name="headteacher_confirmation_decide"),
]
