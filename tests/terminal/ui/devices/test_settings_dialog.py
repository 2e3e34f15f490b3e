"""The device settings dialog: ports present, scanners with live state, test scan, test
print, open drawer, and saving with a manager's PIN (through the real services)."""

import pytest

from terminal.devices.config import DeviceSettings, ScannerConfig
from terminal.devices.ports import PortInfo
from terminal.devices.printing import PrinterConfig
from terminal.devices.scanners import ScannerManager
from terminal.devices.simulators.virtual_scanner import VirtualScanner
from terminal.ui.devices.settings_dialog import DeviceSettingsDialog
from tests.helpers.devices import FAST, Lister
from tests.helpers.services_kit import audit_rows
from tests.helpers.shop import MANAGER_PIN

WAIT_MS = 3000
HONEYWELL = PortInfo(
    "/dev/ttyACM0", "Honeywell 1900GSR", "Honeywell", "1900GSR", 0x0C2E, 0x0B61, "17011B2A53"
)
RS232 = PortInfo("/dev/ttyS0", "ttyS0")


def save_through(shop):
    def save(settings, manager, pin):
        approver = shop.svc.operators.approve(manager, pin)
        return f"saved (version {shop.svc.devices.save(settings, approver).version})"

    return save


@pytest.fixture
def sim():
    with VirtualScanner() as sim:
        yield sim


@pytest.fixture
def dialog_for(qtbot, shop):
    made = []

    def make(settings=DeviceSettings(), **kw):
        kw.setdefault("timing", FAST)
        dialog = DeviceSettingsDialog(settings, save_through(shop), **kw)
        qtbot.addWidget(dialog)
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        dialog.reject()


def cells(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_lists_the_ports_present_with_their_usb_ids(dialog_for):
    dialog = dialog_for(lister=Lister(extra=(HONEYWELL, RS232)))
    assert cells(dialog.ports_table) == [
        ["/dev/ttyACM0", "Honeywell 1900GSR", "0C2E:0B61 SN=17011B2A53"],
        ["/dev/ttyS0", "ttyS0", ""],
    ]
    assert [dialog.port_edit.itemText(i) for i in range(2)] == ["/dev/ttyACM0", "/dev/ttyS0"]


def test_a_scanner_added_in_the_form_is_saved_with_a_manager_pin_and_audited(dialog_for, shop):
    dialog = dialog_for(lister=Lister(extra=(HONEYWELL,)))
    dialog.scanner_name.setText("hand")
    dialog.ports_table.selectRow(0)  # picking a port present fills the form
    assert dialog.port_edit.currentText() == "/dev/ttyACM0" and dialog.by_usb.isChecked()
    dialog.terminator.setCurrentText("CRLF")
    dialog.framing.setCurrentText("7E1")
    dialog.put_scanner()
    assert cells(dialog.scanners_table)[0][:4] == [
        "hand", "/dev/ttyACM0", "0C2E:0B61 SN=17011B2A53", "9600 7E1 CRLF",
    ]  # fmt: skip

    dialog.approver.setText("manager")
    dialog.approver_pin.setText("0000")
    dialog.save_settings()
    assert "wrong PIN" in dialog.message.text()
    assert shop.svc.devices.current().version == 0

    dialog.approver_pin.setText(MANAGER_PIN)
    dialog.save_settings()
    assert dialog.message.text() == "saved (version 1)"
    assert dialog.approver_pin.text() == ""  # never left on screen
    saved = shop.svc.devices.load().scanner("hand")
    assert (saved.usb_vid, saved.usb_serial, saved.parity) == (0x0C2E, "17011B2A53", "E")
    assert audit_rows(shop, "devices.change")[-1]["approver_id"] == shop.manager.id


def test_bad_form_input_is_a_message_not_a_crash(dialog_for):
    dialog = dialog_for(lister=Lister(extra=(RS232,)))
    dialog.scanner_name.setText("")
    dialog.put_scanner()
    assert "name" in dialog.message.text()
    dialog.scanner_name.setText("a")
    dialog.port_edit.setEditText("/dev/ttyS0")
    dialog.by_usb.setChecked(True)
    dialog.put_scanner()
    assert "not a USB port" in dialog.message.text()
    dialog.printer_kind.setCurrentText("network")
    dialog.printer_address.setText("")
    dialog.put_printer()
    assert "host name or IP" in dialog.message.text()


def test_test_scan_shows_the_next_code_from_the_scanner_in_the_form(qtbot, dialog_for, sim):
    dialog = dialog_for(lister=Lister(sim))
    dialog.port_edit.setEditText(sim.port)
    dialog.test_scan()
    assert "Waiting for a scan" in dialog.scan_result.text()
    qtbot.waitUntil(lambda: dialog._test_manager.connected() == ["scanner"], timeout=WAIT_MS)
    sim.scan("6901234567892")
    qtbot.waitUntil(lambda: "6901234567892" in dialog.scan_result.text(), timeout=WAIT_MS)
    assert dialog.scan_result.text() == "Scanned on 'scanner': 6901234567892"
    assert dialog._test_manager is None  # the test reader is closed again


def test_live_state_and_test_scan_through_the_running_reader(qtbot, dialog_for, sim):
    config = ScannerConfig(name="hand", port=sim.port)
    manager = ScannerManager(lister=Lister(sim), timing=FAST)
    try:
        manager.configure([config])
        qtbot.waitUntil(lambda: manager.connected() == ["hand"], timeout=WAIT_MS)
        dialog = dialog_for(DeviceSettings(scanners=(config,)), manager=manager)
        assert dialog.scanner_state("hand").startswith("connected")
        dialog.scanners_table.selectRow(0)
        assert dialog.port_edit.currentText() == sim.port
        dialog.test_scan()
        assert dialog._test_manager is None  # no second reader: the port is exclusive
        sim.scan("A-1")
        qtbot.waitUntil(lambda: "A-1" in dialog.scan_result.text(), timeout=WAIT_MS)
        sim.unplug()
        qtbot.waitUntil(
            lambda: dialog.scanner_state("hand").startswith("disconnected"), timeout=WAIT_MS
        )
    finally:
        assert manager.stop(timeout_s=3)


def test_test_print_and_open_drawer_reach_the_printer(qtbot, dialog_for, tmp_path):
    printer = PrinterConfig(kind="virtual", name="receipt", path=str(tmp_path / "printer"))
    dialog = dialog_for(DeviceSettings(printers=(printer,)), store_name="测试门店")
    dialog.printers_table.selectRow(0)
    assert dialog.printer_address.text() == str(tmp_path / "printer")
    dialog.test_print()
    qtbot.waitUntil(lambda: "test page sent" in dialog.message.text(), timeout=10_000)
    pages = sorted((tmp_path / "printer").glob("*.png"))
    assert len(pages) == 1 and pages[0].stat().st_size > 1000
    dialog.open_drawer()
    qtbot.waitUntil(lambda: "drawer pulse sent" in dialog.message.text(), timeout=WAIT_MS)
    drawer = sorted((tmp_path / "printer").glob("*.bin"))[-1].read_bytes()
    assert b"\x1bp" in drawer  # ESC p: the drawer kick


def test_an_unreachable_printer_says_so(qtbot, dialog_for, tmp_path):
    offline = PrinterConfig(kind="file", name="receipt", path=str(tmp_path / "no" / "lp0"))
    dialog = dialog_for(DeviceSettings(printers=(offline,)))
    dialog.printers_table.selectRow(0)
    dialog.test_print()
    qtbot.waitUntil(lambda: "cannot reach the printer" in dialog.message.text(), timeout=10_000)
    assert dialog.message.property("ok") is False


def test_without_printing_the_buttons_say_it_is_not_available(dialog_for):
    dialog = dialog_for(printing=None)
    assert not dialog.test_print_button.isEnabled()
    assert "not available" in dialog.drawer_button.toolTip()


def test_saved_settings_take_effect_at_once_in_the_running_counter(qtbot, shop, sim):
    from terminal.ui.devices.runtime import ScannerRuntime

    runtime = ScannerRuntime(shop.svc.devices.load, lister=Lister(sim), timing=FAST)
    try:
        runtime.start()
        assert runtime.manager.statuses() == []  # nothing configured yet
        dialog = runtime.settings_dialog(save_through(shop))
        qtbot.addWidget(dialog)
        dialog.scanner_name.setText("counter")
        dialog.port_edit.setEditText(sim.port)
        dialog.put_scanner()
        dialog.approver.setText("manager")
        dialog.approver_pin.setText(MANAGER_PIN)
        dialog.save_settings()
        assert dialog.message.text() == "saved (version 1)"
        with qtbot.waitSignal(runtime.bridge.scanned, timeout=WAIT_MS) as blocker:
            qtbot.waitUntil(lambda: runtime.manager.connected() == ["counter"], timeout=WAIT_MS)
            sim.scan("LIVE-1")
        assert blocker.args == ["counter", "LIVE-1"]
        dialog.reject()
    finally:
        assert runtime.stop()


def test_printer_form_covers_usb_ids_image_fallback_and_the_drawer(dialog_for, shop):
    dialog = dialog_for()
    dialog.printer_name.setText("receipt")
    dialog.printer_kind.setCurrentText("usb")
    dialog.printer_address.setText("0416:5011")
    dialog.printer_width.setCurrentText("58")
    dialog.printer_encoding.setCurrentText("cp437")
    dialog.image_fallback.setChecked(True)
    dialog.drawer_pin.setCurrentText("5")
    dialog.drawer_pulse.setValue(200)
    dialog.put_printer()
    assert cells(dialog.printers_table) == [["receipt", "usb", "0416:5011", "58 mm cp437"]]
    dialog.approver.setText("manager")
    dialog.approver_pin.setText(MANAGER_PIN)
    dialog.save_settings()
    saved = shop.svc.devices.load().printer("receipt")
    assert (saved.usb_vendor, saved.usb_product, saved.image_fallback) == (0x0416, 0x5011, True)
    assert (saved.drawer_pin, saved.drawer_pulse_ms, saved.width_mm) == (5, 200, 58)
    dialog.printer_address.setText("nonsense")
    dialog.put_printer()
    assert "USB id" in dialog.message.text()


def test_the_dialog_speaks_simplified_chinese(qtbot, qapp, tmp_path):
    from pathlib import Path

    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QPushButton

    qm = Path(__file__).parents[4] / "resources" / "translations" / "devices_zh_CN.qm"
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    try:
        dialog = DeviceSettingsDialog(DeviceSettings(), lambda *a: "", lister=Lister())
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "设备设置"
        assert [dialog.tabs.tabText(i) for i in range(2)] == ["扫码枪", "打印机和钱箱"]
        buttons = {b.text() for b in dialog.findChildren(QPushButton)}
        assert {"测试扫码", "测试打印", "打开钱箱", "保存"} <= buttons
        dialog.grab().save(str(tmp_path / "devices-zh.png"))  # for a person to look at
        dialog.reject()
    finally:
        qapp.removeTranslator(translator)
