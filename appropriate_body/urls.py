from django.urls import path

from .views import claims

app_name = "appropriate_body"

urlpatterns = [
    path("ab/claims/", claims.claim_list, name="claim_list"),
    path("ab/claims/<uuid:claim>/", claims.claim_detail, name="claim_detail"),
]
