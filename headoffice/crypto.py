"""Personal data at rest: AES-GCM for the fields, a keyed hash (blind index) to find a
member by phone. The key is kept in a file apart from the database."""

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from headoffice.errors import HeadOfficeError

KEY_BYTES = 32
_NONCE = 12


class KeyFileError(HeadOfficeError):
    code = "key"


class Vault:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise KeyFileError("the head-office key must be 32 bytes")
        self._aead = AESGCM(hmac.new(key, b"seal", hashlib.sha256).digest())
        self._index = hmac.new(key, b"index", hashlib.sha256).digest()
        self.fingerprint = hmac.new(key, b"fingerprint", hashlib.sha256).hexdigest()[:16]

    def seal(self, value: bytes, purpose: str) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, value, purpose.encode())

    def open(self, blob: bytes, purpose: str) -> bytes:
        return self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], purpose.encode())

    def seal_json(self, value: dict[str, Any]) -> bytes:
        return self.seal(json.dumps(value, ensure_ascii=False).encode(), "pii")

    def open_json(self, blob: bytes | None) -> dict[str, Any]:
        return json.loads(self.open(blob, "pii")) if blob else {}

    def phone_index(self, e164: str) -> str:
        return hmac.new(self._index, e164.encode(), hashlib.sha256).hexdigest()


def load_or_create_key(path: Path, create: bool) -> bytes:
    if path.exists():
        key = bytes.fromhex(path.read_text().strip())
        if len(key) != KEY_BYTES:
            raise KeyFileError(f"{path} does not hold a head-office key")
        return key
    if not create:
        raise KeyFileError(f"the key file {path} is missing; without it member data cannot be read")
    key = secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key.hex() + "\n")
    return key
