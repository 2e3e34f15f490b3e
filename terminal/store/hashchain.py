"""The audit log's hash chain: each row's hash covers its content and the previous hash."""

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()
