"""A participant's own certificates: the list, and the PDF download (also open to hub staff)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programmes.access import certificates_of, get_certificate_for_download


@login_required
@require_GET
def my_certificates(request):
    certificates = certificates_of(request.user).order_by("-awarded_on", "-issued_at", "-pk")
    return render(request, "programmes/certificates/mine.html", {"certificates": list(certificates)})


@require_GET
def certificate_download(request, certificate):
    """No sign-in redirect: to anyone not allowed, signed in or not, the file does not exist (404).

    The file is read from storage only after the reader is checked, never served from MEDIA_URL.
    """
    certificate = get_certificate_for_download(request.user, certificate)
    response = FileResponse(
        certificate.pdf.open("rb"), as_attachment=True, filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
