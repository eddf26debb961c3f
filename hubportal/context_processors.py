from django.conf import settings

from participants.access import roles_of


def portal(request) -> dict:
    """The hub's identity and the signed-in user's roles, for the layout and its navigation."""
    return {
        "hub_name": settings.HUB_NAME,
        "hub_short_name": settings.HUB_SHORT_NAME,
        "hub_primary_colour": settings.HUB_PRIMARY_COLOUR,
        "hub_accent_colour": settings.HUB_ACCENT_COLOUR,
        "hub_contact_email": settings.HUB_CONTACT_EMAIL,
        "user_roles": roles_of(request.user) if hasattr(request, "user") else frozenset(),
    }
