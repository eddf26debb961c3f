"""Certificate PDFs, rendered by WeasyPrint from templates/programmes/certificates/pdf.html.

WeasyPrint's cost per document is mostly fixed: loading the fonts (each @font-face is read,
decompressed and registered with Fontconfig) and parsing the stylesheet, several hundred
milliseconds, against a few milliseconds per page. So the fonts are loaded once per worker
process and kept (which also keeps the worker's memory flat: a font set loaded per document
leaves a little behind each time), and a batch lays out many certificates as the pages of
one document, then splits it into one file each (pikepdf). A certificate on its own is the
same call with one page.

Fonts come from the npm packages installed at set-up (@fontsource, see package.json) and
images are data: URLs, so rendering fetches nothing from the network and looks the same on
every machine. Names are printed exactly as recorded: escaped by the template, set
right-to-left when they start in a right-to-left script, and smaller the longer they are,
so a 200-character name still fits its one page.
"""

import base64
import functools
import io
import unicodedata
from urllib.parse import urlsplit
from urllib.request import url2pathname
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from hubportal.lib.dates import long_date

from programmes.models import Certificate

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

# Bidi classes of right-to-left letters (Unicode UAX #9).
RTL_CLASSES = {"R", "AL"}
# Name lengths (characters) and the point size that keeps a name of up to that length on its page.
NAME_SIZES = [(30, 34), (50, 28), (80, 22), (140, 17), (220, 14)]
SMALLEST_NAME_SIZE = 11


class CertificateRenderError(Exception):
    """The document did not come out as one page per certificate."""


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
                raise ValueError(f"Certificates load no files outside the fonts: {url[:80]!r}")
        return super().fetch(url, headers)


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("programmes:certificate_verify_code", args=[code])


def qr_data_url(text: str) -> str:
    """A QR code as a small PNG with one pixel per module (scaled up crisply by the stylesheet).

    A fixed mask pattern skips qrcode's search for the best one, most of its cost; any
    mask scans.
    """
    code = qrcode.QRCode(border=0, mask_pattern=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = Image.frombytes("L", (size, size), bytes(0 if dark else 255 for row in matrix for dark in row))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def name_direction(name: str) -> str:
    """"rtl" when the first letter with a direction is right-to-left (the HTML dir=auto rule)."""
    for character in name:
        direction = unicodedata.bidirectional(character)
        if direction in RTL_CLASSES:
            return "rtl"
        if direction == "L":
            return "ltr"
    return "ltr"


def name_size(name: str) -> int:
    for longest, points in NAME_SIZES:
        if len(name) <= longest:
            return points
    return SMALLEST_NAME_SIZE


def format_hours(hours) -> str:
    text = f"{hours:.1f}".removesuffix(".0")
    return f"{text} CPD hour" if text == "1" else f"{text} CPD hours"


@dataclass(frozen=True)
class CertificatePage:
    certificate: Certificate
    heading: str
    direction: str
    name_points: int
    date: str
    hours: str
    verify_url: str
    qr: str


def page_for(certificate: Certificate) -> CertificatePage:
    url = verification_url(certificate.code)
    return CertificatePage(
        certificate=certificate,
        heading=certificate.get_kind_display(),
        direction=name_direction(certificate.recipient_name),
        name_points=name_size(certificate.recipient_name),
        date=long_date(certificate.awarded_on),
        hours=format_hours(certificate.cpd_hours) if certificate.cpd_hours else "",
        verify_url=url,
        qr=qr_data_url(url),
    )


def certificates_html(certificates: list[Certificate]) -> str:
    return render_to_string("programmes/certificates/pdf.html", {
        "pages": [page_for(certificate) for certificate in certificates],
        "hub_name": settings.HUB_NAME,
        "primary": settings.HUB_PRIMARY_COLOUR,
        "accent": settings.HUB_ACCENT_COLOUR,
        "verify_home": settings.SITE_URL + reverse("programmes:certificate_verify"),
    })


@functools.lru_cache(maxsize=1)
def loaded_fonts(directory: str) -> tuple[FontConfiguration, CSS]:
    """The fonts and their stylesheet, loaded on first use in each process and kept for its life.

    Keyed by the font folder so a changed CERTIFICATE_FONT_DIR loads afresh. Workers render one
    document at a time (prefork), so nothing shares the configuration at once.
    """
    font_config = FontConfiguration()
    return font_config, CSS(string=fonts_css(), font_config=font_config, url_fetcher=LocalOnlyFetcher())


def render_certificate_pdfs(certificates: list[Certificate]) -> list[bytes]:
    """One PDF file per certificate, in order, from one WeasyPrint document."""
    if not certificates:
        return []
    font_config, fonts = loaded_fonts(str(font_dir()))
    html = HTML(string=certificates_html(certificates), url_fetcher=LocalOnlyFetcher(), base_url=font_dir().as_uri())
    document = html.render(stylesheets=[fonts], font_config=font_config)
    if len(document.pages) != len(certificates):
        raise CertificateRenderError(f"{len(certificates)} certificates came out as {len(document.pages)} pages")
    whole = document.write_pdf()
    return split_pages(whole, titles=[f"{c.get_kind_display()}: {c.recipient_name}" for c in certificates])


def render_certificate_pdf(certificate: Certificate) -> bytes:
    return render_certificate_pdfs([certificate])[0]


def split_pages(pdf: bytes, *, titles: list[str]) -> list[bytes]:
    """Each page as a PDF of its own, with the fonts it uses (subset for the whole batch).

    WeasyPrint gives every page of a document one shared resource dictionary, holding every
    page's images: each page gets its own, with only the images it draws, so nobody's file
    carries the QR codes (and so the verification codes) of the rest of the batch.
    """
    files = []
    with pikepdf.Pdf.open(io.BytesIO(pdf)) as whole:
        for page, title in zip(whole.pages, titles, strict=True):
            _keep_only_own_images(page)
            with pikepdf.Pdf.new() as single:
                single.pages.append(page)
                single.docinfo["/Title"] = pikepdf.String(title)
                buffer = io.BytesIO()
                single.save(buffer, compress_streams=True)
                files.append(buffer.getvalue())
    return files


def _keep_only_own_images(page: pikepdf.Page) -> None:
    shared = page.obj.Resources
    drawn = {str(operation.operands[0]) for operation in pikepdf.parse_content_stream(page, "Do")}
    own = pikepdf.Dictionary({key: shared[key] for key in shared.keys() if key != "/XObject"})
    if "/XObject" in shared:
        own.XObject = pikepdf.Dictionary({name: shared.XObject[name] for name in shared.XObject.keys() if name in drawn})
    page.obj.Resources = own
