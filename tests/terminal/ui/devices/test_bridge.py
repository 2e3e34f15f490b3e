"""A code read on a (pseudo-terminal) serial port arrives as a Qt signal on the GUI thread."""

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from terminal.devices.config import ScannerConfig
from terminal.devices.scanners import ScannerManager
from terminal.devices.simulators.virtual_scanner import VirtualScanner
from terminal.ui.devices.bridge import ScannerBridge
from tests.helpers.devices import FAST, Lister

WAIT_MS = 3000


@pytest.fixture
def line(qapp):
    with VirtualScanner() as sim:
        manager = ScannerManager(lister=Lister(sim), timing=FAST)
        bridge = ScannerBridge(manager)
        yield sim, manager, bridge
        bridge.detach()
        assert manager.stop(timeout_s=3)


def test_a_scanned_code_arrives_as_a_signal_on_the_gui_thread(qtbot, line):
    sim, manager, bridge = line
    seen = []
    bridge.scanned.connect(
        lambda scanner, code: seen.append(
            (scanner, code, QThread.currentThread() is QCoreApplication.instance().thread())
        )
    )
    with qtbot.waitSignal(bridge.state_changed, timeout=WAIT_MS, check_params_cb=_connected):
        manager.configure([ScannerConfig(name="hand", port=sim.port)])
    with qtbot.waitSignal(bridge.scanned, timeout=WAIT_MS) as blocker:
        sim.scan("6901234567892")
    assert blocker.args == ["hand", "6901234567892"]
    assert seen == [("hand", "6901234567892", True)]


def test_unplugging_arrives_as_a_state_signal(qtbot, line):
    sim, manager, bridge = line
    with qtbot.waitSignal(bridge.state_changed, timeout=WAIT_MS, check_params_cb=_connected):
        manager.configure([ScannerConfig(name="hand", port=sim.port)])
    with qtbot.waitSignal(
        bridge.state_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda name, state, detail: state == "disconnected",
    ) as blocker:
        sim.unplug()
    assert blocker.args[0] == "hand"


def test_a_detached_bridge_relays_nothing(qtbot, line):
    sim, manager, bridge = line
    with qtbot.waitSignal(bridge.state_changed, timeout=WAIT_MS, check_params_cb=_connected):
        manager.configure([ScannerConfig(name="hand", port=sim.port)])
    bridge.detach()
    with qtbot.assertNotEmitted(bridge.scanned, wait=200):
        sim.scan("IGNORED")


def _connected(name: str, state: str, detail: str) -> bool:
    return state == "connected"
