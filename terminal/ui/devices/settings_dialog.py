"""Device settings: the serial ports present (with USB ids), the scanners and printers
configured with their live state, "test scan", "test print", "open drawer", and saving
with a manager's PIN.

Everything slow (opening ports, printing) runs off the GUI thread; results come back as
queued signals. The dialog never sees the database: the caller passes `save`, which
checks the manager's PIN and stores the settings (audited).
"""

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from terminal.devices.config import DeviceSettings
from terminal.devices.ports import PortInfo, PortLister, list_ports
from terminal.devices.scanners import ScannerManager, Timing
from terminal.domain.errors import PosError
from terminal.ui.devices.bridge import ScannerBridge
from terminal.ui.devices.printer_panel import (
    DirectPrinterActions,
    PrinterActions,
    PrinterPanel,
    PrinterResults,
)
from terminal.ui.devices.scanner_panel import TEST_SCAN_S, ScannerPanel
from terminal.ui.devices.widgets import fill_table, make_table, port_about
from terminal.ui.fit import FitScrollArea, keep_on_screen

SaveSettings = Callable[[DeviceSettings, str, str], str]  # settings, manager, PIN -> message


class DeviceSettingsDialog(ScannerPanel, PrinterPanel, QDialog):
    saved = Signal(object)  # the DeviceSettings now in force

    def __init__(
        self,
        settings: DeviceSettings,
        save: SaveSettings,
        *,
        manager: ScannerManager | None = None,
        lister: PortLister = list_ports,
        printing: PrinterActions | None = DirectPrinterActions(),  # noqa: B008 - stateless
        store_name: str = "",
        timing: Timing | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Device settings"))
        self._scanners = list(settings.scanners)
        self._printers = list(settings.printers)
        self._save, self._lister, self._printing = save, lister, printing
        self._store_name, self._timing = store_name, timing
        self._manager = manager
        self._live: dict[str, tuple[str, str]] = {}
        self._bridge = ScannerBridge(manager, self) if manager else None
        if self._bridge:
            self._bridge.state_changed.connect(self._on_state)
            for status in manager.statuses():
                self._live[status.name] = (status.state.value, status.detail)
        self._test_manager: ScannerManager | None = None
        self._test_bridge: ScannerBridge | None = None
        self._test_name: str | None = None
        self._listening_on_app = False
        self._test_timer = QTimer(self, singleShot=True, interval=TEST_SCAN_S * 1000)
        self._test_timer.timeout.connect(self._test_scan_timed_out)
        self._results = PrinterResults(self)
        self._results.done.connect(self._show)

        # Two tabs keep the dialog within a till's 1024 x 768 screen.
        self.tabs = QTabWidget()
        scanners = QWidget()
        col = QVBoxLayout(scanners)
        col.addWidget(self._ports_box())
        col.addWidget(self._scanners_box())
        # Each tab scrolls when the screen is not tall enough for it.
        self.tabs.addTab(FitScrollArea(scanners), self.tr("Scanners"))
        self.tabs.addTab(FitScrollArea(self._printers_box()), self.tr("Printers and drawer"))
        layout = QVBoxLayout(self)
        self.title = QLabel(self.tr("Device settings"), objectName="screenTitle")
        layout.addWidget(self.title)
        layout.addWidget(self.tabs)
        layout.addLayout(self._save_row())
        self.message = QLabel(wordWrap=True)
        layout.addWidget(self.message)
        keep_on_screen(self)
        self.tabs.setFocus()  # keyboard first: Ctrl+Tab switches the tabs, Tab walks the form
        self.refresh_ports()
        self._fill_scanners()
        self._fill_printers()

    # --- ports present --------------------------------------------------------------------

    def _ports_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Serial ports on this computer"))
        col = QVBoxLayout(box)
        self.ports_table = make_table([self.tr("Port"), self.tr("Device"), self.tr("USB ids")])
        self.ports_table.itemSelectionChanged.connect(self._port_picked)
        refresh = QPushButton(self.tr("Refresh"), clicked=self.refresh_ports)
        col.addWidget(self.ports_table)
        col.addWidget(refresh)
        return box

    def refresh_ports(self) -> None:
        try:
            self._ports: list[PortInfo] = self._lister()
        except OSError as exc:
            self._ports = []
            self._show(self.tr("Cannot list the serial ports: {0}").format(exc), False)
        fill_table(self.ports_table, [[p.device, port_about(p), p.usb_ids] for p in self._ports])
        current = self.port_edit.currentText() if hasattr(self, "port_edit") else ""
        if hasattr(self, "port_edit"):
            self.port_edit.clear()
            self.port_edit.addItems([p.device for p in self._ports])
            self.port_edit.setEditText(current)

    def _port_picked(self) -> None:
        """Picking a port present fills in the scanner form (and its USB ids, if any)."""
        rows = self.ports_table.selectionModel().selectedRows()
        if rows:
            port = self._ports[rows[0].row()]
            self.port_edit.setEditText(port.device)
            self.by_usb.setChecked(port.vid is not None)

    # --- saving -----------------------------------------------------------------------------

    def _save_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.approver = QLineEdit(placeholderText=self.tr("Manager"))
        self.approver_pin = QLineEdit(placeholderText=self.tr("PIN"), echoMode=QLineEdit.Password)
        row.addWidget(QLabel(self.tr("Manager approval:")))
        row.addWidget(self.approver)
        row.addWidget(self.approver_pin)
        row.addWidget(QPushButton(self.tr("Save"), clicked=self.save_settings))
        row.addWidget(QPushButton(self.tr("Close"), clicked=self.reject))
        return row

    def settings(self) -> DeviceSettings:
        return DeviceSettings(tuple(self._scanners), tuple(self._printers))

    def save_settings(self) -> None:
        try:
            settings = self.settings()
            message = self._save(settings, self.approver.text().strip(), self.approver_pin.text())
        except PosError as exc:
            self._show(str(exc), False)
            return
        finally:
            self.approver_pin.clear()
        self._show(message, True)
        self.saved.emit(settings)

    def _show(self, message: str, ok: bool) -> None:
        self.message.setText(message)
        self.message.setProperty("ok", ok)
        self.message.setStyleSheet("" if ok else "color: #b00020;")

    def done(self, result: int) -> None:
        self._stop_test_scan()
        if self._bridge is not None:
            self._bridge.detach()
        super().done(result)
