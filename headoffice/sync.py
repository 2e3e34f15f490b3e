"""The two halves of sync: a terminal's pushed events, applied exactly once, and the
change feed it pulls."""

import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from headoffice import events
from headoffice.models import Change, ProcessedEvent
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
    """Apply each event once. The processed-event row and the event's effects are written
    in the same transaction; a concurrent push of the same id waits on that row's key
    and then answers `duplicate`. A rejected event is recorded (so a retry answers the
    same) and never stops the events after it."""
    s = work.session
    results = []
    for event in batch:
        prior = s.get(ProcessedEvent, event.id)
        if prior is not None:
            results.append(_repeat(prior, event.id))
            continue
        row = ProcessedEvent(
            id=event.id,
            terminal_id=terminal_id,
            kind=event.kind,
            status="applied",
            payload=json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")),
            processed_at=work.at,
        )
        try:
            with s.begin_nested():
                s.add(row)
                s.flush()
        except IntegrityError:  # the same id committed meanwhile by a concurrent push
            again = s.get(ProcessedEvent, event.id, populate_existing=True)
            results.append(_repeat(again, event.id))
            continue
        try:
            with s.begin_nested():
                events.apply(work, event, terminal_id)
                s.flush()
        except events.Rejected as exc:
            row.status, row.reason = "rejected", str(exc)
            results.append(EventResult(id=event.id, status="rejected", reason=str(exc)))
            continue
        results.append(EventResult(id=event.id, status="applied"))
    return results


def _repeat(prior: ProcessedEvent | None, event_id: str) -> EventResult:
    if prior is None or prior.status == "applied":
        return EventResult(id=event_id, status="duplicate")
    return EventResult(id=event_id, status="rejected", reason=prior.reason)


def changes(session: Session, after: int, limit: int) -> tuple[list[WireChange], bool]:
    limit = max(1, min(limit, CHANGES_MAX_LIMIT))
    rows = session.scalars(
        select(Change).where(Change.seq > after).order_by(Change.seq).limit(limit + 1)
    ).all()
    page = [
        WireChange(seq=r.seq, kind=r.kind, at=utc_text(r.at), data=json.loads(r.data))
        for r in rows[:limit]
    ]
    return page, len(rows) > limit
