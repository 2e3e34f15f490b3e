"""Where the dialogs send receipts: `print_receipt(kind, id)`.

Until a printer is attached (`port.printer = callable(kind, id)` from the devices code),
requests are recorded and the status bar says that no printer is configured; nothing is
lost, `posctl receipt ID` prints any receipt later.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from terminal.domain.errors import PosError


class ReceiptPort(QObject):
    notice = Signal(str)  # a line for the status bar

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer: Callable[[str, str], None] | None = None
        self.requests: list[tuple[str, str]] = []

    def __call__(self, kind: str, receipt_id: str) -> None:
        self.requests.append((kind, receipt_id))
        if self.printer is None:
            self.notice.emit(self.tr("No printer configured: receipt not printed"))
            return
        try:
            self.printer(kind, receipt_id)
        except (PosError, OSError) as exc:
            self.notice.emit(self.tr("The receipt was not printed: %1").replace("%1", str(exc)))
