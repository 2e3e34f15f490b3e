"""Where a customer signs up on their own phone: head office's sign-up page.

The address of head office comes from `$POS_HEADOFFICE_URL`, `headoffice_url` in the
terminal's config file (`terminal.toml`, see terminal.ui.config), or the address the
terminal enrolled with (`posctl sync enrol`). Without one the sign-up dialog says plainly
that no head office is configured instead of showing a QR code.
"""

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from terminal.sync.status import read_status
from terminal.ui.config import load_config

SIGNUP_PATH = "/signup/"


def head_office_url(env: Mapping[str, str] | None = None) -> str | None:
    """The configured head-office address (http:// or https://), or None."""
    env = os.environ if env is None else env
    url = env.get("POS_HEADOFFICE_URL")
    if not url:
        try:
            path = load_config(env).config_dir / "terminal.toml"
        except Exception:  # noqa: BLE001 - a broken config shows as "not configured" here
            return None
        url = _from_file(path)
    url = (url or "").strip().rstrip("/")
    return url if url.startswith(("http://", "https://")) else None


def enrolled_url(services: Any) -> str | None:
    """The head-office address this terminal enrolled with, if it is enrolled."""
    try:
        return read_status(services).base_url
    except Exception:  # noqa: BLE001 - no sync tables or state: not enrolled
        return None


def signup_link(base_url: str, store_no: int, terminal_no: int) -> str:
    """The page a customer's phone opens; head office ties the sign-up to this terminal."""
    query = urlencode({"store": store_no, "terminal": f"{store_no:04d}{terminal_no:02d}"})
    return f"{base_url}{SIGNUP_PATH}?{query}"


def _from_file(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            value = tomllib.load(f).get("headoffice_url")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return value if isinstance(value, str) else None
