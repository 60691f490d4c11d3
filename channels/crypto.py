"""Channel credentials encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256).

The key is settings.CHANNEL_CREDENTIALS_KEY when set (one Fernet key, or several
separated by commas: the first encrypts, all decrypt, so keys can be rotated), else
one derived from SECRET_KEY with SHA-256. Set CHANNEL_CREDENTIALS_KEY in production so
that rotating SECRET_KEY does not make the stored tokens unreadable. A value that
cannot be decrypted (the key changed) reads as empty: the channel then shows as
"missing credentials" in the admin and staff enter the tokens again.
"""

from __future__ import annotations

import base64
import hashlib
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)
PREFIX = "fernet:"


def _fernet() -> MultiFernet:
    configured = getattr(settings, "CHANNEL_CREDENTIALS_KEY", "") or ""
    keys = [k.strip() for k in str(configured).split(",") if k.strip()]
    if not keys:
        digest = hashlib.sha256(
            # The name of before #14: tokens stored then must still decrypt.
            f"campaigns.crypto:{settings.SECRET_KEY}".encode()
        ).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(value: str) -> str:
    if not value:
        return ""
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(value: str) -> str:
    if not value:
        return ""
    if not value.startswith(PREFIX):
        return value  # written before encryption; re-encrypted on the next save
    try:
        return _fernet().decrypt(value.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        logger.warning("a channel credential cannot be decrypted: was the key changed?")
        return ""


def last_four(value: str) -> str:
    """What the admin shows of a secret: its masked tail, "…abcd" (nothing of a
    secret too short to spare four characters)."""
    if not value:
        return ""
    return "…" + value[-4:] if len(value) > 8 else "…"


class EncryptedTextField(models.TextField):
    """A text column holding Fernet ciphertext; Python code sees the plain value."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value is not None else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
