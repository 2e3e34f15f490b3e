"""All the serial scanners of a terminal: one reader each, one place for their codes.

A store may have a hand scanner and a counter-top one; the counter does not care which
read a code, only that it arrives once, with the scanner's name for diagnostics.
"""

import logging
import threading
from collections.abc import Iterable

from terminal.devices.config import ScannerConfig
from terminal.devices.ports import PortLister, list_ports
from terminal.devices.scanners.reader import (
    CodeCallback,
    Opener,
    ScannerState,
    ScannerStatus,
    SerialScanner,
    StateCallback,
    Timing,
    open_scanner_port,
)

log = logging.getLogger(__name__)


class ScannerManager:
    def __init__(
        self,
        on_code: CodeCallback | None = None,
        on_state: StateCallback | None = None,
        lister: PortLister = list_ports,
        opener: Opener = open_scanner_port,
        timing: Timing | None = None,
    ) -> None:
        self._listeners: list[CodeCallback] = [on_code] if on_code else []
        self._state_listeners: list[StateCallback] = [on_state] if on_state else []
        self._lister = lister
        self._opener = opener
        self._timing = timing
        self._readers: dict[str, SerialScanner] = {}
        self._lock = threading.Lock()

    def add_listener(self, on_code: CodeCallback) -> None:
        with self._lock:
            self._listeners.append(on_code)

    def remove_listener(self, on_code: CodeCallback) -> None:
        with self._lock:
            if on_code in self._listeners:
                self._listeners.remove(on_code)

    def add_state_listener(self, on_state: StateCallback) -> None:
        with self._lock:
            self._state_listeners.append(on_state)

    def remove_state_listener(self, on_state: StateCallback) -> None:
        with self._lock:
            if on_state in self._state_listeners:
                self._state_listeners.remove(on_state)

    def configure(self, scanners: Iterable[ScannerConfig]) -> None:
        """Run exactly the enabled scanners given: unchanged readers keep running, changed
        ones restart, removed ones stop."""
        wanted = {s.name: s for s in scanners if s.enabled}
        with self._lock:
            current = dict(self._readers)
        for name, reader in current.items():
            if wanted.get(name) != reader.config:
                reader.stop()
                with self._lock:
                    del self._readers[name]
        for name, config in wanted.items():
            with self._lock:
                if name in self._readers:
                    continue
                reader = SerialScanner(
                    config,
                    self._code,
                    self._state,
                    lister=self._lister,
                    opener=self._opener,
                    timing=self._timing,
                )
                self._readers[name] = reader
            reader.start()

    def statuses(self) -> list[ScannerStatus]:
        with self._lock:
            readers = list(self._readers.values())
        return [r.status() for r in readers]

    def status(self, name: str) -> ScannerStatus | None:
        with self._lock:
            reader = self._readers.get(name)
        return reader.status() if reader else None

    def config(self, name: str) -> ScannerConfig | None:
        """The settings the running reader of `name` uses."""
        with self._lock:
            reader = self._readers.get(name)
        return reader.config if reader else None

    def connected(self) -> list[str]:
        return [s.name for s in self.statuses() if s.state is ScannerState.CONNECTED]

    def stop(self, timeout_s: float = 2.0) -> bool:
        """Stop every reader (each joins within `timeout_s`); True when all have ended."""
        with self._lock:
            readers = list(self._readers.values())
            self._readers.clear()
        results = [r.stop(timeout_s) for r in readers]
        return all(results)

    def _code(self, name: str, code: str) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(name, code)
            except Exception:  # one failing listener must not starve the others
                log.exception("scanner %s: a code listener failed", name)

    def _state(self, status: ScannerStatus) -> None:
        with self._lock:
            listeners = list(self._state_listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:
                log.exception("scanner %s: a state listener failed", status.name)
