"""One push of the outbox and one pull of the change feed, each in short local
transactions: the counter never waits on the network for a database lock.

Push: pending outbox events in order, in batches, with their own ids, so a batch sent
again after a lost answer is recognised by head office as duplicates. A rejected event is
marked and kept for the manager; the queue moves on.
Pull: pages of head office's change log after the stored cursor; a page and the new
cursor are applied together, and the page that reaches the end of the feed also settles
the confirmed balances (never an older confirmation). A change that cannot be applied
stops the pull before it, recorded for the status bar, until it can be.
Catch-up: a new terminal (cursor 0) first loads head office's member snapshot, page by
page, each page with its place in one transaction (a catch-up stopped half-way goes on
from there), the next page fetched while one is written; then the feed from the
snapshot's sequence.
"""

import json
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import text

from terminal.domain.errors import PosError
from terminal.services.facade import Services
from terminal.store.models import SyncState
from terminal.sync import protocol as p
from terminal.sync import stock
from terminal.sync.anchor import send_anchor
from terminal.sync.apply import PullStopped, apply_changes, settle_confirmed
from terminal.sync.client import HeadOfficeClient, HeadOfficeError
from terminal.sync.connectivity import Connectivity

PUSH_BATCH = 200

_PENDING = text(
    "SELECT seq, id, kind, aggregate_id, payload, sealed, created_at FROM outbox "
    "WHERE status = 'pending' ORDER BY seq LIMIT :n"
)
_MARK_SENT = text("UPDATE outbox SET status = 'sent', sent_at = :at WHERE id = :id")
_MARK_REJECTED = text("UPDATE outbox SET status = 'rejected', sent_at = :at WHERE id = :id")
_KEEP_REJECTION = text(
    "INSERT OR REPLACE INTO sync_rejections (event_id, seq, kind, reason, rejected_at) "
    "VALUES (:id, :seq, :kind, :reason, :at)"
)
_PUSHED_AT = text("UPDATE sync_state SET last_push_at = :at WHERE id = 1")


def _as_datetime(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


PULL_PAGE = 1000


class NotEnrolled(PosError):
    """The terminal has no head office to sync with."""


@dataclass
class PushReport:
    sent: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    batches: int = 0

    def add(self, other: "PushReport") -> None:
        for name in ("sent", "applied", "duplicate", "rejected", "batches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PullReport:
    pages: int = 0
    changes: Counter = field(default_factory=Counter)
    cursor: int = 0
    settled: int = 0


class SyncEngine:
    def __init__(
        self,
        svc: Services,
        client: HeadOfficeClient,
        connectivity: Connectivity | None = None,
        batch: int = PUSH_BATCH,
        page: int = PULL_PAGE,
        snapshot_page: int = p.SNAPSHOT_MAX_LIMIT,
    ) -> None:
        self.svc = svc
        self.client = client
        self.connectivity = connectivity or Connectivity()
        self.batch = batch
        self.page = page
        self.snapshot_page = snapshot_page

    # --- push --------------------------------------------------------------------------

    def _pending(self) -> list[p.PushEvent]:
        cipher = self.svc.db.cipher
        with self.svc.db.read() as s:
            rows = s.execute(_PENDING, {"n": self.batch}).all()
        # Built without validation: these are this terminal's own rows.
        return [
            p.PushEvent.model_construct(
                id=row.id,
                seq=row.seq,
                kind=row.kind,
                aggregate_id=row.aggregate_id,
                created_at=p.utc_text(_as_datetime(row.created_at)),
                payload=json.loads(row.payload),
                pii=json.loads(cipher.decrypt(row.sealed, "outbox")) if row.sealed else None,
            )
            for row in rows
        ]

    def push_batch(self) -> PushReport:
        """Send one batch; raises HeadOfficeError when head office cannot take it."""
        events = self._pending()
        if not events:
            return PushReport()
        response = self._guard(lambda: self.client.push(events))
        report = PushReport(sent=len(events), batches=1)
        by_id = {e.id: e for e in events}
        now = self.svc.ctx.now_utc()
        sent: list[dict] = []
        rejected: list[dict] = []
        for result in response.results:
            event = by_id.get(result.id)
            if event is None:
                continue  # an answer about an event not sent: ignore
            if result.status == "rejected":
                report.rejected += 1
                rejected.append(
                    {
                        "id": result.id,
                        "seq": event.seq,
                        "kind": event.kind,
                        "reason": (result.reason or "no reason given")[:1000],
                        "at": now,
                    }
                )
            else:
                setattr(report, result.status, getattr(report, result.status) + 1)
                sent.append({"id": result.id, "at": now})
        redemptions = [
            by_id[r.id].aggregate_id
            for r in response.results
            if r.id in by_id and by_id[r.id].kind == "points.redeemed" and by_id[r.id].aggregate_id
        ]
        with self.svc.db.write() as s:
            if redemptions:
                stock.acknowledged(s, redemptions, response.feed_seq)
                stock.refresh(s, s.get(SyncState, 1).cursor)
            if sent:
                s.execute(_MARK_SENT, sent)
            if rejected:
                s.execute(_MARK_REJECTED, rejected)
                s.execute(_KEEP_REJECTION, rejected)
            s.execute(_PUSHED_AT, {"at": now})
        return report

    def push_all(self, max_batches: int | None = None) -> PushReport:
        total = PushReport()
        while max_batches is None or total.batches < max_batches:
            report = self.push_batch()
            if not report.sent:
                break
            total.add(report)
            if report.applied + report.duplicate + report.rejected == 0:
                break  # head office answered about none of them: do not spin
        self.anchor_audit()
        return total

    def anchor_audit(self) -> None:
        """Give head office the audit chain's head (a local read when it has not moved)."""
        with suppress(HeadOfficeError):  # recorded by the guard; the next push tries again
            self._guard(lambda: send_anchor(self.svc, self.client))

    # --- pull --------------------------------------------------------------------------

    def cursor(self) -> int:
        with self.svc.db.read() as s:
            state = s.get(SyncState, 1)
            if state is None:
                raise NotEnrolled("this terminal is not enrolled with head office")
            return state.cursor

    def pull_page(self) -> tuple[p.ChangesPage, Counter]:
        """Apply one page; `moved["settled"]` counts the balances settled at the end."""
        after = self.cursor()
        page = self._guard(lambda: self.client.changes(after, self.page))
        try:
            with self.svc.ctx.transaction(business=False) as txn:
                state = txn.session.get(SyncState, 1)
                if state.cursor != after:  # another puller got there first
                    return page, Counter()
                moved = apply_changes(txn, page.changes, after)
                state.cursor = max(state.cursor, page.next)
                stock.refresh(txn.session, state.cursor)
                state.last_pull_at = txn.at
                state.pull_stopped_seq = state.pull_stopped_reason = None
                if not page.more or page.next <= page.after:
                    moved["settled"] = settle_confirmed(txn)
        except PullStopped as exc:
            self._record_stop(exc)
            raise
        return page, moved

    def pull_all(self, max_pages: int | None = None) -> PullReport:
        report = PullReport()
        if self.snapshot_page and self._needs_snapshot():  # 0: the feed alone
            self.load_snapshot(report, max_pages)
            if max_pages is not None and report.pages >= max_pages:
                report.cursor = self.cursor()
                return report
        while max_pages is None or report.pages < max_pages:
            page, moved = self.pull_page()
            report.pages += 1
            report.settled += moved.pop("settled", 0)
            report.changes.update(moved)
            if not page.more or page.next <= page.after:
                break
        report.cursor = self.cursor()
        return report

    # --- snapshot ------------------------------------------------------------------------

    def _needs_snapshot(self) -> bool:
        with self.svc.db.read() as s:
            state = s.get(SyncState, 1)
            if state is None:
                raise NotEnrolled("this terminal is not enrolled with head office")
            return state.cursor == 0 and (
                state.snapshot_as_of is None or state.snapshot_after is not None
            )

    def load_snapshot(self, report: PullReport, max_pages: int | None = None) -> None:
        """Load the snapshot from where it stopped; the cursor ends at its `as_of`."""
        with self.svc.db.read() as s:
            state = s.get(SyncState, 1)
            after, as_of = state.snapshot_after or "", state.snapshot_as_of
        with ThreadPoolExecutor(max_workers=1) as fetcher:
            coming = fetcher.submit(self.client.snapshot, after, self.snapshot_page)
            while True:
                page = self._fetched(coming)
                if page.more:  # written below while the next one travels
                    coming = fetcher.submit(self.client.snapshot, page.next, self.snapshot_page)
                if as_of is None:
                    as_of = page.as_of
                moved = self._apply_snapshot_page(page, after, as_of)
                report.pages += 1
                report.changes.update(moved)
                after = page.next
                if not page.more or (max_pages is not None and report.pages >= max_pages):
                    break

    def _fetched(self, coming: "Future[p.SnapshotPage]") -> p.SnapshotPage:
        def wait() -> p.SnapshotPage:
            return coming.result()

        return self._guard(wait)

    def _apply_snapshot_page(self, page: p.SnapshotPage, after: str, as_of: int) -> Counter:
        try:
            with self.svc.ctx.transaction(business=False) as txn:
                state = txn.session.get(SyncState, 1)
                if state.cursor != 0 or (state.snapshot_after or "") != after:
                    return Counter()  # another puller got there first
                moved = apply_changes(txn, page.changes, -1)
                state.snapshot_as_of = as_of
                state.snapshot_after = page.next if page.more else None
                if not page.more:
                    state.cursor = as_of  # the feed goes on from the first page's sequence
                stock.refresh(txn.session, as_of)
                state.last_pull_at = txn.at
                state.pull_stopped_seq = state.pull_stopped_reason = None
        except PullStopped as exc:
            self._record_stop(exc)
            raise
        return moved

    def sync_now(self) -> tuple[PushReport, PullReport]:
        return self.push_all(), self.pull_all()

    # --- bookkeeping -------------------------------------------------------------------

    def _guard(self, call):  # noqa: ANN001, ANN202
        """Run one request, keeping connectivity and the last error up to date."""
        try:
            result = call()
        except HeadOfficeError as exc:
            now = self.svc.ctx.now_utc()
            self.connectivity.failed(now, str(exc))
            self.record_error(str(exc), now)
            raise
        self.connectivity.succeeded(self.svc.ctx.now_utc())
        return result

    def _record_stop(self, exc: PullStopped) -> None:
        now = self.svc.ctx.now_utc()
        with self.svc.db.write() as s:
            state = s.get(SyncState, 1)
            state.pull_stopped_seq, state.pull_stopped_reason = exc.seq, str(exc)[:1000]
            state.last_error, state.last_error_at = str(exc)[:500], now

    def record_error(self, message: str, at: datetime) -> None:
        with self.svc.db.write() as s:
            state = s.get(SyncState, 1)
            if state is not None:
                state.last_error, state.last_error_at = message[:500], at
