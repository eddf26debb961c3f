from django.conf import settings
from django.utils.functional import SimpleLazyObject

from hubportal.navigation import navigation_for
from participants.access import roles_of


def portal(request) -> dict:
    """The hub's identity and the signed-in user's roles, for the layout and its navigation."""
    roles = roles_of(request.user) if hasattr(request, "user") else frozenset()
    match = getattr(request, "resolver_match", None)
    return {
        "hub_name": settings.HUB_NAME,
        "hub_short_name": settings.HUB_SHORT_NAME,
        "hub_primary_colour": settings.HUB_PRIMARY_COLOUR,
        "hub_accent_colour": settings.HUB_ACCENT_COLOUR,
        "hub_contact_email": settings.HUB_CONTACT_EMAIL,
        "hub_logo": settings.HUB_LOGO,
        "user_roles": roles,
        # Worked out only when a page draws it (htmx fragments do not).
        "navigation": SimpleLazyObject(
            lambda: navigation_for(roles, view_name=match.view_name if match else "", path=request.path)
        ),
    }
