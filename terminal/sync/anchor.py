"""This terminal's audit chain anchored at head office: after each push the head of the
chain goes to head office with what the chain holds at the row anchored last; and
`posctl audit verify` checks the chain against the anchor, which catches rows cut off
the end or a chain rewritten by whoever holds the key file."""

from dataclasses import dataclass, field

from terminal.services.facade import Services
from terminal.store import journal
from terminal.store.models import SyncState
from terminal.sync import protocol as p
from terminal.sync.client import HeadOfficeClient


def _request(svc: Services) -> p.AuditAnchorRequest | None:
    """What to anchor, or None when head office already holds the chain's head."""
    with svc.db.read() as s:
        state = s.get(SyncState, 1)
        head = journal.audit_head(s)
        if state is None or head is None or head.seq == state.audit_anchor_seq:
            return None
        since = state.audit_anchor_seq
        since_hash = journal.audit_hash_at(s, since) if since else None
    return p.AuditAnchorRequest(
        seq=head.seq, hash=head.hash, since_seq=since, since_hash=since_hash
    )


def send_anchor(svc: Services, client: HeadOfficeClient) -> p.AuditAnchor | None:
    request = _request(svc)
    if request is None:
        return None
    answer = client.anchor_audit(request).anchor
    if answer is not None:
        with svc.db.write() as s:
            state = s.get(SyncState, 1)
            state.audit_anchor_seq, state.audit_alarm = answer.seq, answer.alarm
    return answer


@dataclass
class AnchorCheck:
    anchored_seq: int | None = None
    problems: list[str] = field(default_factory=list)


def check_against_anchor(svc: Services, client: HeadOfficeClient) -> AnchorCheck:
    """Compare the local chain with head office's anchor (raises HeadOfficeError when head
    office cannot be reached)."""
    anchor = client.audit_anchor().anchor
    if anchor is None:
        return AnchorCheck()
    check = AnchorCheck(anchored_seq=anchor.seq)
    with svc.db.read() as s:
        local = journal.audit_hash_at(s, anchor.seq)
        head = journal.audit_head(s)
    if local is None:
        check.problems.append(
            f"head office anchored audit row {anchor.seq}, but the log here ends at row "
            f"{head.seq if head else 0}: rows were cut off"
        )
    elif local != anchor.hash:
        check.problems.append(
            f"audit row {anchor.seq} is not the one head office anchored: the log was rewritten"
        )
    if anchor.alarm:
        check.problems.append(f"head office raised an alarm: {anchor.alarm}")
    return check
