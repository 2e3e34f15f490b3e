"""The terminal's sync credentials: kept in a file of their own beside the database's key
file (mode 0600), never in the database, so a copied database or backup cannot sign
requests as this terminal."""

import json
import os
from dataclasses import dataclass
from pathlib import Path

from terminal.domain.errors import PosError
from terminal.store.crypto import key_path_for


class CredentialsError(PosError):
    """The credentials file is missing or unreadable."""


@dataclass(frozen=True)
class Credentials:
    base_url: str
    terminal_id: str
    secret: bytes

    def __repr__(self) -> str:  # never print the secret
        return f"Credentials({self.base_url!r}, {self.terminal_id!r}, secret=…)"


def credentials_path(db_path: Path, key_path: Path | None = None) -> Path:
    key = key_path or key_path_for(Path(db_path))
    return key.with_name(key.name + ".sync")


def save(path: Path, creds: Credentials) -> None:
    """Write atomically with permissions 0600 (a half-written file must not replace a good one)."""
    body = json.dumps(
        {"base_url": creds.base_url, "terminal_id": creds.terminal_id, "secret": creds.secret.hex()}
    ).encode()
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, body)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load(path: Path) -> Credentials:
    try:
        data = json.loads(path.read_text())
        return Credentials(data["base_url"], data["terminal_id"], bytes.fromhex(data["secret"]))
    except FileNotFoundError:
        raise CredentialsError(
            f"this terminal is not enrolled with head office (no {path.name}): "
            "run 'posctl sync enrol URL CODE'"
        ) from None
    except (OSError, ValueError, KeyError, TypeError):
        raise CredentialsError(f"the sync credentials file {path} is unreadable") from None
