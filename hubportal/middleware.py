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
