"""Personal data in the change feed, sealed at rest. A member change keeps its record in
`changes.data` with the phone, name and birthday left out, and those in `changes.pii`,
sealed with head office's field key as `members.pii` is; they are opened only to serve a
reader allowed to see them (visibility.py). Rows written before the feed was sealed are
sealed once, when head office first opens its database after the upgrade."""

import json
from typing import Any

from sqlalchemy import Engine, select, update

from headoffice.crypto import Vault
from headoffice.models import Change, Setting

PERSONAL_FIELDS = ("phone", "name", "birthday")  # what a member record carries of them
PURPOSE = "feed"
DONE = "feed_sealed"  # the setting that says old rows are sealed
_BATCH = 5_000


def seal(vault: Vault, kind: str, data: dict[str, Any]) -> tuple[dict[str, Any], bytes | None]:
    """(the data to store in clear, the sealed personal data or None)."""
    if kind != "member":
        return data, None
    personal = {k: data[k] for k in PERSONAL_FIELDS if data.get(k) is not None}
    if not personal:
        return data, None
    clear = {**data, **dict.fromkeys(PERSONAL_FIELDS)}
    return clear, vault.seal(json.dumps(personal, ensure_ascii=False).encode(), PURPOSE)


def unseal(vault: Vault, data: dict[str, Any], sealed: bytes | None) -> dict[str, Any]:
    """The record with its personal data back in."""
    if not sealed:
        return data
    return {**data, **json.loads(vault.open(sealed, PURPOSE))}


def seal_stored(engine: Engine, vault: Vault) -> int:
    """Seal the personal data of member changes written in clear; how many rows. Done
    once (a setting remembers it), in batches, each its own transaction."""
    with engine.begin() as conn:
        if conn.execute(select(Setting.name).where(Setting.name == DONE)).first():
            return 0
    table, sealed, after = Change.__table__, 0, 0
    while True:
        with engine.begin() as conn:
            rows = conn.execute(
                select(table.c.seq, table.c.data)
                .where(table.c.kind == "member", table.c.pii.is_(None), table.c.seq > after)
                .order_by(table.c.seq)
                .limit(_BATCH)
            ).all()
            for seq, text in rows:
                clear, blob = seal(vault, "member", json.loads(text))
                if blob is not None:
                    conn.execute(
                        update(table)
                        .where(table.c.seq == seq)
                        .values(data=json.dumps(clear, ensure_ascii=False), pii=blob)
                    )
                    sealed += 1
        if len(rows) < _BATCH:
            break
        after = rows[-1].seq
    with engine.begin() as conn:
        if not conn.execute(select(Setting.name).where(Setting.name == DONE)).first():
            conn.execute(Setting.__table__.insert().values(name=DONE, value=sealed, text=None))
    return sealed
