"""Read-only figures for the counter's status bar, and the idle WAL checkpoint."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from terminal.services.context import Context

# Both use the partial index on pending events: cheap however long the history is.
_PENDING = text("SELECT count(*) FROM outbox WHERE status = 'pending'")
_OLDEST = text("SELECT created_at FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT 1")


@dataclass(frozen=True)
class OutboxSummary:
    pending: int
    oldest_at: datetime | None  # naive UTC
    age_seconds: int  # of the oldest pending event; 0 when none


class UpkeepService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def outbox_summary(self) -> OutboxSummary:
        """How many events wait for head office, and how long the oldest has waited."""
        with self.ctx.reading() as s:
            pending = s.scalar(_PENDING) or 0
            oldest = s.scalar(_OLDEST) if pending else None
        if oldest is None:
            return OutboxSummary(0, None, 0)
        oldest = oldest if isinstance(oldest, datetime) else _parse(oldest)
        age = int((self.ctx.now_utc() - oldest).total_seconds())
        return OutboxSummary(pending, oldest, max(0, age))

    def checkpoint(self) -> bool:
        """A passive WAL checkpoint at idle; False when another writer kept it from running."""
        try:
            self.ctx.db.checkpoint()
        except OperationalError:
            return False
        return True


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(str(value))
