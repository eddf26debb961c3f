"""URLs of certificates for their owners and for anyone checking one, in the programmes namespace."""

from django.urls import path

from programmes.certificates.views import verify as certificate_verify, mine as certificates_mine

urlpatterns = [
    path("certificates/verify/", certificate_verify.certificate_verify, name="certificate_verify"),
    path("certificates/verify/<str:code>/", certificate_verify.certificate_verify_code, name="certificate_verify_code"),
    path("my/certificates/", certificates_mine.my_certificates, name="my_certificates"),
    path("certificates/<uuid:certificate>/download/", certificates_mine.certificate_download, name="certificate_download"),
]
