"""Personal data at rest: phone numbers and chat ids are encrypted, and found by a keyed hash.

One secret (`DATA_KEY`) is stretched into two independent keys, so the lookup hash
cannot be used to decrypt and a leaked database alone reveals no number.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.instance_secrets import generated_secret

KEY_FILE_NAME = "data_key"


class DataCipher:
    """Encrypts personal identifiers and computes their lookup hashes."""

    def __init__(self, secret: str):
        if len(secret) < 16:
            raise RuntimeError("DATA_KEY must be at least 16 characters long")
        material = secret.encode()
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(material, b"encrypt")))
        self._hash_key = _derive(material, b"lookup-hash")

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise RuntimeError("personal data cannot be decrypted: wrong DATA_KEY?") from exc

    def lookup_hash(self, channel: str, address: str) -> str:
        digest = hmac.new(self._hash_key, f"{channel}:{address}".encode(), hashlib.sha256)
        return digest.hexdigest()


def _derive(material: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(material)


def load_data_key(configured: str | None, instance_path: str) -> str:
    """The configured key, or in development one generated once into `instance/`."""
    if configured:
        return configured
    return generated_secret(Path(instance_path) / KEY_FILE_NAME, "DATA_KEY")
