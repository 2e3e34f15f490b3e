"""Fakes for the device tests: a recorder of scanner codes and states with bounded waits,
fast reader timings, and a port lister that shows virtual scanners as USB devices."""

import threading
import time

from terminal.devices.ports import PortInfo
from terminal.devices.scanners import ScannerState, ScannerStatus, Timing
from terminal.devices.simulators.virtual_scanner import VirtualScanner

FAST = Timing(poll_s=0.05, retry_s=0.02, settle_s=0.01, presence_s=0.1)
WAIT_S = 3.0  # every wait in the device tests gives up after this


class Recorder:
    """Collects (scanner, code) pairs and state changes from reader threads."""

    def __init__(self) -> None:
        self.codes: list[tuple[str, str]] = []
        self.states: list[ScannerStatus] = []
        self._changed = threading.Condition()

    def on_code(self, scanner: str, code: str) -> None:
        with self._changed:
            self.codes.append((scanner, code))
            self._changed.notify_all()

    def on_state(self, status: ScannerStatus) -> None:
        with self._changed:
            self.states.append(status)
            self._changed.notify_all()

    def wait_codes(self, count: int, timeout_s: float = WAIT_S) -> list[tuple[str, str]]:
        with self._changed:
            ok = self._changed.wait_for(lambda: len(self.codes) >= count, timeout_s)
            assert ok, f"expected {count} code(s) within {timeout_s} s, got {self.codes}"
            return list(self.codes)

    def wait_state(
        self, name: str, state: ScannerState, after: int = 0, timeout_s: float = WAIT_S
    ) -> ScannerStatus:
        """The first status of `name` in `state` among those reported from index `after`."""

        def found() -> ScannerStatus | None:
            for status in self.states[after:]:
                if status.name == name and status.state is state:
                    return status
            return None

        with self._changed:
            ok = self._changed.wait_for(lambda: found() is not None, timeout_s)
            assert ok, f"{name} never became {state}: {[(s.state, s.detail) for s in self.states]}"
            return found()

    def values(self) -> list[str]:
        with self._changed:
            return [code for _, code in self.codes]


class Lister:
    """A port lister showing the plugged-in virtual scanners (and any extra ports)."""

    def __init__(self, *sims: VirtualScanner, extra: tuple[PortInfo, ...] = ()) -> None:
        self.sims = list(sims)
        self.extra = extra

    def __call__(self) -> list[PortInfo]:
        found = [s.port_info() for s in self.sims]
        return [p for p in found if p is not None] + list(self.extra)


def quiet_for(recorder: Recorder, seconds: float = 0.2) -> None:
    """Give a reader time to (wrongly) deliver something."""
    time.sleep(seconds)
