"""Device settings: the serial ports present (with USB ids), the scanners and printers
configured with their live state, "test scan", "test print", "open drawer", and saving
with a manager's PIN.

Everything slow (opening ports, printing) runs off the GUI thread; results come back as
queued signals. The dialog never sees the database: the caller passes `save`, which
checks the manager's PIN and stores the settings (audited).
"""

import threading
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal.devices import diagnostics
from terminal.devices.config import TERMINATORS, DeviceSettings, ScannerConfig, parse_usb_id
from terminal.devices.ports import BAUD_RATES, PortInfo, PortLister, list_ports
from terminal.devices.printing import ENCODINGS, KINDS, PAPER, PrinterConfig
from terminal.devices.scanners import ScannerManager, Timing
from terminal.domain.errors import PosError
from terminal.ui.devices.bridge import ScannerBridge

SaveSettings = Callable[[DeviceSettings, str, str], str]  # settings, manager, PIN -> message
TEST_SCAN_S = 30


class PrinterActions(Protocol):
    def test_print(self, config: PrinterConfig, store_name: str = "") -> str: ...
    def open_drawer(self, config: PrinterConfig) -> str: ...


class DirectPrinterActions:
    """Talk to the printer directly (when no print queue is running)."""

    def test_print(self, config: PrinterConfig, store_name: str = "") -> str:
        return diagnostics.test_print(config, store_name)

    def open_drawer(self, config: PrinterConfig) -> str:
        return diagnostics.open_drawer(config)


class _Results(QObject):
    done = Signal(str, bool)  # message, ok


class DeviceSettingsDialog(QDialog):
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
        self._results = _Results(self)
        self._results.done.connect(self._show)

        layout = QVBoxLayout(self)
        layout.addWidget(self._ports_box())
        layout.addWidget(self._scanners_box())
        layout.addWidget(self._printers_box())
        layout.addLayout(self._save_row())
        self.message = QLabel(wordWrap=True)
        layout.addWidget(self.message)
        self.refresh_ports()
        self._fill_scanners()
        self._fill_printers()

    # --- ports present --------------------------------------------------------------------

    def _ports_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Serial ports on this computer"))
        col = QVBoxLayout(box)
        self.ports_table = _table([self.tr("Port"), self.tr("Device"), self.tr("USB ids")])
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
        _fill(self.ports_table, [[p.device, _about(p), p.usb_ids] for p in self._ports])
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

    # --- scanners ---------------------------------------------------------------------------

    def _scanners_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Serial scanners"))
        col = QVBoxLayout(box)
        self.scanners_table = _table(
            [
                self.tr("Name"),
                self.tr("Port"),
                self.tr("USB ids"),
                self.tr("Line"),
                self.tr("State"),
            ]
        )
        self.scanners_table.itemSelectionChanged.connect(self._scanner_selected)
        col.addWidget(self.scanners_table)
        form = QFormLayout()
        self.scanner_name = QLineEdit("scanner")
        self.port_edit = QComboBox(editable=True)
        self.baud = _combo([str(b) for b in BAUD_RATES], "9600")
        self.framing = _combo(["8N1", "7E1", "7O1", "8E1", "8O1", "8N2"], "8N1")
        self.terminator = _combo([t.upper() for t in TERMINATORS], "CR")
        self.by_usb = QCheckBox(self.tr("Find it by its USB ids (works on any USB socket)"))
        self.scanner_enabled = QCheckBox(self.tr("In use"), checked=True)
        form.addRow(self.tr("Name"), self.scanner_name)
        form.addRow(self.tr("Port"), self.port_edit)
        form.addRow(self.tr("Baud rate"), self.baud)
        form.addRow(self.tr("Data bits, parity, stop bits"), self.framing)
        form.addRow(self.tr("Terminator"), self.terminator)
        form.addRow("", self.by_usb)
        form.addRow("", self.scanner_enabled)
        col.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(QPushButton(self.tr("Add / update"), clicked=self.put_scanner))
        row.addWidget(QPushButton(self.tr("Remove"), clicked=self.remove_scanner))
        self.test_scan_button = QPushButton(self.tr("Test scan"), clicked=self.test_scan)
        row.addWidget(self.test_scan_button)
        col.addLayout(row)
        self.scan_result = QLabel(self.tr("Press 'Test scan', then scan any barcode."))
        col.addWidget(self.scan_result)
        return box

    def scanner_from_form(self) -> ScannerConfig:
        device = self.port_edit.currentText().strip()
        framing = self.framing.currentText()
        vid = pid = serial_no = None
        if self.by_usb.isChecked():
            port = next((p for p in self._ports if p.device == device), None)
            old = next((s for s in self._scanners if s.name == self.scanner_name.text()), None)
            if port is not None and port.vid is not None:
                vid, pid, serial_no = port.vid, port.pid, port.serial_number
            elif old is not None and old.by_usb:  # unplugged now: keep the ids it had
                vid, pid, serial_no = old.usb_vid, old.usb_pid, old.usb_serial
            else:
                raise PosError(
                    self.tr("{0} is not a USB port: untick 'Find it by its USB ids'").format(
                        device or self.tr("(no port)")
                    )
                )
        return ScannerConfig(
            name=self.scanner_name.text(),
            port=device,
            baudrate=int(self.baud.currentText()),
            bytesize=int(framing[0]),
            parity=framing[1],
            stopbits=framing[2],
            terminator=self.terminator.currentText().lower(),
            usb_vid=vid,
            usb_pid=pid,
            usb_serial=serial_no,
            enabled=self.scanner_enabled.isChecked(),
        )

    def put_scanner(self) -> None:
        try:
            config = self.scanner_from_form()
        except PosError as exc:
            self._show(str(exc), False)
            return
        self._scanners = list(DeviceSettings(tuple(self._scanners)).with_scanner(config).scanners)
        self._fill_scanners()
        self._show(self.tr("Scanner '{0}' set; press Save to keep it.").format(config.name), True)

    def remove_scanner(self) -> None:
        name = self.scanner_name.text().strip()
        self._scanners = [s for s in self._scanners if s.name != name]
        self._fill_scanners()

    def _scanner_selected(self) -> None:
        rows = self.scanners_table.selectionModel().selectedRows()
        if not rows:
            return
        s = self._scanners[rows[0].row()]
        self.scanner_name.setText(s.name)
        self.port_edit.setEditText(s.port)
        self.baud.setCurrentText(str(s.baudrate))
        self.framing.setCurrentText(f"{s.bytesize}{s.parity}{s.stopbits}")
        self.terminator.setCurrentText(s.terminator.upper())
        self.by_usb.setChecked(s.by_usb)
        self.scanner_enabled.setChecked(s.enabled)

    def _fill_scanners(self) -> None:
        rows = []
        for s in self._scanners:
            state, detail = self._live.get(s.name, ("", ""))
            if not s.enabled:
                state = self.tr("not in use")
            shown = f"{state}: {detail}" if detail else (state or self.tr("not running"))
            line = f"{s.baudrate} {s.bytesize}{s.parity}{s.stopbits} {s.terminator.upper()}"
            rows.append([s.name, s.port, s.usb_ids, line, shown])
        _fill(self.scanners_table, rows)

    def _on_state(self, name: str, state: str, detail: str) -> None:
        self._live[name] = (state, detail)
        self._fill_scanners()

    def scanner_state(self, name: str) -> str:
        """What the State column shows for `name` (for tests and screen readers)."""
        for row, s in enumerate(self._scanners):
            if s.name == name:
                return self.scanners_table.item(row, 4).text()
        return ""

    # --- test scan ------------------------------------------------------------------------

    def test_scan(self) -> None:
        """Show the next code from the scanner in the form: through the running reader if
        the counter already reads it, else through a reader of its own for the test."""
        try:
            config = self.scanner_from_form()
        except PosError as exc:
            self._show(str(exc), False)
            return
        self._stop_test_scan()
        self._test_name = config.name
        running = self._manager.status(config.name) if self._manager else None
        if running is not None and self._manager.config(config.name) == config:
            self._bridge.scanned.connect(self._test_scanned)
            self._listening_on_app = True
        else:
            self._test_manager = ScannerManager(lister=self._lister, timing=self._timing)
            self._test_bridge = ScannerBridge(self._test_manager, self)
            self._test_bridge.scanned.connect(self._test_scanned)
            self._test_bridge.state_changed.connect(self._test_state)
            self._test_manager.configure([config])
        self._test_timer.start()
        self.scan_result.setText(self.tr("Waiting for a scan on '{0}'...").format(config.name))

    def _test_scanned(self, scanner: str, code: str) -> None:
        if scanner != self._test_name:
            return
        self._stop_test_scan()
        self.scan_result.setText(self.tr("Scanned on '{0}': {1}").format(scanner, code))

    def _test_state(self, scanner: str, state: str, detail: str) -> None:
        if state == "disconnected":
            self.scan_result.setText(detail)

    def _test_scan_timed_out(self) -> None:
        self._stop_test_scan()
        self.scan_result.setText(self.tr("No code within {0} s.").format(TEST_SCAN_S))

    def _stop_test_scan(self) -> None:
        self._test_timer.stop()
        if self._listening_on_app:
            self._bridge.scanned.disconnect(self._test_scanned)
            self._listening_on_app = False
        if self._test_manager is not None:
            self._test_bridge.detach()
            self._test_manager.stop()
            self._test_bridge.deleteLater()
            self._test_manager = self._test_bridge = None

    # --- printers ---------------------------------------------------------------------------

    def _printers_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Receipt printers"))
        col = QVBoxLayout(box)
        self.printers_table = _table(
            [self.tr("Name"), self.tr("Kind"), self.tr("Address"), self.tr("Paper")]
        )
        self.printers_table.itemSelectionChanged.connect(self._printer_selected)
        col.addWidget(self.printers_table)
        form = QFormLayout()
        self.printer_name = QLineEdit("receipt")
        self.printer_kind = _combo(list(KINDS), "network")
        self.printer_address = QLineEdit(
            placeholderText="192.168.1.50 / COM3 / /dev/usb/lp0 / 0416:5011"
        )
        self.printer_width = _combo([str(w) for w in PAPER], "80")
        self.printer_encoding = _combo(list(ENCODINGS), "gb18030")
        self.image_fallback = QCheckBox(self.tr("Print Chinese as pictures (no Chinese font)"))
        self.drawer_pin = _combo(["2", "5"], "2")
        self.drawer_pulse = QSpinBox(minimum=2, maximum=510, value=100, suffix=" ms")
        form.addRow(self.tr("Name"), self.printer_name)
        form.addRow(self.tr("Connection"), self.printer_kind)
        form.addRow(self.tr("Host, port or path"), self.printer_address)
        form.addRow(self.tr("Paper width (mm)"), self.printer_width)
        form.addRow(self.tr("Text encoding"), self.printer_encoding)
        form.addRow("", self.image_fallback)
        drawer = QHBoxLayout()
        drawer.addWidget(QLabel(self.tr("pin")))
        drawer.addWidget(self.drawer_pin)
        drawer.addWidget(QLabel(self.tr("pulse")))
        drawer.addWidget(self.drawer_pulse)
        form.addRow(self.tr("Cash drawer"), drawer)
        col.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(QPushButton(self.tr("Add / update"), clicked=self.put_printer))
        row.addWidget(QPushButton(self.tr("Remove"), clicked=self.remove_printer))
        self.test_print_button = QPushButton(self.tr("Test print"), clicked=self.test_print)
        self.drawer_button = QPushButton(self.tr("Open drawer"), clicked=self.open_drawer)
        for button in (self.test_print_button, self.drawer_button):
            if self._printing is None:
                button.setEnabled(False)
                button.setToolTip(self.tr("Printing is not available in this version."))
            row.addWidget(button)
        col.addLayout(row)
        return box

    def printer_from_form(self) -> PrinterConfig:
        name = self.printer_name.text().strip()
        old = next((p for p in self._printers if p.name == name), None)
        fields = old.to_dict() if old else {"name": name}
        kind, address = self.printer_kind.currentText(), self.printer_address.text().strip()
        fields.update(kind=kind, width_mm=int(self.printer_width.currentText()))
        fields["encoding"] = self.printer_encoding.currentText()
        fields["image_fallback"] = self.image_fallback.isChecked()
        fields["drawer_pin"] = int(self.drawer_pin.currentText())
        fields["drawer_pulse_ms"] = self.drawer_pulse.value()
        if kind == "network":
            fields["host"] = address
        elif kind == "usb":
            vendor, _, product = address.partition(":")
            fields["usb_vendor"], fields["usb_product"] = (
                parse_usb_id(vendor),
                parse_usb_id(product),
            )
        else:
            fields["path"] = address
        return PrinterConfig.from_dict(fields)

    def put_printer(self) -> None:
        try:
            config = self.printer_from_form()
        except PosError as exc:
            self._show(str(exc), False)
            return
        self._printers = list(
            DeviceSettings(printers=tuple(self._printers)).with_printer(config).printers
        )
        self._fill_printers()
        self._show(self.tr("Printer '{0}' set; press Save to keep it.").format(config.name), True)

    def remove_printer(self) -> None:
        name = self.printer_name.text().strip()
        self._printers = [p for p in self._printers if p.name != name]
        self._fill_printers()

    def _printer_selected(self) -> None:
        rows = self.printers_table.selectionModel().selectedRows()
        if not rows:
            return
        p = self._printers[rows[0].row()]
        self.printer_name.setText(p.name)
        self.printer_kind.setCurrentText(p.kind)
        address = {"network": p.host, "usb": f"{p.usb_vendor:04X}:{p.usb_product:04X}"}
        self.printer_address.setText(address.get(p.kind, p.path))
        self.image_fallback.setChecked(p.image_fallback)
        self.drawer_pin.setCurrentText(str(p.drawer_pin))
        self.drawer_pulse.setValue(p.drawer_pulse_ms)
        self.printer_width.setCurrentText(str(p.width_mm))
        self.printer_encoding.setCurrentText(p.encoding)

    def _fill_printers(self) -> None:
        rows = []
        for p in self._printers:
            address = f"{p.host}:{p.port}" if p.kind == "network" else p.path
            if p.kind == "usb":
                address = f"{p.usb_vendor:04X}:{p.usb_product:04X}"
            rows.append([p.name, p.kind, address, f"{p.width_mm} mm {p.encoding}"])
        _fill(self.printers_table, rows)

    def test_print(self) -> None:
        self._on_printer(lambda config: self._printing.test_print(config, self._store_name))

    def open_drawer(self) -> None:
        self._on_printer(self._printing.open_drawer)

    def _on_printer(self, action: Callable[[PrinterConfig], str]) -> None:
        try:
            config = self.printer_from_form()
        except PosError as exc:
            self._show(str(exc), False)
            return
        self._show(self.tr("Talking to printer '{0}'...").format(config.name), True)

        def work() -> None:
            try:
                message, ok = action(config), True
            except PosError as exc:
                message, ok = str(exc), False
            except Exception as exc:  # a driver's own error: shown, never a traceback
                message, ok = f"{config.name}: {exc}", False
            self._results.done.emit(message, ok)

        threading.Thread(target=work, name="printer-test", daemon=True).start()

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


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectRows)
    table.setSelectionMode(QTableWidget.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()


def _combo(items: list[str], current: str) -> QComboBox:
    combo = QComboBox()
    combo.addItems(items)
    combo.setCurrentText(current)
    return combo


def _about(port: PortInfo) -> str:
    return " ".join(x for x in (port.manufacturer, port.product or port.description) if x)
