"""The two halves of sync: a terminal's pushed events, applied exactly once, and the
change feed it pulls."""

import json
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from headoffice import events, sealed_feed, stock, visibility
from headoffice.crypto import Vault
from headoffice.models import Card, Change, Member, ProcessedEvent, Setting
from headoffice.work import Work
from terminal.sync.protocol import (
    CHANGES_MAX_LIMIT,
    EventResult,
    PushEvent,
    utc_text,
)
from terminal.sync.protocol import (
    Change as WireChange,
)


def push(work: Work, terminal_id: str, batch: list[PushEvent]) -> list[EventResult]:
    """Apply each event once. The processed-event rows and the events' effects are
    written in the same transaction. The rows are claimed first with INSERT ... ON
    CONFLICT DO NOTHING: an id already committed, or committed meanwhile by a concurrent
    push (PostgreSQL makes the second insert wait for the first transaction), is not
    claimed and answers `duplicate`. A rejected event is recorded (so a retry answers the
    same) and never stops the events after it."""
    s = work.session
    ids = list(dict.fromkeys(e.id for e in batch))
    prior = {
        row.id: row
        for row in s.execute(
            select(ProcessedEvent.id, ProcessedEvent.status, ProcessedEvent.reason).where(
                ProcessedEvent.id.in_(ids)
            )
        )
    }
    fresh: dict[str, PushEvent] = {}
    for event in batch:
        if event.id not in prior and event.id not in fresh:
            fresh[event.id] = event
    claimed: set[str] = set()
    if fresh:
        rows = [
            {
                "id": e.id,
                "terminal_id": terminal_id,
                "kind": e.kind,
                "status": "applied",
                "reason": None,
                "payload": json.dumps(e.payload, ensure_ascii=False, separators=(",", ":")),
                "processed_at": work.at,
            }
            for e in fresh.values()
        ]
        table = ProcessedEvent.__table__
        insert = _insert(s)(table).on_conflict_do_nothing().returning(table.c.id)
        claimed = set(s.scalars(insert, rows))  # executemany: one cached statement
    _lock_members(work, [fresh[i] for i in claimed])
    results: list[EventResult | str] = []  # an id: the outcome of applying it, below
    todo: list[PushEvent] = []
    queued: set[str] = set()
    for event in batch:
        if event.id in claimed and event.id not in queued:
            queued.add(event.id)
            todo.append(event)
            results.append(event.id)
            continue
        again = prior.get(event.id)
        if again is None and event.id not in claimed:  # claimed by a concurrent push
            again = s.execute(
                select(ProcessedEvent.id, ProcessedEvent.status, ProcessedEvent.reason).where(
                    ProcessedEvent.id == event.id
                )
            ).first()
        results.append(_repeat(again, event.id))
    reasons: dict[str, str | None] = {}
    for start in range(0, len(todo), _GROUP):
        reasons.update(_apply_group(work, todo[start : start + _GROUP], terminal_id))
    rejected = [{"event_id": i, "reason": r} for i, r in reasons.items() if r is not None]
    if rejected:
        s.execute(
            update(ProcessedEvent.__table__)
            .where(ProcessedEvent.__table__.c.id == bindparam("event_id"))
            .values(status="rejected", reason=bindparam("reason")),
            rejected,
        )
    return [
        r
        if isinstance(r, EventResult)
        else EventResult(id=r, status="rejected", reason=reasons[r])
        if reasons[r] is not None
        else EventResult(id=r, status="applied")
        for r in results
    ]


_GROUP = 50  # events applied under one savepoint while none of them is refused


def _apply_group(work: Work, group: list[PushEvent], terminal_id: str) -> dict[str, str | None]:
    """Apply the events; each id's reason for refusal, or None. A savepoint per event
    costs more than the event itself, so a group goes under one; only when one of them is
    refused is the group undone and applied again one event at a time, so a bad event
    is undone alone and never the batch."""
    s = work.session
    mark = work.mark()
    savepoint = s.begin_nested()
    try:
        for event in group:
            events.apply(work, event, terminal_id)
        savepoint.commit()
        return dict.fromkeys(e.id for e in group)
    except (events.Rejected, SQLAlchemyError) as exc:
        savepoint.rollback()
        work.restore(mark)
        if len(group) == 1:
            return {group[0].id: _reason(exc)}
    reasons: dict[str, str | None] = {}
    for event in group:
        reasons.update(_apply_one(work, event, terminal_id))
    return reasons


def _apply_one(work: Work, event: PushEvent, terminal_id: str) -> dict[str, str | None]:
    s = work.session
    mark = work.mark()
    savepoint = s.begin_nested()
    try:
        events.apply(work, event, terminal_id)
        savepoint.commit()
    except (events.Rejected, SQLAlchemyError) as exc:
        savepoint.rollback()
        work.restore(mark)
        return {event.id: _reason(exc)}
    return {event.id: None}


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, events.Rejected) else _db_reason(exc)


def _db_reason(exc: SQLAlchemyError) -> str:
    if isinstance(exc, IntegrityError):
        return "it conflicts with what head office holds (e.g. a card number already in use)"
    return "head office's database refused it (a value out of range?)"


def _lock_members(work: Work, batch: list[PushEvent]) -> None:
    """Read and lock every member the batch names in one statement, in id order (fewer
    round trips; one lock order for every writer, so fewer deadlocks)."""
    ids = {
        e.payload[key]
        for e in batch
        for key in ("member_id", "referrer_rewarded")
        if isinstance(e.payload.get(key), str)
    }
    cards = [e.payload["card_no"] for e in batch if isinstance(e.payload.get("card_no"), str)]
    if cards:  # sign-ups check their card numbers: one read for the batch
        for card in work.session.scalars(select(Card).where(Card.card_no.in_(cards))):
            work.cards[card.card_no] = card  # kept referenced: the session holds them weakly
        work.cards_read.update(cards)
    ids -= work.locked.keys()
    if ids:
        query = select(Member).where(Member.id.in_(sorted(ids))).order_by(Member.id)
        for member in work.session.scalars(query.with_for_update()):
            work.locked[member.id] = member
        work.absent |= ids - work.locked.keys()
    # Items after members, as a reservation locks them.
    skus = {
        e.payload["sku"].upper()
        for e in batch
        if e.kind == "points.redeemed" and isinstance(e.payload.get("sku"), str)
    }
    stock.lock_items(work, {s for s in skus if len(s) <= 40})


def last_seq(session: Session) -> int:
    """The change feed's last sequence number."""
    return int(
        session.execute(select(Setting.value).where(Setting.name == "change_seq")).scalar_one()
    )


def _insert(session: Session):  # noqa: ANN202
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _repeat(prior: Any, event_id: str) -> EventResult:
    if prior is None or prior.status == "applied":
        return EventResult(id=event_id, status="duplicate")
    return EventResult(id=event_id, status="rejected", reason=prior.reason)


def changes(
    session: Session, vault: Vault, after: int, limit: int, terminal_id: str | None = None
) -> tuple[list[WireChange], bool]:
    """A page of the feed after `after`; for a terminal, member records carry personal
    data only where `visibility` lets it read them (head-office staff see everything).
    The personal data is unsealed only for those."""
    limit = max(1, min(limit, CHANGES_MAX_LIMIT))
    rows = session.scalars(
        select(Change).where(Change.seq > after).order_by(Change.seq).limit(limit + 1)
    ).all()
    page_rows = rows[:limit]
    data = [json.loads(r.data) for r in page_rows]
    members = [i for i, r in enumerate(page_rows) if r.kind == "member"]
    allowed = None
    if terminal_id is not None:
        allowed = visibility.may_read(session, terminal_id, [data[i] for i in members])
    for i in members:
        if allowed is None or data[i]["member_id"] in allowed:
            data[i] = sealed_feed.unseal(vault, data[i], page_rows[i].pii)
        else:  # rows written in clear before the feed was sealed carry them too
            data[i] = visibility.without_personal_data(data[i])
    page = [
        WireChange(seq=r.seq, kind=r.kind, at=utc_text(r.at), data=d)
        for r, d in zip(page_rows, data, strict=True)
    ]
    return page, len(rows) > limit
