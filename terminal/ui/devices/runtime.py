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

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from terminal.devices.config import DeviceSettings
from terminal.devices.ports import PortLister, list_ports
from terminal.devices.scanners import ScannerManager, Timing
from terminal.ui.devices.bridge import ScannerBridge
from terminal.ui.devices.printer_panel import DirectPrinterActions, PrinterActions
from terminal.ui.devices.settings_dialog import DeviceSettingsDialog, SaveSettings


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

    def start(self) -> None:
        self.apply(self._load())

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
