"""The audit log's hash chain: each row's hash is an HMAC, under a key derived from the
key file outside the database, of its content and the previous row's hash. Without the
key, a row cannot be edited and the rest recomputed; cutting rows off the end is caught
against the latest hash head office holds (the anchor)."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

GENESIS = "0" * 64

Mac = Callable[[bytes], str]  # the keyed hash (FieldCipher.audit_mac)


def _canonical(prev_hash: str, fields: dict[str, Any]) -> bytes:
    body = json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return (prev_hash + body).encode("utf-8")


def row_hash(prev_hash: str, fields: dict[str, Any], mac: Mac) -> str:
    return mac(_canonical(prev_hash, fields))


def plain_row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """The unkeyed hash of databases written before the chain was keyed."""
    return hashlib.sha256(_canonical(prev_hash, fields)).hexdigest()
