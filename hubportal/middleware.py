"""Hub and AB staff must set up TOTP before they reach anything else.

allauth enforces the second factor at sign-in once it exists; this closes the
gap before it does, by sending such a user to the set-up page from every other
page but the few they need to get there (or to leave).
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

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
