"""The Qt side of printing: queue events arrive as signals in the GUI thread, the status
bar's printer state follows the queue, the failed-prints panel retries and discards, and an
approved reprint goes through the same queue."""

import os
import threading
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from terminal.devices.printing import PrintQueue, QueueState  # noqa: E402
from terminal.ui.printing import FailedPrintsDialog, PrintBridge, board_state  # noqa: E402
from tests.helpers.receipts import FlakyPrinter, sale_receipt  # noqa: E402
from tests.helpers.services_kit import audit_rows, buy  # noqa: E402


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
    app.processEvents()
    return predicate()


def failed_dialog(shop, bridge) -> FailedPrintsDialog:
    return FailedPrintsDialog(shop.svc, shop.cashier, bridge=bridge)


@pytest.fixture
def printer():
    return FlakyPrinter()


@pytest.fixture
def bridge(app, shop, printer, tmp_path):
    queue = PrintQueue(printer, tmp_path / "spool.jsonl")
    bridge = PrintBridge(
        queue,
        build=shop.svc.receipts.build,
        sign_up=shop.svc.receipts.sign_up,
    )
    yield bridge
    queue.stop()


def test_signals_arrive_in_the_gui_thread(app, shop, bridge, printer):
    member = shop.sign_up()
    sale = buy(shop, member, 5_000)
    threads, states = [], []
    bridge.job_printed.connect(lambda job_id: threads.append(threading.current_thread()))
    bridge.state_changed.connect(states.append)
    job_id = bridge("sale", sale.receipt_no)
    assert job_id is not None
    assert settle(app, lambda: threads)
    assert threads == [threading.main_thread()]
    assert states[-1].printer == "ready"
    assert printer.receipts[0].receipt_no == sale.receipt_no


def test_a_failure_reaches_the_panel_and_retry_prints_it(app, shop, bridge, printer):
    member = shop.sign_up()
    sale = buy(shop, member, 5_000)
    printer.go_offline()
    failures = []
    bridge.job_failed.connect(lambda job_id, message: failures.append(message))
    panel = failed_dialog(shop, bridge)
    bridge("sale", sale.sale_id)
    assert settle(app, lambda: failures and panel.table.rowCount() == 1)
    assert "cannot reach the printer" in failures[0]
    assert panel.table.item(0, 0).text() == sale.receipt_no
    assert panel.table.item(0, 3).text() == "Printer offline or unplugged"
    assert "cannot reach the printer" in panel.table.item(0, 3).toolTip()
    assert board_state(bridge.queue.state) == ("offline", failures[0] + " (1 failed)")
    printer.recover()
    panel.retry_button.click()
    assert settle(app, lambda: printer.receipts and panel.table.rowCount() == 0)
    assert panel.empty.isVisibleTo(panel)
    assert [r.receipt_no for r in printer.receipts] == [sale.receipt_no]
    assert not printer.receipts[0].reprint


def test_an_approved_reprint_prints_marked_and_keeps_the_drawer_shut(app, shop, bridge, printer):
    member = shop.sign_up()
    sale = buy(shop, member, 5_000, cash_fen=5_000)
    copy = shop.svc.reprints.reprint(sale.receipt_no, shop.cashier, shop.manager)
    job = bridge.print_copy(copy.receipt)
    assert settle(app, lambda: printer.receipts)
    assert printer.receipts[0].reprint and bridge.queue.job(job).open_drawer is False
    assert audit_rows(shop, "receipt.reprint")[-1]["approver_id"] == shop.manager.id


def test_discard_and_a_receipt_that_does_not_exist(app, shop, bridge, printer):
    notices = []
    bridge.notice.connect(notices.append)
    assert bridge("sale", "0012-03-999999") is None
    assert "no sale" in notices[-1]
    member = shop.sign_up()
    printer.go_offline()
    bridge("signup", member.card_no)
    panel = failed_dialog(shop, bridge)
    assert settle(app, lambda: panel.table.rowCount() == 1)
    assert panel.table.item(0, 1).text() == "Sign-up"
    panel.discard_button.click()
    panel.confirm_yes.click()
    assert panel.table.rowCount() == 0 and bridge.queue.failed == []


def test_board_states():
    assert board_state(QueueState("idle")) == ("ready", "")
    assert board_state(QueueState("printing"), simulated=True) == ("simulated", "")
    assert board_state(QueueState("cover_open", 0, 2, "cover open")) == (
        "error",
        "cover open (2 failed)",
    )


def test_start_printing_spools_beside_the_database(app, shop, tmp_path):
    from terminal.devices.printing import PrinterConfig
    from terminal.ui.printing import start_printing

    config = PrinterConfig(kind="virtual", path=str(tmp_path / "paper"))
    bridge = start_printing(shop.svc, config)
    try:
        member = shop.sign_up()
        sale = buy(shop, member, 5_000)
        job = bridge("sale", sale.receipt_no)
        assert bridge.queue.wait_idle()
        assert bridge.queue.job(job).status == "printed"
        assert (shop.path.parent / "print-spool.jsonl").exists()
        assert sorted(p.suffix for p in (tmp_path / "paper").iterdir()) == [".bin", ".png"]
    finally:
        bridge.queue.stop()


def test_watch_asks_the_printer_now_and_then(app, bridge, printer):
    from terminal.devices.printing import PrinterStatus

    printer.status = lambda: PrinterStatus(online=False, paper="out")
    states = []
    bridge.state_changed.connect(states.append)
    bridge.watch(every_ms=20)
    assert settle(app, lambda: len(states) >= 3)
    assert states[-1].printer == "paper_out"
    assert board_state(states[-1]) == ("error", "the printer is out of paper")
    bridge._timer.stop()


def test_a_status_board_follows_the_queue(app, shop, bridge, printer):
    class Board:
        def __init__(self):
            self.printer = None

        def set_printer(self, state, detail=""):
            self.printer = (state, detail)

    board = Board()
    bridge.connect_board(board)
    assert board.printer == ("ready", "")
    member = shop.sign_up()
    sale = buy(shop, member, 5_000)
    printer.run_out_of_paper()
    bridge("sale", sale.receipt_no)
    assert settle(app, lambda: board.printer[0] == "error")
    assert board.printer[1] == "the printer is out of paper (1 failed)"


def test_the_panel_speaks_chinese(app, shop, bridge, printer):
    from pathlib import Path

    from PySide6.QtCore import QTranslator

    qm = Path(__file__).parents[4] / "resources" / "translations" / "printing_zh_CN.qm"
    translator = QTranslator()
    assert translator.load(str(qm))
    printer.run_out_of_paper()
    bridge.queue.submit(sale_receipt())
    bridge.queue.wait_idle()
    panel = failed_dialog(shop, bridge)
    assert panel.retry_button.text() == "Retry (Enter)"
    app.installTranslator(translator)
    try:
        app.processEvents()  # the LanguageChange event retranslates the open panel
        assert panel.retry_button.text() == "重试（回车）"
        assert panel.table.item(0, 3).text() == "缺纸"
        assert panel.table.item(0, 1).text() == "销售"
    finally:
        app.removeTranslator(translator)
        app.processEvents()
    assert panel.retry_button.text() == "Retry (Enter)"
