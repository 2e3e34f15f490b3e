"""Anomaly flags for head-office staff. A stolen terminal secret is used fast and in
bulk; what a till does in a day is counted per terminal (head office's clock, the store's
day) and a flag is raised when a total passes its threshold (`[trust]` in the settings):
members' details changed, stored value topped up, members looked up. One flag per
terminal, kind and day; its figure follows the day; staff list and acknowledge them
with `hoctl flags list | ack ID`.

A redemption booked past zero stock (made offline, so it stands) raises a flag about
that item (`subject`, the SKU) for the terminal and day; its figure is how far below
zero the stock went, and a deeper fall opens it again if staff had acknowledged it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from headoffice.errors import NotFound
from headoffice.models import Flag, Store, TerminalDay
from headoffice.trust import store_of
from headoffice.work import Work
from terminal.domain.money import format_fen

MEMBER_CHANGES, TOPUPS, LOOKUPS = "member_changes", "topups_fen", "lookups"
OVERSOLD = "stock_oversold"


def _threshold(work: Work, kind: str) -> int:
    trust = work.config.trust
    return {
        MEMBER_CHANGES: trust.flag_member_changes_per_day,
        TOPUPS: trust.flag_topups_fen_per_day,
        LOOKUPS: trust.flag_lookups_per_day,
    }[kind]


def _day(work: Work, terminal_id: str) -> date:
    store = work.session.get(Store, store_of(terminal_id))
    try:
        zone = ZoneInfo(store.timezone) if store else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    at = work.at.replace(tzinfo=ZoneInfo("UTC"))
    return (at.astimezone(zone) if zone else at).date()


def count(work: Work, terminal_id: str, kind: str, amount: int = 1) -> None:
    """Add to what the terminal did today; written, and flags raised, by `settle`."""
    key = (terminal_id, kind)
    work.counts[key] = work.counts.get(key, 0) + amount


def settle(work: Work) -> None:
    """At the end of a unit of work: add its counts to the days' totals (one statement
    per terminal and kind) and raise, or follow, the flag of a total past its line."""
    for (terminal_id, kind), amount in sorted(work.counts.items()):
        _add(work, terminal_id, kind, amount)
    work.counts.clear()


def _add(work: Work, terminal_id: str, kind: str, amount: int) -> None:
    day = _day(work, terminal_id)
    table = TerminalDay.__table__
    dialect = work.session.get_bind().dialect.name
    insert = (pg_insert if dialect == "postgresql" else sqlite_insert)(table).values(
        terminal_id=terminal_id, day=day, kind=kind, total=amount
    )
    total = work.session.execute(
        insert.on_conflict_do_update(
            index_elements=["terminal_id", "day", "kind"],
            set_={"total": table.c.total + amount},
        ).returning(table.c.total)
    ).scalar_one()
    threshold = _threshold(work, kind)
    if total <= threshold:
        return
    flag = work.session.scalars(
        select(Flag)
        .where(Flag.terminal_id == terminal_id, Flag.kind == kind, Flag.day == day)
        .with_for_update()
    ).first()
    if flag is None:
        work.session.add(
            Flag(
                terminal_id=terminal_id,
                kind=kind,
                day=day,
                figure=total,
                threshold=threshold,
                raised_at=work.at,
            )
        )
    else:
        flag.figure = total


def oversold(work: Work, terminal_id: str, sku: str, below: int) -> None:
    """The terminal's redemption took the stock of `sku` to `-below`."""
    day = _day(work, terminal_id)
    flag = work.session.scalars(
        select(Flag)
        .where(
            Flag.terminal_id == terminal_id,
            Flag.kind == OVERSOLD,
            Flag.day == day,
            Flag.subject == sku,
        )
        .with_for_update()
    ).first()
    if flag is None:
        work.session.add(
            Flag(
                terminal_id=terminal_id,
                kind=OVERSOLD,
                day=day,
                subject=sku,
                figure=below,
                threshold=0,
                raised_at=work.at,
            )
        )
    elif below > flag.figure:
        flag.figure, flag.acked_at = below, None


def describe(flag: Flag) -> str:
    """What the flag says to staff."""
    if flag.kind == OVERSOLD:
        return (
            f"terminal {flag.terminal_id} redeemed {flag.subject} past head office's stock "
            f"on {flag.day.isoformat()}: the stock went down to -{flag.figure}"
        )
    if flag.kind == TOPUPS:
        done = f"topped up {format_fen(flag.figure)}"
        line = format_fen(flag.threshold)
    elif flag.kind == MEMBER_CHANGES:
        done, line = f"changed the details of {flag.figure} members", str(flag.threshold)
    else:
        done, line = f"looked up {flag.figure} members", str(flag.threshold)
    return f"terminal {flag.terminal_id} {done} on {flag.day.isoformat()} (flagged past {line})"


def _when(at: datetime | None) -> str | None:
    return at.isoformat() + "Z" if at else None


def listing(session: Session, every: bool = False) -> list[dict]:
    """Open flags, newest first (with `every`, acknowledged ones too)."""
    query = select(Flag).order_by(Flag.raised_at.desc(), Flag.id.desc())
    if not every:
        query = query.where(Flag.acked_at.is_(None))
    return [
        {
            "id": f.id,
            "terminal_id": f.terminal_id,
            "kind": f.kind,
            "subject": f.subject or None,
            "day": f.day.isoformat(),
            "figure": f.figure,
            "threshold": f.threshold,
            "raised_at": _when(f.raised_at),
            "acked_at": _when(f.acked_at),
            "message": describe(f),
        }
        for f in session.scalars(query)
    ]


def ack(work: Work, flag_id: int) -> Flag:
    """Staff looked into the flag; it leaves the open list."""
    flag = work.session.get(Flag, flag_id, with_for_update=True)
    if flag is None:
        raise NotFound(f"there is no flag {flag_id}")
    if flag.acked_at is None:
        flag.acked_at = work.at
    return flag
