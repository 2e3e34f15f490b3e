"""Terminals' member look-ups: each one recorded (whom it found decides what the feed
shows that terminal, see visibility.py), and at most so many a minute per terminal, so a
stolen secret cannot walk the chain's phone numbers."""

from datetime import timedelta

from sqlalchemy import func, select

from headoffice import flags
from headoffice.errors import RateLimited
from headoffice.models import Lookup
from headoffice.work import Work

WINDOW = timedelta(minutes=1)


def check_rate(work: Work, terminal_id: str, per_minute: int) -> None:
    """Refuse a look-up past `per_minute` in the last minute, saying when to try again."""
    since = work.at - WINDOW
    recent = (
        select(Lookup.at).where(Lookup.terminal_id == terminal_id, Lookup.at > since).subquery()
    )
    count, oldest = work.session.execute(
        select(func.count(), func.min(recent.c.at)).select_from(recent)
    ).one()
    if count >= per_minute:
        wait = max(1, int((oldest + WINDOW - work.at).total_seconds() + 0.999))
        raise RateLimited(
            f"this terminal may look up {per_minute} members a minute; try again in {wait} s",
            retry_after=wait,
        )


def record(work: Work, terminal_id: str, by: str, member_id: str | None) -> None:
    work.session.add(Lookup(terminal_id=terminal_id, by=by, member_id=member_id, at=work.at))
    flags.count(work, terminal_id, flags.LOOKUPS)
