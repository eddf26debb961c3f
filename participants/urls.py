from django.urls import include, path

from participants.accounts import views as core

app_name = "participants"

urlpatterns = [
    path("schools/", core.school_list, name="school_list"),
    path("schools/<int:urn>/", core.school_detail, name="school_detail"),
    path("invitations/", core.invitation_list, name="invitation_list"),
    path("invitations/new/", core.invitation_create, name="invitation_create"),
    path("invitations/<uuid:public_id>/resend/", core.invitation_resend, name="invitation_resend"),
    path("join/<str:token>/", core.accept_invitation_view, name="accept_invitation"),
    # Each feature's URLs, in this namespace.
    path("", include("registration.guided.urls")),
    path("", include("registration.school.urls")),
    path("", include("registration.uploads.urls")),
    path("", include("registration.hub.urls")),
]
