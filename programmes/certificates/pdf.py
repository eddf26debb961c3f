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
import io
import unicodedata
from dataclasses import dataclass

import pikepdf
import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image
from weasyprint import HTML

from hubportal.lib.dates import long_date
from hubportal.lib.pdf import LocalOnlyFetcher, font_dir, loaded_fonts
from programmes.models import Certificate

# Bidi classes of right-to-left letters (Unicode UAX #9).
RTL_CLASSES = {"R", "AL"}
# Name lengths (characters) and the point size that keeps a name of up to that length on its page.
NAME_SIZES = [(30, 34), (50, 28), (80, 22), (140, 17), (220, 14)]
SMALLEST_NAME_SIZE = 11


class CertificateRenderError(Exception):
    """The document did not come out as one page per certificate."""


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
