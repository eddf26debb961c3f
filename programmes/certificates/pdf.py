"""Certificate PDFs, rendered by WeasyPrint from templates/programmes/certificates/pdf.html.

WeasyPrint's cost per document is mostly fixed: loading the fonts (each @font-face is read,
decompressed and registered with Fontconfig) and parsing the stylesheet, several hundred
milliseconds, against a few milliseconds per page. So the fonts are loaded once per worker
process and kept (which also keeps the worker's memory flat: a font set loaded per document
leaves a little behind each time), and a batch lays out many certificates as the pages of
one document, then splits it into one file each (pikepdf). A certificate on its own is the
same call with one page.

Every file is tagged PDF/UA-1: a screen reader reads the same words as the printed page, in
order, with the hub's logo, the signature and the QR code described. Splitting keeps each
page's own part of the structure tree, so each file is tagged on its own.

Fonts come from the npm packages installed at set-up (@fontsource, see package.json) and
images (the QR code, the hub's logo and the signature, read once per process from the files
settings name) are data: URLs, so rendering fetches nothing from the network and looks the
same on every machine. Names are printed exactly as recorded: escaped by the template, set
right-to-left when they start in a right-to-left script, and smaller the longer they are,
so a 200-character name still fits its one page.
"""

import base64
import functools
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import qrcode
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image
from weasyprint import HTML

from hubportal.lib.dates import long_date
from hubportal.lib.pdf import LocalOnlyFetcher, font_dir, loaded_fonts
from programmes.models import Certificate

# Tagged for accessibility (ISO 14289-1): a structure tree, the language, the title shown.
PDF_VARIANT = "pdf/ua-1"
# Bidi classes of right-to-left letters (Unicode UAX #9).
RTL_CLASSES = {"R", "AL"}
# Name lengths (characters) and the point size that keeps a name of up to that length on its page.
NAME_SIZES = [(30, 34), (50, 28), (80, 22), (140, 17), (220, 14)]
SMALLEST_NAME_SIZE = 11
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


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


@functools.lru_cache(maxsize=8)
def image_data_url(setting: str, path: str) -> str:
    """The image file a setting names, as a data: URL; read once per process (restart workers to change it).

    A missing or unusable file fails every render loudly rather than printing certificates
    without the logo or signature staff expect.
    """
    file = Path(path)
    kind = IMAGE_TYPES.get(file.suffix.lower())
    if kind is None:
        raise ImproperlyConfigured(f"{setting} must be an SVG, PNG or JPEG file, not {path!r}")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(f"{setting} cannot be read: {error}") from error
    return f"data:{kind};base64," + base64.b64encode(data).decode()


def hub_logo() -> str:
    """The logo HUB_LOGO names: a path under static/ (as the page header uses it) or a file's full path."""
    name = settings.HUB_LOGO
    return image_data_url("HUB_LOGO", name if Path(name).is_absolute() else (finders.find(name) or name))


def signature_for(certificate: Certificate) -> str:
    """The signature image, on the certificates of the signatory it belongs to; "" when there is none.

    The name on a certificate is fixed when it is issued: after the signatory changes, a
    re-rendered older certificate keeps its signatory's printed name rather than wearing
    the new signatory's signature.
    """
    path = settings.CERTIFICATE_SIGNATURE_IMAGE
    if not path or certificate.signatory_name != settings.CERTIFICATE_SIGNATORY_NAME:
        return ""
    return image_data_url("CERTIFICATE_SIGNATURE_IMAGE", str(path))


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


def document_title(certificate: Certificate) -> str:
    return f"{certificate.get_kind_display()}: {certificate.recipient_name}"


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
    signature: str


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
        signature=signature_for(certificate),
    )


def certificates_html(certificates: list[Certificate]) -> str:
    return render_to_string("programmes/certificates/pdf.html", {
        "pages": [page_for(certificate) for certificate in certificates],
        # Each file's own title replaces a batch's when it is split off (split_pages).
        "title": document_title(certificates[0]) if len(certificates) == 1 else f"{settings.HUB_NAME} certificates",
        "hub_name": settings.HUB_NAME,
        "logo": hub_logo(),
        "primary": settings.HUB_PRIMARY_COLOUR,
        "accent": settings.HUB_ACCENT_COLOUR,
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
    whole = document.write_pdf(pdf_variant=PDF_VARIANT)
    return split_pages(whole, titles=[document_title(c) for c in certificates])


def split_pages(pdf: bytes, *, titles: list[str]) -> list[bytes]:
    """Each page as a PDF of its own, with the fonts it uses (subset for the whole batch).

    WeasyPrint gives every page of a document one shared resource dictionary, holding every
    page's images: each page gets its own, with only the images it draws, so nobody's file
    carries the QR codes (and so the verification codes) of the rest of the batch. A tagged
    document's structure tree is split the same way (see _keep_own_structure).
    """
    files = []
    with pikepdf.Pdf.open(io.BytesIO(pdf)) as whole:
        tagged = "/StructTreeRoot" in whole.Root
        parents = _parent_tree(whole) if tagged else {}
        for page, title in zip(whole.pages, titles, strict=True):
            _keep_only_own_images(page)
            with pikepdf.Pdf.new() as single:
                single.pages.append(page)
                single.docinfo["/Title"] = pikepdf.String(title)
                if tagged:
                    _keep_own_structure(whole, page, parents, single)
                    _describe(whole, single, title)
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


def _parent_tree(whole: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    """The parent tree's entries by key. WeasyPrint writes it flat: one /Nums array, no /Kids."""
    nums = whole.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _keep_own_structure(whole: pikepdf.Pdf, page: pikepdf.Page, parents: dict, single: pikepdf.Pdf) -> None:
    """Give `single` a structure tree of the elements on its page alone.

    Copying an element copies everything it refers to, its parent (/P) included, so the
    page's top elements are first re-parented (in `whole`, which is thrown away) to a
    Document element of their own; the parent tree keeps the page's entry (its marked
    content, by /StructParents) and its annotations'. Elements point at the page (/Pg), which
    pikepdf maps to the page already copied into `single`.
    """
    page_ref = page.obj.objgen
    document = whole.Root.StructTreeRoot.K[0]
    own = [kid for kid in document.K if kid.get("/Pg") is not None and kid.Pg.objgen == page_ref]
    keys = [int(page.obj.StructParents)]
    keys += [int(annotation.StructParent) for annotation in page.obj.get("/Annots", []) if "/StructParent" in annotation]
    root = whole.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    element = whole.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root, K=pikepdf.Array(own)))
    for kid in own:
        kid.P = element
    numbers = pikepdf.Array()
    for key in sorted(keys):
        numbers.extend([key, parents[key]])
    root.K = pikepdf.Array([element])
    root.ParentTree = whole.make_indirect(pikepdf.Dictionary(Nums=numbers))
    root.ParentTreeNextKey = max(keys) + 1
    single.Root.StructTreeRoot = single.copy_foreign(root)


def _describe(whole: pikepdf.Pdf, single: pikepdf.Pdf, title: str) -> None:
    """What PDF/UA asks of the catalogue, as WeasyPrint wrote it for the whole, with this file's title."""
    single.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    single.Root.Lang = whole.Root.Lang
    single.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    single.Root.Metadata = single.copy_foreign(whole.Root.Metadata)
    with single.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
        metadata["dc:title"] = title
