"""Checking in at the door: a QR code in a confirmed person's reminder email, scanned by whoever takes the register.

The QR code holds the address of one invitation's check-in page, with a signed token in it.
The token's salt differs from the reply token's (programmes.event_invitations), so a reply
link is no check-in code and a check-in code answers no invitation. Only hub staff and the
event's facilitators can open the page (programmes.access), so a forwarded email lets
nobody else see or change anything. Under the QR code the email prints a short code for
typing in when a camera will not scan.
"""

import io
from email.mime.image import MIMEImage

import qrcode
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from programmes.models import Event, EventInvitation

CHECKIN_SALT = "programmes.event_checkin"
# The HTML of an email with the code shows it as <img src="cid:checkin-qr">.
QR_CONTENT_ID = "checkin-qr"
SHORT_CODE_LENGTH = 8
HEX_DIGITS = frozenset("0123456789abcdef")


def checkin_token(invitation: EventInvitation) -> str:
    return signing.Signer(salt=CHECKIN_SALT).sign(str(invitation.public_id))


def find_by_checkin_token(event: Event, token: str) -> EventInvitation | None:
    """The invitation the token names, if it is one of this event's (a code for another event finds nobody)."""
    try:
        public_id = signing.Signer(salt=CHECKIN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return event.invitations.select_related("school", "marked_by").filter(public_id=public_id).first()


def checkin_path(invitation: EventInvitation) -> str:
    return reverse(
        "programmes:register_checkin", kwargs={"event": invitation.event.public_id, "token": checkin_token(invitation)}
    )


def checkin_url(invitation: EventInvitation) -> str:
    return settings.SITE_URL + checkin_path(invitation)


def short_code(invitation: EventInvitation) -> str:
    """The code printed under the QR code: the start of the invitation's public id, e.g. "3F9A0C1B"."""
    return invitation.public_id.hex[:SHORT_CODE_LENGTH].upper()


def find_by_short_code(event: Event, code: str) -> EventInvitation:
    """The invitation of this event whose short code was typed; refused when it is unknown or not unique.

    Guessing is no worry (only people who take this register can look codes up), but two
    invitations of one event may in theory share a short code: then nobody is picked.
    """
    typed = "".join(code.split()).replace("-", "").lower()
    if not typed:
        raise ValidationError("Enter the code from the email")
    if len(typed) != SHORT_CODE_LENGTH or not set(typed) <= HEX_DIGITS:
        raise ValidationError(f"The code from the email is {SHORT_CODE_LENGTH} letters and numbers, like 3F9A0C1B")
    matches = list(event.invitations.filter(public_id__istartswith=typed)[:2])
    if not matches:
        raise ValidationError(f"Nobody invited to this event has the code {typed.upper()}")
    if len(matches) > 1:
        raise ValidationError(f"More than one person has the code {typed.upper()}: scan their QR code or search by name")
    return matches[0]


def checkin_qr_png(invitation: EventInvitation) -> bytes:
    image = qrcode.make(checkin_url(invitation), box_size=8, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def attach_checkin_qr(message: EmailMultiAlternatives, invitation: EventInvitation) -> EmailMultiAlternatives:
    """Add the invitation's QR code as an inline image the HTML part shows with src="cid:checkin-qr".

    "related" makes the outer part multipart/related, so mail clients show the image in the
    HTML rather than as a file to download.
    """
    image = MIMEImage(checkin_qr_png(invitation), "png")
    image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
    image.add_header("Content-Disposition", "inline", filename="check-in-code.png")
    message.mixed_subtype = "related"
    message.attach(image)
    return message
