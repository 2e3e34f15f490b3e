"""The sync status the status bar and `posctl sync status` show: online or offline, the
queue and the age of its oldest event, the last successful push and pull, and the events
head office rejected. Reading it never touches the network."""

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select

from terminal.services.facade import Services
from terminal.store.models import OutboxEvent, SyncRejection, SyncState
from terminal.sync.connectivity import Connectivity


@dataclass(frozen=True)
class Rejection:
    event_id: str
    kind: str
    reason: str
    rejected_at: datetime


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    base_url: str | None
    terminal_id: str | None
    online: bool | None  # None: not tried since start
    queue_depth: int
    oldest_pending_at: datetime | None  # UTC
    oldest_pending_age_s: int | None
    last_push_at: datetime | None
    last_pull_at: datetime | None
    cursor: int
    rejected_count: int
    rejected: tuple[Rejection, ...]  # the latest few
    last_error: str | None
    last_error_at: datetime | None
    pull_stopped_seq: int | None = None  # the feed change the pull waits before
    pull_stopped_reason: str | None = None

    def to_json(self) -> dict:
        def plain(value):  # noqa: ANN001, ANN202
            if isinstance(value, datetime):
                return value.isoformat(timespec="seconds") + "Z"
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            return value

        return plain(asdict(self))


def read_status(
    svc: Services, connectivity: Connectivity | None = None, latest: int = 10
) -> SyncStatus:
    now = svc.ctx.now_utc()
    with svc.db.read() as s:
        state = s.get(SyncState, 1)
        depth, oldest = s.execute(
            select(func.count(), func.min(OutboxEvent.created_at)).where(
                OutboxEvent.status == "pending"
            )
        ).one()
        rejected_count = s.scalar(select(func.count()).select_from(SyncRejection)) or 0
        rejected = tuple(
            Rejection(r.event_id, r.kind, r.reason, r.rejected_at)
            for r in s.scalars(
                select(SyncRejection).order_by(SyncRejection.seq.desc()).limit(latest)
            )
        )
    reach = connectivity.state if connectivity else None
    return SyncStatus(
        enrolled=state is not None,
        base_url=state.base_url if state else None,
        terminal_id=state.terminal_id if state else None,
        online=reach.online if reach else None,
        queue_depth=depth,
        oldest_pending_at=oldest,
        oldest_pending_age_s=int((now - oldest).total_seconds()) if oldest else None,
        last_push_at=state.last_push_at if state else None,
        last_pull_at=state.last_pull_at if state else None,
        cursor=state.cursor if state else 0,
        rejected_count=rejected_count,
        rejected=rejected,
        last_error=(reach.last_error if reach and reach.last_error else None)
        or (state.last_error if state else None),
        last_error_at=state.last_error_at if state else None,
        pull_stopped_seq=state.pull_stopped_seq if state else None,
        pull_stopped_reason=state.pull_stopped_reason if state else None,
    )
