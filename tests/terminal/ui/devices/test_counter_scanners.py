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
