"""The personal reply link in each event invitation: a signed token of the invitation's public id."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from programmes.models import EventInvitation

TOKEN_SALT = "programmes.event_invitation"


def reply_token(invitation: EventInvitation) -> str:
    return signing.Signer(salt=TOKEN_SALT).sign(str(invitation.public_id))


def reply_url(invitation: EventInvitation) -> str:
    return settings.SITE_URL + reverse("programmes:event_reply", args=[reply_token(invitation)])


def find_by_token(token: str) -> EventInvitation | None:
    try:
        public_id = signing.Signer(salt=TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return EventInvitation.objects.select_related("event").filter(public_id=public_id).first()
