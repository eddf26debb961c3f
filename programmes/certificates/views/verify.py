"""Anyone, signed in or not, checks a certificate by its code: valid, revoked, or not found.

The page shows the name, what the certificate is for and its date, and nothing else (no
email, school or hours). The codes cannot be guessed (programmes.certificates.new_code);
a cap on look-ups per address stops anyone trying a list of them anyway.
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from programmes.certificates.certificates import normalise_code, verify

LOOKUPS_PER_MINUTE = 30


def _over_limit(request) -> bool:
    # The client's address as the login rate limits see it (behind proxies: TRUSTED_PROXY_COUNT).
    key = f"certificate-verify:{get_account_adapter().get_client_ip(request)}"
    cache.add(key, 0, timeout=60)
    try:
        return cache.incr(key) > LOOKUPS_PER_MINUTE
    except ValueError:  # the key expired between add and incr
        return False


@require_GET
def certificate_verify(request):
    """The form; a code typed (or a pasted verification address) goes to that code's page."""
    typed = request.GET.get("code", "").strip()
    error = ""
    if typed:
        code = normalise_code(typed)
        if code:
            return redirect("programmes:certificate_verify_code", code=code)
        error = "Enter the 12-character code printed on the certificate, like K7QM-4XDP-9HTA"
    elif "code" in request.GET:
        error = "Enter the code printed on the certificate"
    return render(request, "programmes/certificates/verify.html", {"typed": typed, "error": error}, status=400 if error else 200)


@require_GET
def certificate_verify_code(request, code):
    if _over_limit(request):
        return render(request, "programmes/certificates/verify_busy.html", status=429)
    certificate = verify(code)
    context = {"code": normalise_code(code) or code, "certificate": certificate}
    return render(request, "programmes/certificates/verify_result.html", context, status=200 if certificate else 404)
