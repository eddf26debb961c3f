"""The certificate PDF itself: one page each, names exactly as recorded, local fonts, a QR code that scans.

Each test here renders real PDFs with WeasyPrint (about half a second a document), so the
names that must render safely share one document.
"""

import io
from datetime import date
from decimal import Decimal

import pikepdf
import pytest
import zxingcpp
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
    decoded = zxingcpp.read_barcodes(framed)
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
