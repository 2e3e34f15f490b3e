"""How the counter opens dialogs: the agreed constructor, scans routed to the open
dialog, member changes shown, receipts without a printer, dialogs not in the build."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal.ui import main_window
from terminal.ui.actions import BY_NAME, DialogMissing
from tests.helpers.qt import scan
from tests.helpers.qt_dialogs import ContractDialog


@pytest.fixture
def with_dialogs(monkeypatch):
    ContractDialog.opened = []
    monkeypatch.setattr(main_window, "dialog_class", lambda action: ContractDialog)
    return ContractDialog.opened


def test_function_key_opens_the_dialog_with_the_contract(logged_in, shop, with_dialogs, qtbot):
    member = shop.sign_up()
    logged_in.counter.show_query(member.card_no)
    QTest.keyClick(logged_in, Qt.Key.Key_F4)
    (dialog,) = with_dialogs
    assert dialog.services is shop.svc and dialog.operator == shop.cashier
    assert dialog.member.id == member.id
    assert dialog.print_receipt is logged_in.receipts
    assert logged_in.active_dialog is dialog and dialog.isVisible()
    # a second key while it is open does not stack another dialog
    logged_in.run_action("search", {})
    assert len(with_dialogs) == 1
    shop.svc.wallet.top_up(member.card_no, 20_000, "cash", shop.cashier)
    dialog.member_changed.emit(member.id)  # by id
    assert logged_in.counter.member.wallet_fen == 20_000
    dialog.member_changed.emit(member.card_no)  # or by card
    assert logged_in.counter.member.id == member.id
    dialog.accept()
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=1000)


def test_scans_go_to_the_open_dialog(logged_in, shop, with_dialogs, qtbot, ticker):
    logged_in.open_dialog("checkout")
    (dialog,) = with_dialogs
    scan(ticker, "CP00AB12CD", dialog)
    qtbot.waitUntil(lambda: dialog.scans == ["CP00AB12CD"], timeout=1000)
    dialog.reject()


def test_scanned_coupon_and_receipt_open_checkout_and_refund(
    logged_in, shop, with_dialogs, qtbot, ticker
):
    member = shop.sign_up()
    logged_in.counter.show_query(member.card_no)
    scan(ticker, "CP00AB12CD", logged_in.counter.input)
    qtbot.waitUntil(lambda: len(with_dialogs) == 1, timeout=1000)
    assert with_dialogs[0].extra == {"coupon": "CP00AB12CD"}
    with_dialogs[0].reject()
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=1000)
    scan(ticker, "0012-03-000042", logged_in.counter.input)
    qtbot.waitUntil(lambda: len(with_dialogs) == 2, timeout=1000)
    assert with_dialogs[1].extra == {"receipt": "0012-03-000042"}
    with_dialogs[1].reject()


def test_a_key_whose_dialog_is_missing_says_so(logged_in, monkeypatch):
    def missing(action):
        raise DialogMissing(action.name)

    monkeypatch.setattr(main_window, "dialog_class", missing)
    assert logged_in.open_dialog("settings") is None
    assert "not available" in logged_in.status.currentMessage()
    assert "Settings" in logged_in.status.currentMessage()


def test_receipts_without_a_printer_are_kept_and_reported(logged_in):
    logged_in.receipts("sale", "S1")
    assert logged_in.receipts.requests == [("sale", "S1")]
    assert logged_in.status.currentMessage() == "No printer configured: receipt not printed"
    printed = []
    logged_in.receipts.printer = lambda kind, rid: printed.append((kind, rid))
    logged_in.receipts("topup", "T1")
    assert printed == [("topup", "T1")]


def test_device_states_show_in_the_status_bar(logged_in):
    logged_in.devices.set_printer("ready", "TM-T82 on /dev/ttyUSB0")
    logged_in.devices.set_scanner("offline", "unplugged")
    assert logged_in.status.printer.text() == "Printer: ready"
    assert logged_in.status.scanner.text() == "Scanner: offline"
    with pytest.raises(ValueError):
        logged_in.devices.set_printer("on fire")


def test_every_action_has_a_key_and_a_label(logged_in):
    keys = [a.key for a in BY_NAME.values()]
    assert len(set(keys)) == len(keys)
    for name, button in logged_in.counter.buttons.items():
        assert button.text().startswith(BY_NAME[name].key.name.removeprefix("Key_"))


def test_four_digits_open_the_search_by_last_four(logged_in, with_dialogs, qtbot, ticker):
    from tests.helpers.qt import type_text

    type_text(ticker, "8000", logged_in.counter.input)
    qtbot.waitUntil(lambda: len(with_dialogs) == 1, timeout=1000)
    assert with_dialogs[0].extra == {"last4": "8000"}
    with_dialogs[0].reject()


def test_codes_from_a_serial_scanner_thread_are_handled_like_scans(logged_in, shop, qtbot):
    import threading

    member = shop.sign_up()
    thread = threading.Thread(target=logged_in.external_scan.emit, args=(member.card_no,))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: logged_in.counter.member is not None, timeout=2000)
    assert logged_in.counter.member.id == member.id


def test_link_state_for_the_sync_code(logged_in):
    status = logged_in.status
    assert status.link.text() == "Standalone"
    status.set_link("offline", "head office unreachable since 10:02")
    assert status.link.text() == "Offline" and "10:02" in status.link.toolTip()
    logged_in.set_language("zh_CN")
    assert status.link.text() == "离线"
    logged_in.set_language("en")
    with pytest.raises(ValueError):
        status.set_link("sideways")


def test_f10_opens_the_device_settings(logged_in, qtbot):
    from terminal.ui.devices.counter_dialog import DevicesDialog

    QTest.keyClick(logged_in, Qt.Key.Key_F10)
    dialog = logged_in.active_dialog
    assert isinstance(dialog, DevicesDialog) and dialog.isVisible()
    assert logged_in.counter.buttons["devices"].text().startswith("F10")
    dialog.reject()
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=1000)
