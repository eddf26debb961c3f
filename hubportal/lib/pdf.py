"""What every PDF the portal renders shares: the fonts, loaded once per process, and a fetcher that
reads only them.

WeasyPrint's cost per document is mostly fixed: loading the fonts (each @font-face is read,
decompressed and registered with Fontconfig) and parsing the stylesheet, several hundred
milliseconds. So the fonts are loaded once per process and kept (which also keeps a worker's
memory flat: a font set loaded per document leaves a little behind each time).

Fonts come from the npm packages installed at set-up (@fontsource, see package.json; the folder
is settings.CERTIFICATE_FONT_DIR) and images are data: URLs, so rendering fetches nothing from
the network and looks the same on every machine.
"""

import functools
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

# (package, file prefix, weight, subsets). Each subset is a family of its own, listed in
# order in the stylesheet's font-family, so a name in Vietnamese, Greek, Cyrillic, Arabic or
# Hebrew finds its glyphs. (One family name for all would not do: WeasyPrint tells fonts apart
# by family, weight and style, and would mix up the glyphs of different files.) Every face
# adds to the fixed cost of a document, so only the weights the template uses are loaded.
FONT_FACES = [
    ("noto-sans", "noto-sans", 400, ["latin", "latin-ext"]),
    ("noto-sans", "noto-sans", 700, ["latin", "latin-ext", "vietnamese", "greek", "cyrillic"]),
    ("noto-sans-arabic", "noto-sans-arabic", 700, ["arabic"]),
    ("noto-sans-hebrew", "noto-sans-hebrew", 700, ["hebrew"]),
]
HEADING_FACES = [("noto-serif", "noto-serif", 700, ["latin", "latin-ext"])]


def font_dir() -> Path:
    return Path(settings.CERTIFICATE_FONT_DIR)


def _family(prefix: str, subset: str) -> str:
    return f"Certificate {prefix} {subset}"


def _families(faces) -> list[str]:
    return list(dict.fromkeys(_family(prefix, subset) for _, prefix, _, subsets in faces for subset in subsets))


def _faces_css(faces) -> list[str]:
    rules = []
    for package, prefix, weight, subsets in faces:
        for subset in subsets:
            path = font_dir() / package / "files" / f"{prefix}-{subset}-{weight}-normal.woff2"
            rules.append(
                f"@font-face {{ font-family: '{_family(prefix, subset)}'; font-weight: {weight}; font-style: normal; "
                f"src: url('{path.as_uri()}') format('woff2'); }}"
            )
    return rules


def fonts_css() -> str:
    """The @font-face rules and the two font stacks the template uses (--sans and --serif)."""
    sans = ", ".join(f"'{family}'" for family in _families(FONT_FACES))
    serif = ", ".join(f"'{family}'" for family in _families(HEADING_FACES))
    rules = _faces_css(FONT_FACES) + _faces_css(HEADING_FACES)
    return "\n".join([*rules, f"html {{ font-family: {sans}; }}", f".serif {{ font-family: {serif}, {sans}; }}"])


class LocalOnlyFetcher(URLFetcher):
    """Fonts from the installed font packages and data: images; never the network or other files.

    A font that cannot be loaded stops the render (fail_on_errors) rather than letting
    WeasyPrint fall back to whatever fonts the machine has.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(font_dir().resolve()):
                raise ValueError(f"PDFs load no files outside the fonts: {url[:80]!r}")
        return super().fetch(url, headers)


@functools.lru_cache(maxsize=1)
def loaded_fonts(directory: str) -> tuple[FontConfiguration, CSS]:
    """The fonts and their stylesheet, loaded on first use in each process and kept for its life.

    Keyed by the font folder so a changed CERTIFICATE_FONT_DIR loads afresh. Workers render one
    document at a time (prefork), so nothing shares the configuration at once.
    """
    font_config = FontConfiguration()
    return font_config, CSS(string=fonts_css(), font_config=font_config, url_fetcher=LocalOnlyFetcher())
