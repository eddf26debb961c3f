"""Length requests (ABD-007) and the post and contract a school records before an ECT starts (INST-005, MIN-001)."""

from django.urls import path

from appropriate_body.length_requests import views

urlpatterns = [
    path("schools/<int:urn>/inductions/<uuid:induction>/reduction/new/", views.reduction_new, name="length_request_reduction"),
    path("schools/<int:urn>/inductions/<uuid:induction>/extension/new/", views.extension_new, name="length_request_extension"),
    path("schools/<int:urn>/claims/<uuid:claim>/post-and-contract/", views.post_and_contract, name="post_and_contract"),
    path("length-requests/<uuid:length_request>/", views.length_request, name="length_request"),
    path("length-requests/<uuid:length_request>/answer/", views.length_request_answer, name="length_request_answer"),
    path("length-requests/<uuid:length_request>/decision/", views.length_request_decide, name="length_request_decide"),
]
