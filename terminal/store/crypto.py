"""Encryption of sensitive member fields at rest, and the blind index for phone lookup.

One 32-byte master key lives in a key file outside the database (by default beside it,
`<db>.key`, mode 0600; `POS_KEY_FILE` puts it elsewhere, e.g. on a separate volume).
HKDF derives two independent keys from it: AES-256-GCM for the fields, HMAC-SHA256 for
the blind index. The field name is bound in as associated data, so a ciphertext copied
into another column does not decrypt.
"""

import hashlib
import hmac
import os
import time
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from terminal.domain.errors import PosError

KEY_BYTES = 32
NONCE_BYTES = 12


class KeyFileError(PosError):
    """The key file is missing, unreadable or does not fit this database."""


def key_path_for(db_path: Path) -> Path:
    env = os.environ.get("POS_KEY_FILE")
    return Path(env) if env else Path(str(db_path) + ".key")


def load_or_create_key(path: Path, create: bool) -> bytes:
    if path.exists():
        key = path.read_bytes()
        if len(key) != KEY_BYTES:
            raise KeyFileError(f"key file {path} is damaged (expected {KEY_BYTES} bytes)")
        return key
    if not create:
        raise KeyFileError(f"key file {path} is missing; the member data cannot be read without it")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process opening the same new database won the race
        for _ in range(50):
            if path.stat().st_size >= KEY_BYTES:
                break
            time.sleep(0.02)
        return load_or_create_key(path, create=False)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
        f.flush()
        os.fsync(f.fileno())
    return key


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


class FieldCipher:
    def __init__(self, master_key: bytes) -> None:
        self._aead = AESGCM(_derive(master_key, b"member-fields/aes-gcm"))
        self._index_key = _derive(master_key, b"member-fields/blind-index")
        self._audit_key = _derive(master_key, b"audit-log/hmac")
        self.fingerprint = hashlib.sha256(self._index_key).hexdigest()[:16]

    def encrypt(self, value: str, field: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, value.encode("utf-8"), field.encode())

    def audit_mac(self, data: bytes) -> str:
        """The audit chain's keyed hash (hex): only a holder of the key file can make it."""
        return hmac.new(self._audit_key, data, hashlib.sha256).hexdigest()

    def decrypt(self, blob: bytes, field: str) -> str:
        try:
            plain = self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], field.encode())
        except Exception:
            raise KeyFileError("a member field could not be decrypted with this key") from None
        return plain.decode("utf-8")

    def blind_index(self, value: str, field: str) -> bytes:
        msg = field.encode() + b"\x00" + value.encode("utf-8")
        return hmac.new(self._index_key, msg, hashlib.sha256).digest()[:16]
