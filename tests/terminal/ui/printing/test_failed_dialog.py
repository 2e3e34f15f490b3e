"""The failed-prints window (Ctrl+P) and the reprint window it opens, through the real
widgets: centred on the counter, Esc closes, finger-sized buttons, Retry prints again and
says how it went (an unplugged printer loses nothing), Discard asks first, and a reprint
needs a manager's PIN and prints a marked, audited copy."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget

from terminal.devices.printing import PrintQueue
from terminal.ui.dialogs.reprint import ReprintDialog
from terminal.ui.printing import FailedPrintsDialog, PrintBridge
from tests.helpers.receipts import FlakyPrinter
from tests.helpers.services_kit import audit_rows, buy, tally, top_up
from tests.helpers.shop import MANAGER_PIN
from tests.terminal.ui.dialogs.conftest import press_enter, type_into


@pytest.fixture
def printer():
    return FlakyPrinter()


@pytest.fixture
def bridge(qapp, shop, printer, tmp_path):
    queue = PrintQueue(printer, tmp_path / "spool.jsonl")
    bridge = PrintBridge(queue, build=shop.svc.receipts.build, sign_up=shop.svc.receipts.sign_up)
    yield bridge
    queue.stop()


@pytest.fixture
def counter(qtbot):
    """A stand-in for the counter window, away from the corner of the (800×800 offscreen)
    screen, so that a dialog left at 0,0 would show."""
    window = QWidget()
    window.setGeometry(30, 20, 760, 760)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def open_failed(qtbot, shop, bridge, counter):
    def opener(member=None) -> FailedPrintsDialog:
        dialog = FailedPrintsDialog(
            shop.svc, shop.cashier, member=member, parent=counter, bridge=bridge
        )
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog

    return opener


def failed_sale(qtbot, shop, bridge, printer, amount_fen=4_000):
    member = shop.sign_up()
    sale = buy(shop, member, amount_fen)
    printer.go_offline()  # the cable is out
    bridge("sale", sale.receipt_no)
    qtbot.waitUntil(lambda: len(bridge.queue.failed) == 1)
    return member, sale


def visible_buttons(dialog) -> list[QPushButton]:
    return [b for b in dialog.findChildren(QPushButton) if b.isVisible()]


def test_lists_the_failed_receipts_centred_with_finger_sized_buttons(
    qtbot, shop, bridge, printer, counter, open_failed
):
    _, sale = failed_sale(qtbot, shop, bridge, printer)
    dialog = open_failed()
    assert dialog.windowTitle() == "Failed prints" and dialog.title.text() == "Failed prints"
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == sale.receipt_no
    assert dialog.table.item(0, 1).text() == "Sale"
    assert dialog.table.item(0, 2).text().count(":") == 2  # HH:MM:SS
    assert dialog.table.item(0, 3).text() == "Printer offline or unplugged"
    assert "connection refused" in dialog.table.item(0, 3).toolTip()
    # A real window of the counter: a modal dialog over it, centred on it, not at 0,0.
    assert dialog.isModal() and dialog.parent() is counter
    centre, there = dialog.frameGeometry().center(), counter.frameGeometry().center()
    assert abs(centre.x() - there.x()) <= 2 and abs(centre.y() - there.y()) <= 2
    buttons = visible_buttons(dialog)
    assert {b.text() for b in buttons} >= {"Retry (Enter)", "Discard…", "Close (Esc)"}
    assert all(b.height() >= 44 for b in buttons), [(b.text(), b.height()) for b in buttons]
    assert dialog.table.rowHeight(0) >= 44
    assert dialog.focusWidget() is dialog.table
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert len(bridge.queue.failed) == 1  # closing forgets nothing


def test_retry_on_an_unplugged_printer_says_so_and_loses_nothing_then_prints(
    qtbot, shop, bridge, printer, open_failed, tmp_path
):
    _, sale = failed_sale(qtbot, shop, bridge, printer)
    dialog = open_failed()
    press_enter(dialog.table)  # Enter retries the selected receipt; still unplugged
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    message = dialog.error.text()
    assert sale.receipt_no in message and "did not print" in message
    assert "offline or unplugged" in message and "cable" in message
    assert "nothing is lost" in message
    assert dialog.table.rowCount() == 1 and printer.receipts == []
    assert sale.receipt_no in (tmp_path / "spool.jsonl").read_text(encoding="utf-8")
    printer.recover()  # plugged back in
    dialog.retry_button.click()
    assert dialog.table.item(0, 3).text() == "Printing again…"  # on the list until it is out
    assert not dialog.retry_button.isEnabled() and not dialog.discard_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    assert [r.receipt_no for r in printer.receipts] == [sale.receipt_no]
    assert not printer.receipts[0].reprint  # the first copy that ever came out
    assert dialog.notice.text() == f"Receipt {sale.receipt_no} printed."
    assert not dialog.error.isVisible()
    assert dialog.empty.isVisible() and not dialog.retry_button.isEnabled()


def test_discard_asks_first(qtbot, shop, bridge, printer, open_failed):
    _, sale = failed_sale(qtbot, shop, bridge, printer)
    dialog = open_failed()
    dialog.discard_button.click()
    assert dialog.confirm_box.isVisible() and sale.receipt_no in dialog.confirm_text.text()
    assert dialog.focusWidget() is dialog.confirm_no  # the safe answer first
    assert all(b.height() >= 44 for b in (dialog.confirm_yes, dialog.confirm_no))
    dialog.confirm_no.click()
    assert not dialog.confirm_box.isVisible() and len(bridge.queue.failed) == 1
    dialog.discard_button.click()
    dialog.confirm_yes.click()
    assert bridge.queue.failed == [] and dialog.table.rowCount() == 0
    assert sale.receipt_no in dialog.notice.text()


def approve(dialog, pin: str) -> None:
    approval = dialog.approval
    assert approval is not None and approval.isVisible()
    type_into(approval.pin, pin)
    press_enter(approval.pin)


def test_reprint_by_number_needs_the_managers_pin_and_prints_a_marked_copy(
    qtbot, shop, bridge, printer, open_failed
):
    member = shop.sign_up()
    sale = buy(shop, member, 3_000, cash_fen=5_000)
    failed = open_failed()
    reprint = failed.open_reprint()
    qtbot.waitExposed(reprint)
    assert reprint.focusWidget() is reprint.receipt_no
    assert all(b.height() >= 44 for b in visible_buttons(reprint))
    type_into(reprint.receipt_no, sale.receipt_no)
    press_enter(reprint.receipt_no)  # finds it and asks for the approval
    assert "Sale" in reprint.found_text.text() and "¥30.00" in reprint.found_text.text()
    assert sale.receipt_no in reprint.approval.reason.text()
    approve(reprint, "0000")  # a wrong PIN: refused, nothing printed or recorded
    assert "Wrong PIN" in reprint.approval.error.text()
    assert audit_rows(shop, "receipt.reprint") == [] and printer.receipts == []
    approve(reprint, MANAGER_PIN)
    qtbot.waitUntil(lambda: bool(printer.receipts))
    (copy,) = printer.receipts
    assert copy.receipt_no == sale.receipt_no and copy.reprint and copy.reprinted_at
    (row,) = audit_rows(shop, "receipt.reprint")
    assert row["operator_id"] == shop.cashier.id and row["approver_id"] == shop.manager.id
    assert "marked as a reprint, approved by manager" in reprint.notice.text()
    assert reprint.finished_work
    QTest.keyClick(reprint, Qt.Key.Key_Escape)
    assert not reprint.isVisible() and failed.isVisible()


def test_an_unknown_receipt_is_said_before_any_manager_is_called(qtbot, shop, bridge, open_failed):
    before = tally(shop)
    reprint = open_failed().open_reprint()
    type_into(reprint.receipt_no, "0012-03-999999")
    press_enter(reprint.receipt_no)
    assert reprint.approval is None
    assert "0012-03-999999" in reprint.error.text()
    assert reprint.receipt_no.text() == "0012-03-999999"  # kept, to correct
    QTest.keyClick(reprint, Qt.Key.Key_Escape)
    assert not reprint.isVisible()
    assert tally(shop) == before


def test_reprint_from_the_members_receipts(qtbot, shop, bridge, printer, open_failed):
    member = shop.sign_up()
    sale = buy(shop, member, 3_000)
    shop.clock.advance(minutes=3)
    topup = top_up(shop, member, 10_000)
    view = shop.svc.members.get(member.id)
    reprint = open_failed(member=view).open_reprint()
    assert reprint.table.rowCount() == 2
    assert [reprint.table.item(i, 0).text() for i in range(2)] == [
        topup.receipt_no,
        sale.receipt_no,
    ]
    assert reprint.table.item(0, 1).text() == "Top-up"
    assert reprint.table.item(0, 3).text() == "¥100.00"
    assert reprint.table.rowHeight(0) >= 44
    reprint.table.selectRow(1)  # a tap on the sale
    assert reprint.receipt_no.text() == sale.receipt_no
    reprint.ok.click()
    approve(reprint, MANAGER_PIN)
    qtbot.waitUntil(lambda: bool(printer.receipts))
    assert printer.receipts[0].receipt_no == sale.receipt_no and printer.receipts[0].reprint


def test_a_scanned_receipt_reaches_the_open_reprint_window(qtbot, shop, bridge, open_failed):
    member = shop.sign_up()
    sale = buy(shop, member, 3_000)
    failed = open_failed()
    assert failed.handle_scan(sale.receipt_no) is False  # nothing to take it yet
    reprint = failed.open_reprint()
    assert failed.handle_scan(sale.receipt_no) is True
    assert reprint.found is not None and reprint.found.receipt_no == sale.receipt_no


def test_without_a_printer_no_manager_is_called(qtbot, shop, counter):
    member = shop.sign_up()
    sale = buy(shop, member, 3_000)
    reprint = ReprintDialog(shop.svc, shop.cashier, parent=counter)
    reprint.open()
    type_into(reprint.receipt_no, sale.receipt_no)
    press_enter(reprint.receipt_no)
    assert reprint.approval is None and "No printer" in reprint.error.text()


@pytest.fixture
def chinese(qapp):
    from terminal.app import style_app
    from terminal.ui.i18n import Translations

    old_font = qapp.font()
    style_app(qapp)
    translations = Translations()
    translations.apply("zh_CN")
    yield translations
    translations.apply("en")
    qapp.setStyleSheet("")
    qapp.setFont(old_font)


def test_both_windows_in_chinese_fit_a_small_till(
    chinese, qtbot, shop, bridge, printer, open_failed, tmp_path
):
    import os
    import re
    from pathlib import Path

    from tests.terminal.ui.dialogs.test_dialogs_chinese import english_left

    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    member, sale = failed_sale(qtbot, shop, bridge, printer)
    view = shop.svc.members.get(member.id)
    failed = open_failed(member=view)
    press_enter(failed.table)  # a retry on the unplugged printer: the refusal in Chinese
    qtbot.waitUntil(lambda: failed.error.isVisible())
    assert "未能打印" in failed.error.text() and "不会丢失" in failed.error.text()
    assert failed.table.item(0, 3).text() == "打印机离线或未连接"
    assert not english_left(failed), english_left(failed)
    reprint = failed.open_reprint()
    qtbot.waitExposed(reprint)
    assert reprint.table.rowCount() == 1 and reprint.table.item(0, 1).text() == "销售"
    assert not english_left(reprint), english_left(reprint)
    type_into(reprint.receipt_no, "0012-03-999999")
    press_enter(reprint.receipt_no)  # an unknown number: the refusal in Chinese too
    assert reprint.error.text() == "没有小票号或编号为“0012-03-999999”的销售、充值或退款。"
    reprint.receipt_no.clear()
    reprint.clear_error()
    for dialog, name in ((failed, "failed_prints"), (reprint, "reprint")):
        hint = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
        assert hint.width() <= 1024 and hint.height() <= 768, (name, hint)
        for button in visible_buttons(dialog):
            assert button.height() >= 44, (name, button.text())
            assert button.fontMetrics().horizontalAdvance(button.text().replace("&", "")) <= (
                button.width()
            ), (name, button.text())
        assert not re.search(r"\?\?", dialog.grab().toImage().text() or "")
        dialog.grab().save(str(shots / f"{name}_zh_CN.png"))
