"""The printers part of the device settings dialog: the list, the form, "test print" and
"open drawer" (run off the GUI thread; the result comes back as a queued signal)."""

import threading
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from terminal.devices import diagnostics
from terminal.devices.config import DeviceSettings, parse_usb_id
from terminal.devices.printing import ENCODINGS, KINDS, PAPER, PrinterConfig
from terminal.domain.errors import PosError
from terminal.ui.devices.widgets import fill_table, make_combo, make_table


class PrinterActions(Protocol):
    def test_print(self, config: PrinterConfig, store_name: str = "") -> str: ...
    def open_drawer(self, config: PrinterConfig) -> str: ...


class DirectPrinterActions:
    """Talk to the printer directly (when no print queue is running)."""

    def test_print(self, config: PrinterConfig, store_name: str = "") -> str:
        return diagnostics.test_print(config, store_name)

    def open_drawer(self, config: PrinterConfig) -> str:
        return diagnostics.open_drawer(config)


class PrinterResults(QObject):
    """Carries a printer action's outcome back to the GUI thread."""

    done = Signal(str, bool)  # message, ok


class PrinterPanel:
    """Mixed into `DeviceSettingsDialog`, which holds the state it uses."""

    def _printers_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Receipt printers"))
        col = QVBoxLayout(box)
        self.printers_table = make_table(
            [self.tr("Name"), self.tr("Kind"), self.tr("Address"), self.tr("Paper")]
        )
        self.printers_table.itemSelectionChanged.connect(self._printer_selected)
        col.addWidget(self.printers_table)
        form = QFormLayout()
        self.printer_name = QLineEdit("receipt")
        self.printer_kind = make_combo(list(KINDS), "network")
        self.printer_address = QLineEdit(
            placeholderText="192.168.1.50 / COM3 / /dev/usb/lp0 / 0416:5011"
        )
        self.printer_width = make_combo([str(w) for w in PAPER], "80")
        self.printer_encoding = make_combo(list(ENCODINGS), "gb18030")
        self.image_fallback = QCheckBox(self.tr("Print Chinese as pictures (no Chinese font)"))
        self.drawer_pin = make_combo(["2", "5"], "2")
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
        fill_table(self.printers_table, rows)

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
