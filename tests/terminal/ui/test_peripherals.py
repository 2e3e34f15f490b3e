"""The counter connected to its devices: receipts reach the (simulated) printer, a serial
scanner's codes show members, device states reach the status bar, no sync when standalone."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal.devices.config import DeviceSettings, ScannerConfig
from terminal.devices.simulators.virtual_scanner import VirtualScanner
from terminal.ui.peripherals import VIRTUAL_PRINTER_DIR, attach
from tests.helpers.devices import FAST
from tests.helpers.services_kit import buy


def test_receipts_go_to_the_simulated_printer(logged_in, shop, qtbot):
    peripherals = attach(logged_in, shop.svc, FAST)
    assert peripherals.printer.kind == "virtual" and peripherals.sync is None
    assert logged_in.status.printer.text() == "Printer: simulated"
    assert logged_in.status.link.text() == "Standalone"
    member = shop.sign_up()
    sale = buy(shop, member, 5_000)
    logged_in.receipts("sale", sale.sale_id)
    folder = Path(shop.path).parent / VIRTUAL_PRINTER_DIR
    qtbot.waitUntil(lambda: len(list(folder.glob("*.png"))) == 1, timeout=10_000)
    assert len(list(folder.glob("*.bin"))) == 1
    assert "No printer configured" not in logged_in.status.currentMessage()


def test_a_serial_scanner_shows_the_member(logged_in, shop, qtbot):
    member = shop.sign_up()
    with VirtualScanner() as sim:
        settings = DeviceSettings(scanners=(ScannerConfig(name="counter", port=sim.port),))
        shop.svc.devices.save(settings, shop.manager)
        attach(logged_in, shop.svc, FAST, sync=False)
        status = logged_in.status
        qtbot.waitUntil(lambda: status.scanner.toolTip() == "counter", timeout=5000)
        assert status.scanner.text() == "Scanner: ready"
        sim.scan(member.card_no)
        qtbot.waitUntil(lambda: logged_in.counter.member is not None, timeout=5000)
        assert logged_in.counter.member.id == member.id
        sim.unplug()
        qtbot.waitUntil(lambda: logged_in.status.scanner.text() == "Scanner: offline", timeout=5000)
        logged_in.stop()  # the readers are joined before the pseudo-terminal goes


def test_f10_opens_the_device_settings(logged_in, shop, qtbot):
    attach(logged_in, shop.svc, FAST, sync=False)
    QTest.keyClick(logged_in, Qt.Key.Key_F10)
    dialog = logged_in.active_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=2000)


def test_without_devices_f10_says_so(logged_in):
    QTest.keyClick(logged_in, Qt.Key.Key_F10)
    assert "not available" in logged_in.status.currentMessage()


def test_the_link_to_head_office_is_read_in_the_background(logged_in, shop, qtbot):
    from types import SimpleNamespace

    peripherals = attach(logged_in, shop.svc, FAST, sync=False)
    answers = [SimpleNamespace(online=True, base_url="https://ho.example", last_error=None)]

    class Runner:
        def status(self):
            return answers[-1]

        def stop(self):
            pass

    peripherals.sync = Runner()
    status = logged_in.status
    status.link_reader = peripherals.link_state
    status.refresh()
    qtbot.waitUntil(lambda: status.link.text() == "Online", timeout=3000)
    assert status.link.toolTip() == "https://ho.example"
    answers.append(SimpleNamespace(online=False, base_url="", last_error="connection refused"))
    qtbot.waitUntil(lambda: not status._reading, timeout=3000)
    status.refresh()
    qtbot.waitUntil(lambda: status.link.text() == "Offline", timeout=3000)
    assert status.link.toolTip() == "connection refused"
