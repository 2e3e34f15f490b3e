"""Serial scanners on the counter window: a code scanned finds the member, and the
status bar shows whether the scanners are there."""

from terminal.devices.config import DeviceSettings, ScannerConfig
from terminal.devices.simulators.virtual_scanner import VirtualScanner
from terminal.ui.devices.runtime import attach_scanners
from tests.helpers.devices import FAST, Lister

WAIT_MS = 3000


def test_a_serial_scan_finds_the_member_and_the_status_bar_follows_the_scanner(
    logged_in, shop, qtbot
):
    member = shop.sign_up()
    with VirtualScanner() as sim:
        shop.svc.devices.save(
            DeviceSettings(scanners=(ScannerConfig(name="counter", port=sim.port),)), shop.manager
        )
        scanners = attach_scanners(logged_in, shop.svc.devices.load, Lister(sim), FAST)
        try:
            assert scanners.start()
            qtbot.waitUntil(
                lambda: logged_in.devices.scanner == ("ready", "counter"), timeout=WAIT_MS
            )
            sim.scan(member.card_no)
            qtbot.waitUntil(lambda: logged_in.counter.member is not None, timeout=WAIT_MS)
            assert logged_in.counter.member.id == member.id
            sim.unplug()
            qtbot.waitUntil(lambda: logged_in.devices.scanner[0] == "offline", timeout=WAIT_MS)
            assert logged_in.devices.scanner[1].startswith("counter: ")
        finally:
            assert scanners.stop()
    qtbot.waitUntil(lambda: logged_in.devices.scanner == ("ready", "keyboard"), timeout=WAIT_MS)


def test_unreadable_device_settings_leave_the_keyboard_scanner_working(logged_in, qtbot):
    from terminal.domain.errors import PosError

    def broken():
        raise PosError("the database is busy")

    scanners = attach_scanners(logged_in, broken, Lister(), FAST)
    assert scanners.start() is False
    assert logged_in.devices.scanner == ("ready", "keyboard")
    assert scanners.stop()


def test_the_devices_dialog_of_the_counter_saves_and_applies(logged_in, shop, qtbot):
    from terminal.ui.devices.counter_dialog import DevicesDialog
    from tests.helpers.shop import MANAGER_PIN

    with VirtualScanner() as sim:
        logged_in.scanners = attach_scanners(logged_in, shop.svc.devices.load, Lister(sim), FAST)
        try:
            logged_in.scanners.start()
            dialog = DevicesDialog(shop.svc, shop.manager, parent=logged_in)
            qtbot.addWidget(dialog)
            assert dialog.approver.text() == "manager"  # a manager at the till approves
            dialog.scanner_name.setText("hand")
            dialog.port_edit.setEditText(sim.port)
            dialog.put_scanner()
            dialog.approver_pin.setText(MANAGER_PIN)
            dialog.save_settings()
            assert dialog.message.text() == "Saved (settings version 1)."
            qtbot.waitUntil(
                lambda: logged_in.scanners.manager.connected() == ["hand"], timeout=WAIT_MS
            )
            qtbot.waitUntil(
                lambda: dialog.scanner_state("hand").startswith("connected"), timeout=WAIT_MS
            )
            dialog.approver_pin.setText(MANAGER_PIN)
            dialog.save_settings()
            assert dialog.message.text() == "Nothing changed."
            dialog.reject()
        finally:
            assert logged_in.scanners.stop()


class FakePrinting:
    """The window's printer runtime, as the devices dialog sees it."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.applied: list[DeviceSettings] = []

    def test_print(self, config, store_name=""):
        self.calls.append(f"test {config.name} {store_name}")
        return "printed through the queue"

    def open_drawer(self, config):
        self.calls.append(f"drawer {config.name}")
        return "drawer opened through the queue"

    def apply(self, settings):
        self.applied.append(settings)


def test_the_devices_dialog_prints_through_the_window_queue(logged_in, shop, qtbot, tmp_path):
    from terminal.devices.printing import PrinterConfig
    from terminal.ui.devices.counter_dialog import DevicesDialog
    from tests.helpers.shop import MANAGER_PIN

    printer = PrinterConfig(kind="virtual", name="receipt", path=str(tmp_path))
    shop.svc.devices.save(DeviceSettings(printers=(printer,)), shop.manager)
    logged_in.printing = FakePrinting()
    dialog = DevicesDialog(shop.svc, shop.cashier, parent=logged_in)
    qtbot.addWidget(dialog)
    assert dialog.approver.text() == ""  # a cashier: a manager must come and approve
    dialog.printers_table.selectRow(0)
    dialog.test_print()
    qtbot.waitUntil(lambda: dialog.message.text() == "printed through the queue", timeout=WAIT_MS)
    dialog.open_drawer()
    qtbot.waitUntil(lambda: "drawer opened" in dialog.message.text(), timeout=WAIT_MS)
    assert logged_in.printing.calls == ["test receipt 测试门店", "drawer receipt"]
    dialog.printer_width.setCurrentText("58")
    dialog.put_printer()
    dialog.approver.setText("manager")
    dialog.approver_pin.setText(MANAGER_PIN)
    dialog.save_settings()
    assert [s.printer().width_mm for s in logged_in.printing.applied] == [58]
    dialog.reject()
