"""How allauth signs people in here: by invitation only, links from SITE_URL, limits per account and client."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from allauth import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class PortalSite:
    """What allauth's emails call `current_site`: the portal's public name and address, not the request's host."""

    name: str
    domain: str


def portal_url(path: str) -> str:
    """An absolute address on the portal: SITE_URL, whatever host the request that leads to it named."""
    return settings.SITE_URL + path


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up unasked: people join through an invitation link."""

    # allauth's form errors, in the words of the GOV.UK error messages beside each field and in the summary.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "cannot_remove_primary_email": "You cannot remove your main email address",
        "duplicate_email": "This email address is already on your account",
        "email_password_mismatch": "The email address or password is not correct",
        "enter_current_password": "Enter your current password",
        "incorrect_password": "The password is not correct",
        "invalid_password_reset": "The link to reset your password has expired or has already been used",
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    # Rate limits -----------------------------------------------------------------------------------

    def _get_login_attempts_cache_key(self, request, **credentials: Any) -> str:
        # allauth counts failed passwords per account ("key") to stop guessing, which also lets anyone
        # who knows an address lock its owner out. Keyed by account *and* client, wrong passwords
        # typed elsewhere never lock out the owner; the per-client limit ("ip") still stops one client
        # spraying guesses over many accounts. allauth's maintainer suggests exactly this override
        # (its issue 3584); participants/tests/accounts/test_sign_in_limits.py fails if it stops applying.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self._client_network(request)}"

    def _client_network(self, request) -> str:
        # As allauth's own per-client limit counts it: one IPv6 client holds a whole /64.
        address = self.get_client_ip(request)
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:
            return address
        if parsed.version == 6:
            return str(ipaddress.IPv6Network(f"{parsed}/{allauth_settings.RATE_LIMIT_IPV6_PREFIX}", strict=False))
        return address

    # Emails: every link from SITE_URL -------------------------------------------------------------------

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth would name the site and build links from the request's Host; a request reaching the
        # portal by another name (a port, an internal host) must not put that name into an email.
        context = {
            "current_site": PortalSite(name=settings.HUB_NAME, domain=urlsplit(settings.SITE_URL).netloc),
            "site_url": settings.SITE_URL,
            "sign_in_url": portal_url(reverse("account_login")),
            "reset_url": portal_url(reverse("account_reset_password")),
            "hub_name": settings.HUB_NAME,
            "hub_contact_email": settings.HUB_CONTACT_EMAIL,
            **context,
        }
        # Sign-up is closed: no email offers it (the unknown-address email says how to join instead).
        context.pop("signup_url", None)
        for name in ("password_reset_url", "activate_url"):
            if name in context:
                context[name] = self._on_portal(context[name])
        super().send_mail(template_prefix, email, context)

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return portal_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return portal_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    @staticmethod
    def _on_portal(url: str) -> str:
        # A link allauth built from the request elsewhere (e.g. "account already exists"): keep its path.
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return portal_url(path)


class PortalMFAAdapter(DefaultMFAAdapter):
    """allauth's two-step sign-in in the portal's words (GOV.UK's style for error messages)."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The security code is not correct. Check your authenticator app and enter the code it shows now",
        "add_email_blocked": "You cannot add an email address while two-step sign-in is on",
        "cannot_delete_authenticator": "You cannot turn off two-step sign-in: your role needs it",
        "cannot_generate_recovery_codes": "Set up two-step sign-in before you get recovery codes",
        "unverified_email": "Confirm your email address before you set up two-step sign-in",
    }
