"""The counter's scanners while the app runs: readers started from the saved settings,
their codes and states as Qt signals (`bridge`), and the settings dialog wired so that
saved changes take effect at once, without a restart.

    scanners = ScannerRuntime(services.devices.load)
    scanners.bridge.scanned.connect(counter.on_scan)
    scanners.bridge.state_changed.connect(status_bar.on_scanner_state)
    scanners.start()
    ...
    scanners.settings_dialog(save, parent=window).exec()
    scanners.stop()   # at exit: joins every reader
"""

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import QWidget

from terminal.devices.config import DeviceSettings
from terminal.devices.ports import PortLister, list_ports
from terminal.devices.scanners import ScannerManager, Timing
from terminal.domain.errors import PosError
from terminal.ui.devices.bridge import ScannerBridge
from terminal.ui.devices.printer_panel import DirectPrinterActions, PrinterActions
from terminal.ui.devices.settings_dialog import DeviceSettingsDialog, SaveSettings

log = logging.getLogger(__name__)


class ScannerRuntime(QObject):
    def __init__(
        self,
        load: Callable[[], DeviceSettings],
        lister: PortLister = list_ports,
        timing: Timing | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._load, self._lister, self._timing = load, lister, timing
        self.manager = ScannerManager(lister=lister, timing=timing)
        self.bridge = ScannerBridge(self.manager, self)

    def start(self) -> bool:
        """Run the saved scanners; False (and logged) when the settings cannot be read:
        the counter still works with a keyboard-wedge scanner."""
        try:
            settings = self._load()
        except PosError:
            log.exception("cannot read the device settings; no serial scanner runs")
            return False
        self.apply(settings)
        return True

    def apply(self, settings: DeviceSettings) -> None:
        """Run exactly the scanners of `settings` (unchanged ones keep running)."""
        self.manager.configure(settings.scanners)

    def stop(self) -> bool:
        return self.manager.stop()

    def settings_dialog(
        self,
        save: SaveSettings,
        printing: PrinterActions | None = DirectPrinterActions(),  # noqa: B008 - stateless
        store_name: str = "",
        parent: QWidget | None = None,
    ) -> DeviceSettingsDialog:
        dialog = DeviceSettingsDialog(
            self._load(),
            save,
            manager=self.manager,
            lister=self._lister,
            printing=printing,
            store_name=store_name,
            timing=self._timing,
            parent=parent,
        )
        dialog.saved.connect(self.apply)
        return dialog


class _Window(Protocol):
    """What `attach_scanners` needs of the counter window."""

    external_scan: SignalInstance  # a code, handled like a keyboard-wedge scan
    devices: Any  # the status bar's board: set_scanner(state, detail)


def attach_scanners(
    window: _Window,
    load: Callable[[], DeviceSettings],
    lister: PortLister = list_ports,
    timing: Timing | None = None,
) -> ScannerRuntime:
    """Serial scanners for the counter window: their codes go where keyboard-wedge scans
    go, their state to the status bar. Call `start()` on the result, `stop()` at exit."""
    runtime = ScannerRuntime(load, lister, timing, parent=window)
    runtime.bridge.scanned.connect(lambda _scanner, code: window.external_scan.emit(code))
    states: dict[str, tuple[str, str]] = {}

    def show_state(name: str, state: str, detail: str) -> None:
        if state == "stopped":
            states.pop(name, None)
        else:
            states[name] = (state, detail)
        if not states:  # no serial scanner: the keyboard-wedge scanner is the one in use
            window.devices.set_scanner("ready", "keyboard")
            return
        down = [f"{n}: {d}" for n, (s, d) in sorted(states.items()) if s != "connected"]
        if down:
            window.devices.set_scanner("offline", "; ".join(down))
        else:
            window.devices.set_scanner("ready", ", ".join(sorted(states)))

    runtime.bridge.state_changed.connect(show_state)
    return runtime
