"""Printer and scanner state for the status bar, fed by whoever runs the devices.

The device code calls `board.set_printer(state, detail)` / `board.set_scanner(...)` from
any thread; the status bar hears about it in the GUI thread (queued signal). States:
"ready", "simulated", "offline", "error", "none" (not configured).
"""

from PySide6.QtCore import QObject, Signal

STATES = ("ready", "simulated", "offline", "error", "none")


class DeviceStatusBoard(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = ("none", "")
        self.scanner = ("ready", "keyboard")

    def set_printer(self, state: str, detail: str = "") -> None:
        self.printer = (_check(state), detail)
        self.changed.emit()

    def set_scanner(self, state: str, detail: str = "") -> None:
        self.scanner = (_check(state), detail)
        self.changed.emit()


def _check(state: str) -> str:
    if state not in STATES:
        raise ValueError(f"device state '{state}' is not one of {', '.join(STATES)}")
    return state
