"""System checks on the hub's brand settings: the header draws white text on HUB_PRIMARY_COLOUR, so a
colour too light for it would fail WCAG 2.2 AA contrast on every page; a logo that is not there breaks
every page's header and every certificate."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import Error, Warning, register

HEX_COLOUR = re.compile(r"^#([0-9a-fA-F]{6})$")
# WCAG 2.2 AA for normal text (1.4.3).
TEXT_CONTRAST = 4.5


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


@register()
def check_brand(app_configs, **kwargs) -> list:
    problems = []
    for name in ("HUB_PRIMARY_COLOUR", "HUB_ACCENT_COLOUR"):
        if not HEX_COLOUR.match(getattr(settings, name)):
            problems.append(Error(f"{name} must be a colour as #rrggbb, not {getattr(settings, name)!r}", id="hubportal.E101"))
    if HEX_COLOUR.match(settings.HUB_PRIMARY_COLOUR):
        ratio = contrast_with_white(settings.HUB_PRIMARY_COLOUR)
        if ratio < TEXT_CONTRAST:
            problems.append(Error(
                f"HUB_PRIMARY_COLOUR {settings.HUB_PRIMARY_COLOUR} has a contrast of {ratio:.2f}:1 with the header's "
                f"white text; WCAG 2.2 AA needs {TEXT_CONTRAST}:1. Choose a darker shade of the hub's colour.",
                id="hubportal.E102"))
    if not finders.find(settings.HUB_LOGO):
        problems.append(Warning(f"HUB_LOGO {settings.HUB_LOGO!r} is not a static file the portal can find",
                                hint="Put the logo under static/ and name its path there, e.g. brand/logo.svg.",
                                id="hubportal.W103"))
    return problems
