"""The counter's printer from the saved device settings: receipts from the dialogs, the
status bar, settings changes taking effect at once, test print and drawer through the
queue, and the counter window wired to all of it."""

import os
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from terminal.devices.config import DeviceSettings  # noqa: E402
from terminal.devices.printing import PrinterConfig, PrinterStatus  # noqa: E402
from terminal.domain.errors import PosError  # noqa: E402
from terminal.ui.printing.runtime import PrinterRuntime  # noqa: E402
from tests.helpers.services_kit import buy  # noqa: E402


@pytest.fixture(scope="module")
def app():
    return QApplication.instance() or QApplication([])


def settle(app, predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


class Board:
    def __init__(self):
        self.printer = None

    def set_printer(self, state, detail=""):
        self.printer = (state, detail)


def virtual(tmp_path, name="receipt") -> PrinterConfig:
    return PrinterConfig(kind="virtual", name=name, path=str(tmp_path / name))


@pytest.fixture
def runtime(app, shop):
    rt = PrinterRuntime(shop.svc, operator=lambda: shop.cashier, watch_ms=0)
    yield rt
    rt.stop()


def test_no_printer_set_up(runtime):
    board = Board()
    runtime.connect_board(board)
    runtime.start()
    assert runtime.bridge is None and board.printer == ("none", "")
    with pytest.raises(PosError, match="No printer"):
        runtime("sale", "x")


def test_receipts_print_on_the_saved_printer_and_settings_apply_at_once(
    app, shop, runtime, tmp_path
):
    shop.svc.devices.save(DeviceSettings(printers=(virtual(tmp_path),)), shop.manager)
    board = Board()
    runtime.connect_board(board)
    runtime.start()
    assert board.printer == ("simulated", "")
    member = shop.sign_up()
    sale = buy(shop, member, 4_000)
    runtime("sale", sale.sale_id)
    runtime.bridge.queue.wait_idle()
    assert any(p.name.endswith(".png") for p in (tmp_path / "receipt").iterdir())

    runtime.apply(DeviceSettings(printers=(virtual(tmp_path, "counter2"),)))
    runtime("signup", member.id)  # the sign-up screen sends the member id
    runtime.bridge.queue.wait_idle()
    assert [p.suffix for p in (tmp_path / "counter2").iterdir()].count(".bin") == 1

    runtime.apply(DeviceSettings())
    assert runtime.bridge is None and board.printer == ("none", "")


def test_test_print_and_drawer_go_through_the_queue(app, shop, runtime, tmp_path):
    config = virtual(tmp_path)
    runtime.apply(DeviceSettings(printers=(config,)))
    assert "Test page printed" in runtime.test_print(config, "测试门店")
    assert "Drawer opened" in runtime.open_drawer(config)
    runtime.bridge.queue.printer.simulate(PrinterStatus(online=True, cover_open=True))
    with pytest.raises(PosError, match="cover"):
        runtime.open_drawer(config)
    with pytest.raises(PosError, match="cover"):
        runtime.test_print(config)
    other = virtual(tmp_path, "spare")  # not the running printer: talked to directly
    assert "spare" in runtime.test_print(other)


def test_the_counter_window_gets_its_printer(app, shop, tmp_path):
    from terminal.ui.main_window import MainWindow
    from terminal.ui.printing.runtime import attach_printing

    shop.svc.devices.save(DeviceSettings(printers=(virtual(tmp_path),)), shop.manager)
    window = MainWindow(shop.svc)
    printing = attach_printing(window, shop.svc)
    try:
        assert window.receipts.printer is printing
        assert window.devices.printer[0] == "simulated"
        window.operator = shop.cashier
        member = shop.sign_up()
        sale = buy(shop, member, 4_000)
        printing.bridge.queue.printer.simulate(PrinterStatus(online=False, paper="out"))
        window.receipts("sale", sale.sale_id)
        assert settle(app, lambda: window.devices.printer[0] == "error")
        key = window.counter.buttons["prints"]  # Ctrl+P, also a key to tap
        assert key.text() == "Ctrl+P  Failed prints"
        key.click()
        panel = window.active_dialog
        assert panel is not None and panel.isVisible() and panel.table.rowCount() == 1
        assert panel.parent() is window and panel.operator == shop.cashier
        printing.open_failed_prints()  # one window at a time
        assert window.active_dialog is panel
        printing.bridge.queue.printer.simulate(PrinterStatus(online=True, paper="ok"))
        panel.retry_button.click()
        assert settle(app, lambda: panel.notice.text().endswith("printed."))
        assert printing.bridge.queue.failed == [] and panel.table.rowCount() == 0
        panel.reject()
        assert settle(app, lambda: window.active_dialog is None)
        window.operator = None  # locked: Ctrl+P opens nothing
        printing.open_failed_prints()
        assert window.active_dialog is None
        printing.apply(DeviceSettings())
        assert window.receipts.printer is None
        assert key.isHidden()  # no printer: nothing to retry or reprint on
        assert printing.show_failed_prints(window) is None
    finally:
        printing.stop()
        window.stop()
        window.deleteLater()
