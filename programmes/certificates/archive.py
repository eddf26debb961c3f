"""Every rendered certificate of a selection as one ZIP, for hub staff to download or print.

The archive is written to a temporary file, one PDF at a time, so a conference's 400
certificates never sit in memory together; the caller streams the file and closes it.
"""

import re
import shutil
import tempfile
import unicodedata
import zipfile
from typing import IO

from django.db.models import QuerySet

from programmes.models import Certificate, RenderState

# Kept in memory while small, then moved to disk by SpooledTemporaryFile itself.
SPOOL_MAX_BYTES = 5 * 1024 * 1024
NAME_PART_MAX = 40
# Letters that Unicode does not decompose into a plain letter and an accent.
SPELLED_OUT = str.maketrans({"Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "Ł": "L", "ł": "l",
                             "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i"})


def _ascii_part(text: str) -> str:
    """Letters and digits only, accents dropped ("Zoë O'Brien" → "Zoe-OBrien"): safe in every unzip tool."""
    plain = unicodedata.normalize("NFKD", text.translate(SPELLED_OUT)).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"['’`]", "", plain)
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")[:NAME_PART_MAX].strip("-")


def member_name(certificate: Certificate) -> str:
    """ "Surname-Firstname-CODE.pdf": sorted by surname in a file list, and the code makes it unique."""
    words = certificate.recipient_name.split()
    surname, first_names = (words[-1], " ".join(words[:-1])) if words else ("", "")
    parts = [part for part in (_ascii_part(surname), _ascii_part(first_names), certificate.code) if part]
    return "-".join(parts) + ".pdf"


def zippable(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """The certificates of a selection that go in its ZIP: rendered, with a file, and not revoked."""
    return certificates.filter(render_state=RenderState.RENDERED, revoked_at__isnull=True).exclude(pdf="")


def build_certificate_zip(certificates: QuerySet[Certificate]) -> IO[bytes]:
    """A ZIP of the PDFs of `zippable(certificates)`, as an open temporary file positioned at its start."""
    archive_file = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)
    names: set[str] = set()
    rows = zippable(certificates).only("pk", "code", "recipient_name", "pdf").order_by("recipient_name", "pk")
    # PDF streams are compressed already: storing them is as small and much quicker.
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in rows.iterator(chunk_size=200):
            name = member_name(certificate)
            # Codes are unique, so a clash needs two rows of one code; never overwrite one file with another.
            if name in names:
                name = f"{name[:-4]}-{certificate.pk}.pdf"
            names.add(name)
            with certificate.pdf.open("rb") as source, archive.open(name, "w") as target:
                shutil.copyfileobj(source, target, length=256 * 1024)
    archive_file.seek(0)
    return archive_file
