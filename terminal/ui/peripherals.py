"""What the running counter is connected to: the receipt printer, serial scanners and head
office, wired to the window (receipts, scans, status bar) and stopped with it.

A terminal with no printer in its device settings prints to a simulated (virtual) printer
that keeps every receipt as bytes and a picture in a folder beside the database; the
status bar says "simulated". Head office sync runs only on an enrolled terminal.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QWidget

from terminal.devices.config import DeviceSettings
from terminal.devices.printing import PrinterConfig
from terminal.devices.scanners import Timing
from terminal.domain.errors import PosError
from terminal.services.facade import Services
from terminal.sync.runner import SyncRunner
from terminal.ui.devices.runtime import ScannerRuntime
from terminal.ui.printing import PrintBridge, board_state, start_printing

log = logging.getLogger(__name__)
VIRTUAL_PRINTER_DIR = "virtual-printer"
_SCANNER_BOARD = {"connected": "ready", "connecting": "offline", "disconnected": "offline"}


@dataclass
class Peripherals:
    services: Services
    window: QWidget  # the MainWindow (not imported: it imports this module's users)
    timing: Timing | None = None
    printing: PrintBridge | None = None
    printer: PrinterConfig | None = None
    scanners: ScannerRuntime | None = None
    sync: SyncRunner | None = None
    _scanner_states: dict[str, tuple[str, str]] = field(default_factory=dict)

    # --- printing ------------------------------------------------------------------------

    def start_printing(self, settings: DeviceSettings) -> None:
        if self.printing is not None:
            self.printing.queue.stop()
            self.printing.deleteLater()
        config = settings.printers[0] if settings.printers else self.virtual_printer()
        window = self.window
        bridge = start_printing(self.services, config, lambda: window.operator, parent=window)
        simulated = config.kind == "virtual"
        bridge.state_changed.connect(
            lambda state: window.devices.set_printer(*board_state(state, simulated))
        )
        bridge.notice.connect(lambda text: window.status.showMessage(text, 8_000))
        window.receipts.printer = bridge
        window.devices.set_printer("simulated" if simulated else "offline", config.name)
        self.printing, self.printer = bridge, config

    def virtual_printer(self) -> PrinterConfig:
        folder = Path(self.services.db.path).parent / VIRTUAL_PRINTER_DIR
        return PrinterConfig(kind="virtual", name="simulated", path=str(folder))

    # --- scanners ------------------------------------------------------------------------

    def start_scanners(self) -> None:
        runtime = ScannerRuntime(self.services.devices.load, timing=self.timing)
        runtime.setParent(self.window)
        runtime.bridge.scanned.connect(lambda _name, code: self.window.external_scan.emit(code))
        runtime.bridge.state_changed.connect(self._scanner_state)
        runtime.start()
        self.scanners = runtime

    def _scanner_state(self, name: str, state: str, detail: str) -> None:
        if state == "stopped":
            self._scanner_states.pop(name, None)
        else:
            self._scanner_states[name] = (_SCANNER_BOARD.get(state, "error"), detail)
        states = self._scanner_states
        if not states:  # the keyboard-wedge scanner needs no set-up: always there
            self.window.devices.set_scanner("ready", "keyboard")
        elif all(s == "ready" for s, _ in states.values()):
            self.window.devices.set_scanner("ready", ", ".join(states))
        else:
            down = [f"{n}: {d}" for n, (s, d) in states.items() if s != "ready"]
            self.window.devices.set_scanner("offline", "; ".join(down))

    def open_settings(self) -> QWidget | None:
        """The device settings (ports, test buttons); saving needs a manager's PIN."""
        if self.scanners is None:
            return None

        def save(settings: DeviceSettings, manager: str, pin: str) -> str:
            approver = self.services.operators.approve(manager, pin)
            saved = self.services.devices.save(settings, approver)
            return f"version {saved.version}"

        dialog = self.scanners.settings_dialog(
            save, store_name=self.window.store_name, parent=self.window
        )
        dialog.saved.connect(self.start_printing)
        dialog.open()
        return dialog

    # --- head office ---------------------------------------------------------------------

    def start_sync(self) -> None:
        try:
            runner = SyncRunner.for_terminal(self.services)
        except PosError as exc:  # enrolment files unreadable: keep selling, say why
            log.error("sync not started: %s", exc)
            self.window.status.set_link("offline", str(exc))
            return
        if runner is None:
            return
        runner.start()
        self.sync = runner
        self.window.status.link_reader = self.link_state
        self.window.status.set_link("offline", "")

    def link_state(self) -> tuple[str, str]:
        """Read in the status bar's background refresh, never on the GUI thread."""
        status = self.sync.status()
        if status.online:
            return "online", status.base_url or ""
        return "offline", status.last_error or ""

    # --- all -----------------------------------------------------------------------------

    def stop(self) -> None:
        if self.sync is not None:
            self.sync.stop()
        if self.scanners is not None:
            self.scanners.bridge.detach()
            self.scanners.stop()
        if self.printing is not None:
            self.printing.queue.stop()


def attach(
    window: QWidget, services: Services, timing: Timing | None = None, sync: bool = True
) -> Peripherals:
    """Start printing, serial scanners and (on an enrolled terminal) sync for `window`."""
    peripherals = Peripherals(services, window, timing)
    settings = _settings(services, window.status.showMessage)
    peripherals.start_printing(settings)
    peripherals.start_scanners()
    if sync:
        peripherals.start_sync()
    window.peripherals = peripherals
    return peripherals


def _settings(services: Services, say: Callable[[str, int], None]) -> DeviceSettings:
    try:
        return services.devices.load()
    except PosError as exc:  # damaged settings: a simulated printer, and the reason
        say(str(exc), 15_000)
        return DeviceSettings()
