"""The certificate PDF itself: one page each, names exactly as recorded, local fonts, a QR code that scans,
the hub's logo and the signatory, tagged for accessibility (PDF/UA-1) in every file of a split batch.

Each test here renders real PDFs with WeasyPrint (about half a second a document), so the
names that must render safely share one document.
"""

import io
from datetime import date
from decimal import Decimal

import pikepdf
import pytest
import zxingcpp
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from PIL import Image
from pypdf import PdfReader

from hubportal.lib.pdf import LocalOnlyFetcher
from programmes.certificates.certificates import new_code
from programmes.certificates.pdf import format_hours, name_direction, name_size, render_certificate_pdfs, verification_url
from programmes.models import Certificate

SCRIPT = "<script>alert('x')</script> Smith"
ARABIC = "محمد عبد الله"
HEBREW = "דוד כהן"
LONG = " ".join(["Bartholomew-Maximilian"] * 9)[:200]
ACCENTED = "Zoë O'Brien-Núñez"
VIETNAMESE = "Nguyễn Thị Minh Khai"
NAMES = [ACCENTED, SCRIPT, ARABIC, HEBREW, LONG, VIETNAMESE, "Αλέξανδρος Παπαδόπουλος", "Олександр Шевченко"]


def certificate(name: str, **extra) -> Certificate:
    data = {
        "kind": Certificate.Kind.ATTENDANCE, "recipient_name": name, "title": "ECT Welcome Conference 2025/26",
        "statement": "attended", "awarded_on": date(2025, 9, 12), "cpd_hours": Decimal("5.5"),
        "issuer": "Severn Vale Teaching School Hub", "signatory_name": "Dr Ada Head", "signatory_role": "Director", "code": new_code(),
    }
    return Certificate(**{**data, **extra})


@pytest.fixture(scope="module")
def rendered():
    certificates = [certificate(name) for name in NAMES]
    return certificates, render_certificate_pdfs(certificates)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def squashed(text: str) -> str:
    return "".join(text.split())


def test_one_single_page_file_per_certificate_in_order(rendered):
    certificates, files = rendered
    assert len(files) == len(certificates)
    for certificate, pdf in zip(certificates, files, strict=True):
        text = text_of(pdf)
        assert certificate.code in text
        assert "ECT Welcome Conference 2025/26" in text
        assert "12 September 2025" in text and "5.5 CPD hours" in text
        assert "Certificate of attendance" in text and "Dr Ada Head" in text
        with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:
            width, height = (float(v) for v in document.pages[0].mediabox[2:])
            assert round(width) == 842 and round(height) == 595  # A4 landscape in points
            assert str(document.docinfo["/Title"]) == f"Certificate of attendance: {certificate.recipient_name}"


def test_names_are_printed_exactly_as_recorded(rendered):
    certificates, files = rendered
    texts = [text_of(pdf) for pdf in files]
    assert ACCENTED in texts[0]
    # Escaped by the template: the markup is printed as text, and nothing else of it is run or dropped.
    assert SCRIPT in texts[1]
    assert ARABIC in texts[2] and HEBREW in texts[3]
    # A 200-character name wraps onto more lines of a smaller size, all of it on the one page.
    assert squashed(LONG) in squashed(texts[4])
    assert "Αλέξανδρος Παπαδόπουλος" in texts[6] and "Олександр Шевченко" in texts[7]


def test_every_glyph_comes_from_the_installed_noto_fonts(rendered):
    _, files = rendered
    for pdf in files:
        with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:
            fonts = document.pages[0].resources.Font
            names = [str(fonts[key].BaseFont) for key in fonts.keys()]
        assert names and all("Certificate-noto" in name for name in names), names


def test_the_qr_code_scans_to_the_verification_address(rendered):
    certificates, files = rendered
    with pikepdf.Pdf.open(io.BytesIO(files[0])) as document:
        # Only its own QR code: not the others' of the batch (their codes would name them).
        images = document.pages[0].get_images()
        assert len(images) == 1
        image = pikepdf.PdfImage(next(iter(images.values()))).as_pil_image().convert("L")
        image_count = sum(1 for obj in document.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image")
        assert image_count == 1
    # One pixel per module: scale it up with a quiet zone, as a camera would see it printed.
    scaled = image.resize((image.width * 8, image.height * 8), Image.NEAREST)
    framed = Image.new("L", (scaled.width + 64, scaled.height + 64), 255)
    framed.paste(scaled, (32, 32))
    decoded = zxingcpp.read_barcodes(framed, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [barcode.text for barcode in decoded] == [verification_url(certificates[0].code)]
    assert verification_url("K7QM-4XDP-9HTA") == "http://testserver/certificates/verify/K7QM-4XDP-9HTA/"


def test_right_to_left_names_are_set_right_to_left():
    assert name_direction(ARABIC) == "rtl" and name_direction(HEBREW) == "rtl"
    assert name_direction("  " + ARABIC) == "rtl"
    assert name_direction(ACCENTED) == "ltr" and name_direction("123") == "ltr"


def test_longer_names_are_smaller():
    sizes = [name_size("x" * length) for length in (10, 40, 70, 120, 200, 300)]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]


def test_hours_read_naturally():
    assert format_hours(Decimal("5.5")) == "5.5 CPD hours"
    assert format_hours(Decimal("6.0")) == "6 CPD hours"
    assert format_hours(Decimal("1")) == "1 CPD hour"


@pytest.mark.parametrize("url", ["https://example.org/logo.png", "file:///etc/passwd", "ftp://example.org/x"])
def test_nothing_is_fetched_from_outside_the_installed_fonts(url):
    with pytest.raises(ValueError):
        LocalOnlyFetcher().fetch(url)


def test_no_certificates_no_files():
    assert render_certificate_pdfs([]) == []


def images_of(pdf: bytes) -> list[tuple[int, int]]:
    """The sizes (pixels) of every image the file holds."""
    with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:
        return sorted((int(obj.Width), int(obj.Height)) for obj in document.objects
                      if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image")


def structure_of(pdf: bytes) -> list[pikepdf.Dictionary]:
    """Every element of the file's structure tree, in reading order."""
    elements = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            elements.append(node)
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid)

    with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:
        for top in document.Root.StructTreeRoot.K:
            walk(top)
        return [pikepdf.Dictionary({key: element[key] for key in ("/S", "/Alt") if key in element}) for element in elements]


def figures(pdf: bytes) -> list[str]:
    return [str(element.Alt) for element in structure_of(pdf) if element.S == "/Figure"]


def png(path, size) -> str:
    Image.new("RGB", size, "navy").save(path)
    return str(path)


@override_settings(SITE_URL="https://portal.example.org", HUB_NAME="Severn Vale Teaching School Hub")
def test_the_page_names_the_hub_the_person_the_signatory_and_where_to_check_it():
    [pdf] = render_certificate_pdfs([certificate(ACCENTED)])
    text = text_of(pdf)
    [line] = [line for line in text.splitlines() if "/certificates/verify/" in line]
    assert line.strip().startswith("https://portal.example.org/certificates/verify/")
    assert "Severn Vale Teaching School Hub".upper() in text.upper() and ACCENTED in text
    assert "Dr Ada Head" in text and "Director" in text


def test_the_hubs_logo_is_on_every_certificate(rendered, tmp_path, settings):
    _, files = rendered
    for pdf in files:
        # The default logo is an SVG, drawn as shapes and described for a screen reader.
        assert figures(pdf)[0] == f"{settings.HUB_NAME} logo"
    settings.HUB_LOGO = png(tmp_path / "logo.png", (90, 60))
    [pdf] = render_certificate_pdfs([certificate("Sam Smith")])
    assert (90, 60) in images_of(pdf)


def test_a_configured_signature_is_printed_over_the_signatorys_name(tmp_path, settings):
    settings.CERTIFICATE_SIGNATORY_NAME = "Dr Ada Head"
    settings.CERTIFICATE_SIGNATURE_IMAGE = png(tmp_path / "signature.png", (300, 80))
    # The second was issued when someone else signed: it keeps their printed name, not this signature.
    signed, earlier = render_certificate_pdfs([certificate("Sam Smith"), certificate("Ann Lee", signatory_name="Mr Earlier")])
    assert (300, 80) in images_of(signed) and "Signature of Dr Ada Head" in figures(signed)
    assert "Dr Ada Head" in text_of(signed)
    assert (300, 80) not in images_of(earlier) and not any("Signature" in alt for alt in figures(earlier))
    assert "Mr Earlier" in text_of(earlier)


def test_without_a_signature_image_the_name_and_role_are_printed(rendered, settings):
    assert not getattr(settings, "CERTIFICATE_SIGNATURE_IMAGE", "")
    _, files = rendered
    assert len(images_of(files[0])) == 1  # the QR code alone
    assert not any("Signature" in alt for alt in figures(files[0]))
    assert "Dr Ada Head" in text_of(files[0]) and "Director" in text_of(files[0])
    [nameless] = render_certificate_pdfs([certificate("Sam Smith", signatory_name="", signatory_role="Director, Severn Vale TSH")])
    assert "Director, Severn Vale TSH" in text_of(nameless)


@pytest.mark.parametrize("setting", ["HUB_LOGO", "CERTIFICATE_SIGNATURE_IMAGE"])
def test_a_missing_or_unusable_image_stops_the_render(tmp_path, settings, setting):
    settings.CERTIFICATE_SIGNATORY_NAME = "Dr Ada Head"
    setattr(settings, setting, str(tmp_path / "missing.png"))
    with pytest.raises(ImproperlyConfigured, match=setting):
        render_certificate_pdfs([certificate("Sam Smith")])
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    setattr(settings, setting, str(tmp_path / "logo.gif"))
    with pytest.raises(ImproperlyConfigured, match=setting):
        render_certificate_pdfs([certificate("Sam Smith")])


def test_every_file_of_a_batch_is_tagged_on_its_own(rendered, settings):
    """PDF/UA-1: marked, a structure tree of this page's content only, its language, its own title."""
    certificates, files = rendered
    for certificate_, pdf in zip(certificates, files, strict=True):
        title = f"Certificate of attendance: {certificate_.recipient_name}"
        with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:
            root = document.Root
            assert root.MarkInfo.Marked is True
            assert str(root.Lang) == "en-GB" and root.ViewerPreferences.DisplayDocTitle is True
            with document.open_metadata() as metadata:
                assert metadata["pdfuaid:part"] == "1"
                assert metadata["dc:title"] == title
            page = document.pages[0]
            # Every piece of marked content on the page has its element in the parent tree, and
            # every element is on this page (none of the rest of the batch came along).
            marked = [int(operands[1].MCID) for operands, operator in pikepdf.parse_content_stream(page)
                      if operator == pikepdf.Operator("BDC") and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]]
            tree = root.StructTreeRoot
            nums = tree.ParentTree.Nums
            entries = dict(zip((int(key) for key in nums[::2]), nums[1::2], strict=True))
            parents = entries[int(page.obj.StructParents)]
            assert marked and sorted(marked) == list(range(len(parents)))
            for mcid in marked:
                assert mcid in [int(kid) for kid in parents[mcid].K if isinstance(kid, int)]
            pages = [obj for obj in document.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Page"]
            assert len(pages) == 1
            elements = [obj for obj in document.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem"]
            assert all(element.Pg.objgen == page.obj.objgen for element in elements if "/Pg" in element)
        kinds = [str(element.S) for element in structure_of(pdf)]
        assert kinds[:2] == ["/Document", "/Sect"] and kinds.count("/H1") == 1
        assert figures(pdf) == [f"{settings.HUB_NAME} logo", "QR code of the address to check this certificate"]
