"""Anchors of the terminals' audit chains. A terminal's chain is keyed, so only the key
file's holder can rewrite it; what head office holds catches even that holder: the
anchor moves on only when the chain still holds the anchored row unchanged. A chain that
went back (rows cut off the end, a restored copy) or was rewritten raises an alarm that
stays, and keeps the anchor where it was, until head-office staff accept the chain."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from headoffice.errors import NotFound
from headoffice.models import AuditAnchor
from headoffice.work import Work
from terminal.sync import protocol as p


def _wire(row: AuditAnchor | None) -> p.AuditAnchorResponse:
    if row is None:
        return p.AuditAnchorResponse()
    return p.AuditAnchorResponse(
        anchor=p.AuditAnchor(
            seq=row.seq,
            hash=row.hash,
            anchored_at=p.utc_text(row.anchored_at),
            alarm=row.alarm,
        )
    )


def _alarm(row: AuditAnchor, req: p.AuditAnchorRequest) -> str | None:
    if req.seq < row.seq:
        return f"the audit log went back from row {row.seq} to row {req.seq}"
    if req.since_seq != row.seq:
        return f"the audit log was anchored from row {req.since_seq}; head office holds {row.seq}"
    if req.since_hash != row.hash:
        return f"audit row {row.seq} changed after head office anchored it"
    return None


def anchor(work: Work, terminal_id: str, req: p.AuditAnchorRequest) -> p.AuditAnchorResponse:
    row = work.session.get(AuditAnchor, terminal_id, with_for_update=True)
    if row is None:
        row = AuditAnchor(terminal_id=terminal_id, seq=req.seq, hash=req.hash, anchored_at=work.at)
        work.session.add(row)
        return _wire(row)
    if row.alarm is None:
        alarm = _alarm(row, req)
        if alarm is None:
            row.seq, row.hash, row.anchored_at = req.seq, req.hash, work.at
        else:
            row.alarm, row.alarm_at = alarm, work.at
    return _wire(row)


def current(work: Work, terminal_id: str) -> p.AuditAnchorResponse:
    return _wire(work.session.get(AuditAnchor, terminal_id))


def accept(work: Work, terminal_id: str) -> None:
    """Staff looked into the alarm: the terminal's next anchor starts afresh."""
    row = work.session.get(AuditAnchor, terminal_id)
    if row is None:
        raise NotFound(f"terminal {terminal_id} has no audit anchor")
    work.session.delete(row)


def listing(session: Session) -> list[dict]:
    def when(at: datetime | None) -> str | None:
        return at.isoformat() + "Z" if at else None

    return [
        {
            "terminal_id": r.terminal_id,
            "seq": r.seq,
            "anchored_at": when(r.anchored_at),
            "alarm": r.alarm,
            "alarm_at": when(r.alarm_at),
        }
        for r in session.scalars(select(AuditAnchor).order_by(AuditAnchor.terminal_id))
    ]
