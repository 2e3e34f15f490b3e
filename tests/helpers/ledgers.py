"""Comparing head office's ledgers with the terminals' own: every event booked exactly
once means, per terminal and account, head office's entries from that terminal sum to the
terminal's own entries (leaving out `sync` entries, which only mirror head office)."""

from collections import Counter

from sqlalchemy import func, select

from headoffice.models import LedgerEntry as HoEntry
from headoffice.models import ProcessedEvent
from terminal.store.models import LedgerEntry, OutboxEvent

_ACCOUNT = {"points": "points", "principal": "wallet_principal", "bonus": "wallet_bonus"}


def terminal_sums(terminal) -> Counter:
    """{(terminal_id, account): total} of a terminal's own entries."""
    with terminal.svc.db.read() as s:
        rows = s.execute(
            select(LedgerEntry.terminal, LedgerEntry.bucket, func.sum(LedgerEntry.amount))
            .where(LedgerEntry.kind.not_in(("sync", "transfer")))
            .group_by(LedgerEntry.terminal, LedgerEntry.bucket)
        ).all()
    return Counter({(t, _ACCOUNT[b]): total for t, b, total in rows if total})


def head_office_sums(ho) -> Counter:
    def read(s):
        return s.execute(
            select(HoEntry.terminal_id, HoEntry.account, func.sum(HoEntry.amount))
            .where(HoEntry.kind != "transfer")
            .group_by(HoEntry.terminal_id, HoEntry.account)
        ).all()

    return Counter({(t, a): int(total) for t, a, total in ho.read(read) if total})


def processed(ho) -> dict[str, str]:
    return dict(
        ho.read(lambda s: s.execute(select(ProcessedEvent.id, ProcessedEvent.status)).all())
    )


def outbox_ids(terminal) -> dict[str, str]:
    with terminal.svc.db.read() as s:
        return dict(s.execute(select(OutboxEvent.id, OutboxEvent.status)).all())
