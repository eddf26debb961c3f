from django.urls import include, path

from .views import core

app_name = "participants"

urlpatterns = [
    path("schools/", core.school_list, name="school_list"),
    path("schools/<int:urn>/", core.school_detail, name="school_detail"),
    path("invitations/", core.invitation_list, name="invitation_list"),
    path("invitations/new/", core.invitation_create, name="invitation_create"),
    path("invitations/<uuid:public_id>/resend/", core.invitation_resend, name="invitation_resend"),
    path("join/<str:token>/", core.accept_invitation_view, name="accept_invitation"),
    # Each feature's URLs, in this namespace.
    path("", include("participants.urls_register")),
    path("", include("participants.urls_school_ects")),
    path("", include("participants.urls_uploads")),
    path("", include("participants.urls_hub")),
]
