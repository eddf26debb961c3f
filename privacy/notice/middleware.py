"""Everyone signed in reads the current privacy notice before anything else: at their first sign-in,
and again whenever hub staff publish a new version.

A page load costs the database nothing once the person has seen the current version: its number
comes from the cache (privacy.notice.notices) and the version they saw is kept in their session.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from privacy.notice.notices import current_version, has_seen

SEEN_VERSION_KEY = "privacy_notice_seen_version"
# Pages anyone must reach without reading the notice first: the notice itself and the accessibility
# statement (by name), signing in and out (and the rest of allauth's, MFA set-up included), files, the health check.
EXEMPT_URL_NAMES = ("privacy:notice", "privacy:accessibility")
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz")


class PrivacyNoticeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt_paths = None

    def __call__(self, request):
        if self._must_see_notice(request):
            query = urlencode({"next": request.get_full_path()}, safe="/")
            return redirect(f"{reverse('privacy:notice')}?{query}")
        return self.get_response(request)

    def _must_see_notice(self, request) -> bool:
        # Only a page load: a form posted or an htmx swap mid-way must not be lost to a redirect.
        if request.method != "GET" or getattr(request, "htmx", False):
            return False
        if self.exempt_paths is None:
            # Reversed at the first request, when the URLconf is sure to be loaded.
            self.exempt_paths = frozenset(reverse(name) for name in EXEMPT_URL_NAMES)
        path = request.path_info
        if path in self.exempt_paths or path.startswith(EXEMPT_PREFIXES) or not request.user.is_authenticated:
            return False
        version = current_version()
        if not version or request.session.get(SEEN_VERSION_KEY) == version:
            return False
        if has_seen(request.user, version):
            # Seen in another session (another browser, before signing out): this session need not ask again.
            remember_seen(request, version)
            return False
        return True


def remember_seen(request, version: int) -> None:
    request.session[SEEN_VERSION_KEY] = version
