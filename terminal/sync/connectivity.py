"""Whether head office answered lately: every request reports here, the status bar and
the spend authoriser read it. Thread-safe; no I/O."""

import threading
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Reachability:
    online: bool | None  # None until the first request
    since: datetime | None
    last_error: str | None
    failures: int  # failed requests in a row
    checked_at: datetime | None = None  # the last request's time


class Connectivity:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = Reachability(None, None, None, 0)

    def succeeded(self, at: datetime) -> None:
        with self._lock:
            since = self._state.since if self._state.online else at
            self._state = Reachability(True, since, None, 0, at)

    def failed(self, at: datetime, error: str) -> None:
        with self._lock:
            since = self._state.since if self._state.online is False else at
            self._state = Reachability(False, since, error, self._state.failures + 1, at)

    @property
    def state(self) -> Reachability:
        with self._lock:
            return self._state
