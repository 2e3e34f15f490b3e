"""A unit of work: one write transaction and the changes it publishes.

The change feed must never show a sequence number before every smaller one is visible.
Sequence numbers are therefore given out at the very end of the transaction, under a
row lock on the counter (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite already runs one
writer at a time): the next writer waits for the lock until this one commits, so commit
order equals sequence order and a reader never sees a gap that fills in later.
"""

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from headoffice import sealed_feed
from headoffice.config import Config
from headoffice.crypto import Vault
from headoffice.models import Change, LedgerEntry, Setting
from terminal.sync.protocol import utc_text


class Work:
    def __init__(
        self, session: Session, at: datetime, vault: Vault, config: Config | None = None
    ) -> None:
        self.session = session
        self.at = at  # naive UTC
        self.vault = vault
        self.config = config or Config()
        self._pending: dict[tuple[str, str], dict[str, Any]] = {}
        self.touched: set[str] = set()  # members whose balances or record changed
        self.new_phones: set[str] = set()  # phone indexes signed up or changed here
        self.published: list[int] = []
        self.entries: list[dict[str, Any]] = []  # ledger rows, inserted in one go at the end
        self.locked: dict[str, Any] = {}  # members read FOR UPDATE in this transaction
        self.absent: set[str] = set()  # member ids looked for and not found
        self.cards_read: set[str] = set()  # card numbers already read into the session
        self.cards: dict[str, Any] = {}  # those of them that exist, kept referenced
        self.holds_open: bool | None = None  # any unsettled reservation at all?
        self.rule_versions: dict[int, Any] = {}  # published rules read so far, by version
        self.counts: dict[tuple[str, str], int] = {}  # (terminal, kind): for the day's flags

    def publish(self, kind: str, key: str, data: dict[str, Any]) -> None:
        """Queue a change; a later change of the same kind and key replaces it (the feed
        carries states, and only the last state of a transaction matters)."""
        self._pending.pop((kind, key), None)
        self._pending[(kind, key)] = data

    def mark(self) -> tuple[Any, ...]:
        """What this unit has queued so far, to go back to when one event is undone."""
        return (
            dict(self._pending),
            set(self.touched),
            set(self.new_phones),
            len(self.entries),
            dict(self.locked),
            set(self.absent),
            set(self.cards_read),
            dict(self.cards),
            self.holds_open,
            dict(self.counts),
        )

    def restore(self, mark: tuple[Any, ...]) -> None:
        pending, touched, phones, entries, locked, absent, read, cards, holds, counts = mark
        self._pending, self.touched, self.new_phones = dict(pending), set(touched), set(phones)
        del self.entries[entries:]
        self.locked, self.absent, self.cards_read = dict(locked), set(absent), set(read)
        self.cards, self.holds_open, self.counts = dict(cards), holds, dict(counts)

    def touch(self, member_id: str) -> None:
        self.touched.add(member_id)

    def finish(self, settle: Callable[["Work"], None]) -> None:
        """Lock the feed counter, let `settle` publish what depends on everything this
        transaction did (merges, balances, hotlist), then number and write the changes."""
        if not (self._pending or self.touched or self.new_phones or self.entries):
            return
        start = self.session.execute(
            select(Setting.value).where(Setting.name == "change_seq").with_for_update()
        ).scalar_one()
        settle(self)
        if self.entries:
            self.session.execute(LedgerEntry.__table__.insert(), self.entries)
            self.entries = []
        at = self.at
        rows = []
        for i, ((kind, key), data) in enumerate(self._pending.items(), 1):
            clear, pii = sealed_feed.seal(self.vault, kind, data)
            row = {"seq": start + i, "kind": kind, "key": key, "data": _json(clear)}
            rows.append({**row, "pii": pii, "at": at})
        if rows:
            self.session.execute(Change.__table__.insert(), rows)
            self.session.execute(
                update(Setting).where(Setting.name == "change_seq").values(value=start + len(rows))
            )
            self.published = [r["seq"] for r in rows]
        self._pending.clear()

    def next_counter(self, name: str) -> int:
        value = self.session.execute(
            select(Setting.value).where(Setting.name == name).with_for_update()
        ).scalar_one()
        self.session.execute(update(Setting).where(Setting.name == name).values(value=value + 1))
        return value + 1

    @property
    def at_text(self) -> str:
        return utc_text(self.at)


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
