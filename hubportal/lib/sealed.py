"""Personal data kept encrypted at rest for a short while (Fernet: AES-128-CBC with an HMAC).

Only the date of birth RIAB's bulk upload needs is sealed today (appropriate_body.riab): it is
kept until the claim is marked recorded in RIAB or 30 days pass, then erased (privacy.retention).
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["InvalidToken", "seal", "unseal"]

# A fixed label keeps this key apart from anything else derived from SECRET_KEY.
_HKDF_INFO = b"hubportal sealed personal data v1"


@cache
def _fernet(key: str, secret_key: str) -> Fernet:
    if key:
        return Fernet(key.encode())
    # Without PERSONAL_DATA_KEY the key comes from SECRET_KEY. A sealed value lives at most 30 days,
    # so rotating SECRET_KEY loses only the dates of birth RIAB has not yet been given (entered by hand).
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _current() -> Fernet:
    return _fernet(settings.PERSONAL_DATA_KEY, settings.SECRET_KEY)


def seal(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


def unseal(token: str) -> str:
    """The sealed text; raises InvalidToken when the key has changed or the token was tampered with."""
    return _current().decrypt(token.encode()).decode()
