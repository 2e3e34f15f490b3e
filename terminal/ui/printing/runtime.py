"""The counter's receipt printer while the app runs: the first printer of the saved
device settings behind a print queue, the status bar kept in step, the dialogs' receipts
sent to it, and the settings dialog's "test print" / "open drawer" going through the same
queue (so they never fight a receipt for the printer).

    printing = attach_printing(window, services)   # or, piece by piece:
    printing = PrinterRuntime(services, operator=lambda: window.operator, parent=window)
    window.receipts.printer = printing          # dialogs: print_receipt(kind, id)
    printing.connect_board(window.devices)      # status bar
    printing.start()
    ...
    printing.apply(new_settings)                # after the settings dialog saved
    printing.stop()                             # at exit
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from terminal.devices.config import DeviceSettings
from terminal.devices.printing import PrinterConfig, open_printer
from terminal.domain.errors import PosError
from terminal.ui.printing.bridge import PrintBridge, board_state
from terminal.ui.printing.failed_dialog import FailedPrintsDialog
from terminal.ui.printing.setup import start_printing


class PrinterRuntime(QObject):
    changed = Signal()  # a printer was set up, changed or removed
    notice = Signal(str)

    def __init__(
        self,
        services: Any,  # terminal.services.facade.Services
        operator: Callable[[], Any],
        parent: QObject | None = None,
        watch_ms: int = 30_000,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.operator = operator
        self.watch_ms = watch_ms
        self.bridge: PrintBridge | None = None
        self._boards: list[Any] = []
        self.open_failed_prints: Callable[[], None] | None = None  # set by attach_printing

    # --- life ---------------------------------------------------------------------------

    def start(self) -> None:
        try:
            settings = self.services.devices.load()
        except PosError as exc:
            self.notice.emit(str(exc))
            settings = DeviceSettings()
        self.apply(settings)

    def apply(self, settings: DeviceSettings) -> None:
        """Use the first printer of `settings` (none: receipts are not printed)."""
        config = settings.printers[0] if settings.printers else None
        if self.bridge is not None and config == self.bridge.queue.printer.config:
            return
        self.stop()
        if config is not None:
            try:
                self.bridge = start_printing(
                    self.services, config, parent=self, watch_ms=self.watch_ms
                )
            except PosError as exc:  # e.g. a virtual printer without its folder
                self.notice.emit(str(exc))
                self.bridge = None
            if self.bridge is not None:
                self.bridge.notice.connect(self.notice)
                for board in self._boards:
                    self.bridge.connect_board(board)
        for board in self._boards:
            if self.bridge is None:
                board.set_printer("none", "")
        self.changed.emit()

    def stop(self) -> None:
        if self.bridge is not None:
            self.bridge._timer.stop()
            self.bridge.queue.stop()
            self.bridge.deleteLater()
            self.bridge = None

    # --- what the counter calls ---------------------------------------------------------

    def __call__(self, kind: str, receipt_id: str) -> None:
        if self.bridge is None:
            raise PosError(self.tr("No printer is set up: the receipt was not printed"))
        self.bridge(kind, receipt_id)

    def connect_board(self, board: Any) -> None:
        """Keep a status board (`set_printer(state, detail)`) in step, across changes."""
        self._boards.append(board)
        if self.bridge is not None:
            self.bridge.connect_board(board)
        else:
            board.set_printer("none", "")

    def show_failed_prints(
        self, parent: QWidget | None = None, operator: Any = None, member: Any = None
    ) -> FailedPrintsDialog | None:
        """Open the failed prints over `parent`, centred on it (None, with a notice, if
        there is no printer). `member`: the counter's, whose receipts a reprint lists."""
        if self.bridge is None:
            self.notice.emit(self.tr("No printer is set up"))
            return None
        dialog = FailedPrintsDialog(
            self.services,
            operator if operator is not None else self.operator(),
            member=member,
            parent=parent,
            bridge=self.bridge,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- the settings dialog's buttons (PrinterActions) ---------------------------------

    def _queue_for(self, config: PrinterConfig):
        if self.bridge is not None and self.bridge.queue.printer.config == config:
            return self.bridge.queue
        return None

    def test_print(self, config: PrinterConfig, store_name: str = "") -> str:
        queue = self._queue_for(config)
        if queue is not None:
            job = queue.test_page(store_name)
            queue.wait_idle(timeout=15)
            done = queue.job(job)
            if done.status == "failed":
                raise PosError(done.error)
            return self.tr("Test page printed on '%1'").replace("%1", config.name)
        printer = open_printer(config)
        try:
            printer.test_page(store_name)
        finally:
            printer.close()
        return self.tr("Test page printed on '%1'").replace("%1", config.name)

    def open_drawer(self, config: PrinterConfig) -> str:
        queue = self._queue_for(config)
        if queue is not None:
            outcome = queue.kick_drawer()
            if not outcome.wait(15):
                raise PosError(self.tr("The printer is busy: try again in a moment"))
            if outcome.error:
                raise PosError(outcome.error)
        else:
            printer = open_printer(config)
            try:
                printer.kick_drawer()
            finally:
                printer.close()
        return self.tr("Drawer opened through '%1'").replace("%1", config.name)

    def state(self) -> tuple[str, str]:
        if self.bridge is None:
            return "none", ""
        simulated = self.bridge.queue.printer.config.kind == "virtual"
        return board_state(self.bridge.queue.state, simulated)


FAILED_PRINTS_KEY = "Ctrl+P"


def attach_printing(window: Any, services: Any) -> PrinterRuntime:
    """Give the counter window its printer: receipts from the dialogs, the status bar's
    printer field, Ctrl+P for the failed prints. Call `stop()` when the app ends."""
    runtime = PrinterRuntime(services, operator=lambda: window.operator, parent=window)

    def plug() -> None:  # no printer: the receipt port says so in its own words
        window.receipts.printer = runtime if runtime.bridge is not None else None

    runtime.changed.connect(plug)
    runtime.notice.connect(lambda text: window.status.showMessage(text, 8_000))
    runtime.connect_board(window.devices)
    runtime.start()

    def open_failed_prints() -> None:
        if window.operator is None or window.active_dialog is not None:
            return  # locked, or another window is open: one window at a time
        dialog = runtime.show_failed_prints(window, window.operator, window.counter.member)
        if dialog is not None:
            window.active_dialog = dialog
            dialog.finished.connect(lambda _result: window.dialog_closed(dialog))

    shortcut = QShortcut(QKeySequence(FAILED_PRINTS_KEY), window)
    shortcut.activated.connect(open_failed_prints)
    key = window.counter.add_key("prints", FAILED_PRINTS_KEY, open_failed_prints)  # touch
    key.setVisible(runtime.bridge is not None)
    runtime.changed.connect(lambda: key.setVisible(runtime.bridge is not None))
    runtime.open_failed_prints = open_failed_prints
    return runtime
