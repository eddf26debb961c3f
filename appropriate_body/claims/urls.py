"""Claims to check and decide, and bulk CSVs of claims, releases and passes (AB staff)."""

from django.urls import path

from appropriate_body.claims.views import bulk, claims

urlpatterns = [
    path("ab/claims/", claims.claim_list, name="claim_list"),
    path("ab/claims/<uuid:claim>/", claims.claim_detail, name="claim_detail"),
    path("ab/bulk/", bulk.bulk_create, name="bulk_create"),
    path("ab/bulk/template/<slug:kind>.csv", bulk.bulk_template, name="bulk_template"),
    path("ab/bulk/<uuid:bulk>/", bulk.bulk_detail, name="bulk_detail"),
    path("ab/bulk/<uuid:bulk>/progress/", bulk.bulk_progress, name="bulk_progress"),
    path("ab/bulk/<uuid:bulk>/results.csv", bulk.bulk_results, name="bulk_results"),
]
