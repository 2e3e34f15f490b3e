"""The background sync of a running terminal: a relay thread pushing the outbox and a
puller thread applying the change feed, each backing off (capped, full jitter) while head
office cannot be reached. The counter never waits on them: they use their own short
transactions, and the UI only reads `status()`.

    runner = SyncRunner.for_terminal(services)   # None when not enrolled
    runner.start()      # also routes spends through head office
    ...
    runner.stop()
"""

import logging
import random
import threading
from collections.abc import Callable

import httpx
from sqlalchemy import text

from terminal.domain.errors import PosError
from terminal.services.facade import Services
from terminal.services.spend import Standalone
from terminal.sync import keys
from terminal.sync.authorise import HeadOfficeAuthoriser
from terminal.sync.backoff import backoff_delay
from terminal.sync.client import HeadOfficeClient
from terminal.sync.connectivity import Connectivity
from terminal.sync.engine import SyncEngine
from terminal.sync.enrol import credentials_path, is_enrolled
from terminal.sync.lookup import MemberFinder
from terminal.sync.status import SyncStatus, read_status

log = logging.getLogger(__name__)

_MEMBER_PENDING = text(
    "SELECT 1 FROM outbox WHERE status = 'pending' AND "
    "(aggregate_id = :m OR json_extract(payload, '$.member_id') = :m) LIMIT 1"
)


class SyncRunner:
    def __init__(
        self,
        svc: Services,
        credentials: keys.Credentials,
        transport: httpx.BaseTransport | None = None,
        push_interval: float = 2.0,
        pull_interval: float = 15.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 300.0,
        rng: random.Random | None = None,
    ) -> None:
        self.svc = svc
        self.connectivity = Connectivity()
        self.client = HeadOfficeClient(
            credentials.base_url,
            credentials.terminal_id,
            credentials.secret,
            svc.ctx.clock,
            transport,
        )
        self.engine = SyncEngine(svc, self.client, self.connectivity)
        self.authoriser = HeadOfficeAuthoriser(
            svc, self.client, self.connectivity, flush=self._flush_member
        )
        self.finder = MemberFinder(svc, self.client, self.connectivity)
        self.push_interval = push_interval
        self.pull_interval = pull_interval
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._rng = rng or random.Random()
        self._stop = threading.Event()
        self._wake_push = threading.Event()
        self._wake_pull = threading.Event()
        self._threads: list[threading.Thread] = []

    @classmethod
    def for_terminal(cls, svc: Services, **kwargs) -> "SyncRunner | None":
        """The runner of an enrolled terminal; None for a standalone store."""
        if not is_enrolled(svc):
            return None
        return cls(svc, keys.load(credentials_path(svc)), **kwargs)

    # --- life cycle --------------------------------------------------------------------

    def start(self) -> None:
        if self._threads:
            return
        self._stop.clear()
        self.svc.use_spend_authoriser(self.authoriser)
        self.svc.ctx.event_listeners.append(self._wake_push.set)
        for name, loop in (("sync-push", self._push_loop), ("sync-pull", self._pull_loop)):
            thread = threading.Thread(target=loop, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake_push.set()
        self._wake_pull.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
        if self._wake_push.set in self.svc.ctx.event_listeners:
            self.svc.ctx.event_listeners.remove(self._wake_push.set)
        self.svc.use_spend_authoriser(Standalone())
        self.client.close()

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def poke(self) -> None:
        """Something was queued or is wanted now: push (and pull) without waiting."""
        self._wake_push.set()
        self._wake_pull.set()

    def status(self) -> SyncStatus:
        return read_status(self.svc, self.connectivity)

    # --- loops -------------------------------------------------------------------------

    def _push_loop(self) -> None:
        self._loop(
            lambda: self.engine.push_all(max_batches=10).sent > 0,
            self._wake_push,
            self.push_interval,
        )

    def _pull_loop(self) -> None:
        self._loop(
            lambda: self.engine.pull_all(max_pages=20).pages > 1,
            self._wake_pull,
            self.pull_interval,
        )

    def _loop(self, step: Callable[[], bool], wake: threading.Event, interval: float) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                busy = step()
                failures = 0
            except PosError as exc:  # unreachable, refused, database busy: try again later
                failures += 1
                log.info("sync step failed (%s failures in a row): %s", failures, exc)
                busy = False
            except Exception:  # a bug must not kill the thread: log it and back off
                failures += 1
                log.exception("sync step crashed")
                busy = False
            if busy:
                continue
            if failures:  # a poke does not cut a backoff short
                self._stop.wait(
                    backoff_delay(failures, self.backoff_base, self.backoff_cap, self._rng)
                )
            else:
                wake.wait(interval)
            wake.clear()

    def _flush_member(self, member_id: str) -> None:
        """Push this member's queued events before a spend is reserved at head office."""
        with self.svc.db.read() as s:
            pending = s.execute(_MEMBER_PENDING, {"m": member_id}).first()
        if pending is not None:
            self.engine.push_all(max_batches=3)
