"""Time is injected: head office asks a Clock, so tests can move time by hand."""

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def naive_utc(at: datetime) -> datetime:
    """Naive UTC, as stored in the database (SQLite has no time zones)."""
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
