"""The portal's own middleware: staff two-step set-up, no-store on personal answers, body size limit.

Hub and AB staff must set up TOTP before they reach anything else. allauth
enforces the second factor at sign-in once it exists; RequireStaffMFAMiddleware
closes the gap before it does, by sending such a user to the set-up page from
every other page but the few they need to get there (or to leave).
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from hubportal.lib.queue import watching_handover
from participants.access import roles_of

MFA_SETUP_URL_NAME = "mfa_activate_totp"
# Paths a staff user without TOTP may still open.
_ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/accounts/confirm-email/",
    "/static/",
)


class RequireStaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.info(request, "Your role needs two-step sign-in. Set up an authenticator app to continue.")
            return redirect(f"{reverse(MFA_SETUP_URL_NAME)}?next={request.get_full_path()}")
        return self.get_response(request)

    def _must_set_up_mfa(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(_ALLOWED_PREFIXES):
            return False
        if not roles_of(user) & set(settings.MFA_REQUIRED_ROLES):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class QueueHandoverMiddleware:
    """Tell the person when the work their request saved could not be handed to the worker yet.

    The request's changes are committed either way (hubportal.lib.queue logs the failed hand-over
    rather than answer with a server error); the sweep sends what is waiting once the broker is back,
    so the page says it will go out shortly. Placed after MessageMiddleware, so the message is stored
    with the response and shown on the page the person lands on next (after a POST, the redirect).
    """

    MESSAGE = (
        "Everything you did is saved. The emails and documents it sends are delayed for a few minutes "
        "and will go out shortly without you doing anything more."
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with watching_handover() as failed:
            response = self.get_response(request)
        if failed and hasattr(request, "_messages"):
            messages.warning(request, self.MESSAGE)
        return response


class NoStoreMiddleware:
    """Nothing personal is kept by a browser or a shared cache (`Cache-Control: no-store`).

    Every answer to someone signed in, and every file, says no-store, whatever the view set: a
    signed-in page names its reader, and an export or PDF holds other people's data. Pages reached
    without signing in do too (an event reply or an invitation is personal through its token),
    unless the view chose a caching policy of its own for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" in response.get("Cache-Control", ""):
            return response  # the view said so itself
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        if signed_in or _is_file(response) or not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


def _is_file(response) -> bool:
    return response.has_header("Content-Disposition") or not response.get("Content-Type", "").startswith("text/html")


class RequestSizeLimitMiddleware:
    """A request body over MAX_UPLOAD_SIZE is refused (413) from its Content-Length, before it is read.

    Django reads a whole multipart body (to memory, then a temporary file) before any form can look
    at a file's size; this stops an over-large one at the door. The limit sits above every upload
    page's own (evidence files: 10 MB), so a file a little too large still reaches its form, which
    says which field and what limit. Without a Content-Length Django reads no body at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_UPLOAD_SIZE:
            return render(request, "413.html", {"limit": _megabytes(settings.MAX_UPLOAD_SIZE), "sent": _megabytes(length)}, status=413)
        return self.get_response(request)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"
