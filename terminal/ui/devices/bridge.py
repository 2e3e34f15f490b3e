"""Scanner callbacks (on reader threads) -> Qt signals (delivered on the GUI thread).

A reader thread must never touch a widget. It calls the bridge, the bridge emits a
signal, and Qt queues the signal to the thread of whatever widget is connected to it, so
slots run on the GUI thread as with any other event.
"""

from PySide6.QtCore import QObject, Signal

from terminal.devices.scanners import ScannerManager, ScannerStatus


class ScannerBridge(QObject):
    scanned = Signal(str, str)  # scanner name, code
    state_changed = Signal(str, str, str)  # scanner name, state, detail

    def __init__(self, manager: ScannerManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._manager = manager
        manager.add_listener(self._on_code)
        manager.add_state_listener(self._on_state)
        self.destroyed.connect(lambda *_: self.detach())

    def detach(self) -> None:
        """Stop relaying (before the bridge goes away while readers still run)."""
        self._manager.remove_listener(self._on_code)
        self._manager.remove_state_listener(self._on_state)

    # called on reader threads: only emit
    def _on_code(self, scanner: str, code: str) -> None:
        self.scanned.emit(scanner, code)

    def _on_state(self, status: ScannerStatus) -> None:
        self.state_changed.emit(status.name, status.state.value, status.detail)
