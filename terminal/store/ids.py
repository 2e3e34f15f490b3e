"""Record ids: UUIDv7, time-ordered, made on the terminal (so sign-up works offline)."""

import uuid6


def new_id() -> str:
    return str(uuid6.uuid7())
