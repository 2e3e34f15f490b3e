"""The scanners part of the device settings dialog: the list with live state, the form,
and "test scan" (through the counter's running reader, or a reader of its own)."""

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from terminal.devices.config import TERMINATORS, DeviceSettings, ScannerConfig
from terminal.devices.ports import BAUD_RATES
from terminal.devices.scanners import ScannerManager
from terminal.domain.errors import PosError
from terminal.ui.devices.bridge import ScannerBridge
from terminal.ui.devices.widgets import fill_table, make_combo, make_table

TEST_SCAN_S = 30


class ScannerPanel:
    """Mixed into `DeviceSettingsDialog`, which holds the state it uses."""

    def _scanners_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Serial scanners"))
        col = QVBoxLayout(box)
        self.scanners_table = make_table(
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
        self.baud = make_combo([str(b) for b in BAUD_RATES], "9600")
        self.framing = make_combo(["8N1", "7E1", "7O1", "8E1", "8O1", "8N2"], "8N1")
        self.terminator = make_combo([t.upper() for t in TERMINATORS], "CR")
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
        fill_table(self.scanners_table, rows)

    def _on_state(self, name: str, state: str, detail: str) -> None:
        self._live[name] = (state, detail)
        self._fill_scanners()

    def scanner_state(self, name: str) -> str:
        """What the State column shows for `name` (for tests and screen readers)."""
        for row, s in enumerate(self._scanners):
            if s.name == name:
                return self.scanners_table.item(row, 4).text()
        return ""

    # test scan

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
