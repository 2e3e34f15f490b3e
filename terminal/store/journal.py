"""The audit log (hash-chained) and the outbox: written inside each business transaction."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal.store.hashchain import GENESIS, Mac, plain_row_hash, row_hash
from terminal.store.ids import new_id
from terminal.store.models import AuditRow, OutboxEvent


def _json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _hashed_fields(row: AuditRow) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "id": row.id,
        "at": row.at.isoformat(),
        "operator_id": row.operator_id,
        "approver_id": row.approver_id,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "details": row.details,
    }


def append_audit(
    session: Session,
    mac: Mac,
    *,
    at: datetime,
    action: str,
    entity: str,
    entity_id: str | None,
    details: dict[str, Any],
    operator_id: str | None,
    approver_id: str | None = None,
) -> AuditRow:
    last = session.execute(
        select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
    ).first()
    seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
    row = AuditRow(
        seq=seq,
        id=new_id(),
        at=at,
        operator_id=operator_id,
        approver_id=approver_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=_json(details),
        prev_hash=prev,
    )
    row.hash = row_hash(prev, _hashed_fields(row), mac)
    session.add(row)
    return row


@dataclass(frozen=True)
class ChainReport:
    rows: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str


def verify_audit(session: Session, mac: Mac) -> ChainReport:
    problems: list[str] = []
    prev, expected_seq, count = GENESIS, 1, 0
    for row in session.scalars(select(AuditRow).order_by(AuditRow.seq)).yield_per(5000):
        count += 1
        if row.seq != expected_seq:
            problems.append(f"audit rows {expected_seq}..{row.seq - 1} are missing")
        if row.prev_hash != prev:
            problems.append(f"audit row {row.seq} does not follow the row before it")
        if row_hash(row.prev_hash, _hashed_fields(row), mac) != row.hash:
            problems.append(f"audit row {row.seq} ({row.action}) has been altered")
        prev, expected_seq = row.hash, row.seq + 1
    return ChainReport(count, problems)


def audit_head(session: Session) -> ChainHead | None:
    row = session.execute(
        select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
    ).first()
    return ChainHead(row.seq, row.hash) if row else None


def audit_hash_at(session: Session, seq: int) -> str | None:
    return session.scalar(select(AuditRow.hash).where(AuditRow.seq == seq))


def chain_is_legacy(session: Session, mac: Mac) -> bool:
    """The first row's hash is the unkeyed one of a database written before the key."""
    first = session.scalar(select(AuditRow).order_by(AuditRow.seq).limit(1))
    return first is not None and plain_row_hash(first.prev_hash, _hashed_fields(first)) == (
        first.hash
    )


def key_legacy_chain(session: Session, mac: Mac) -> bool:
    """Re-hash, under the key, a chain written before it was keyed, once it verifies
    unkeyed from its first row to its last; True when it did. A chain that does not
    verify is left as it is, for `verify_audit` to report."""
    if not chain_is_legacy(session, mac):
        return False
    rows = session.scalars(select(AuditRow).order_by(AuditRow.seq)).all()
    prev = GENESIS
    for row in rows:
        if row.prev_hash != prev or plain_row_hash(prev, _hashed_fields(row)) != row.hash:
            return False
        prev = row.hash
    prev = GENESIS
    for row in rows:
        row.prev_hash = prev
        row.hash = row_hash(prev, _hashed_fields(row), mac)
        prev = row.hash
    return True


def append_outbox(
    session: Session,
    *,
    at: datetime,
    kind: str,
    aggregate_id: str | None,
    payload: dict[str, Any],
    sealed: bytes | None = None,
) -> OutboxEvent:
    event = OutboxEvent(
        id=new_id(),
        kind=kind,
        aggregate_id=aggregate_id,
        payload=_json(payload),
        sealed=sealed,
        created_at=at,
    )
    session.add(event)
    return event
