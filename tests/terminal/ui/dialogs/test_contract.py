"""Every dialog keeps the contract with the counter: built from its key's action with the
agreed arguments, a `member_changed` signal, Esc cancels without writing anything."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal.ui.actions import ACTIONS, dialog_class
from terminal.ui.dialogs.approval import ApprovalDialog
from tests.helpers.services_kit import tally

DIALOG_ACTIONS = [a for a in ACTIONS if a.module]


@pytest.mark.parametrize("action", DIALOG_ACTIONS, ids=lambda a: a.name)
def test_each_key_opens_its_dialog_and_esc_cancels(action, open_dialog, shop):
    member = shop.sign_up()
    before = tally(shop)
    dialog = open_dialog(dialog_class(action), member=member)
    assert hasattr(dialog, "member_changed")
    assert dialog.windowTitle() and dialog.title.text()
    assert dialog.focusWidget() is not None
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert tally(shop) == before


def test_the_approval_dialog_keeps_the_contract(open_dialog, shop):
    dialog = open_dialog(ApprovalDialog, reason="Refund ¥10.00")
    assert dialog.reason.text() == "Refund ¥10.00"
    assert dialog.manager.currentText() == "manager"
    assert dialog.focusWidget() is dialog.pin


def test_an_unexpected_failure_is_one_calm_sentence(open_dialog, shop, monkeypatch, caplog):
    from terminal.ui.dialogs.topup import TopUpDialog
    from tests.terminal.ui.dialogs.conftest import press_enter, type_into

    member = shop.sign_up()
    dialog = open_dialog(TopUpDialog, member=member)

    def broken(*args, **kwargs):
        raise OSError("disk I/O error")

    monkeypatch.setattr(shop.svc.wallet, "top_up", broken)
    type_into(dialog.amount, "100")
    press_enter(dialog.amount)
    assert dialog.isVisible() and dialog.result is None
    assert "not finished" in dialog.error.text() and "disk" not in dialog.error.text()
    assert dialog.amount.text() == "100"
    assert "disk I/O error" in caplog.text


@pytest.mark.parametrize("action", DIALOG_ACTIONS, ids=lambda a: a.name)
def test_each_dialog_opens_centred_on_the_counter_and_inside_the_screen(action, qtbot, shop):
    from PySide6.QtWidgets import QWidget

    counter = QWidget()
    counter.setGeometry(30, 20, 760, 760)  # off the corner of the 800×800 offscreen screen
    qtbot.addWidget(counter)
    counter.show()
    qtbot.waitExposed(counter)
    dialog = dialog_class(action)(shop.svc, shop.cashier, member=shop.sign_up(), parent=counter)
    dialog.open()
    qtbot.waitExposed(dialog)
    frame, room = dialog.frameGeometry(), counter.screen().availableGeometry()
    centre = counter.frameGeometry().center()
    # Centred on the counter, then pushed back inside the screen where it would leave it.
    left = centre.x() - frame.width() // 2
    top = centre.y() - frame.height() // 2
    left = max(room.left(), min(left, room.right() - frame.width() + 1))
    top = max(room.top(), min(top, room.bottom() - frame.height() + 1))
    assert abs(frame.left() - left) <= 1 and abs(frame.top() - top) <= 1, (
        action.name,
        frame,
        room,
    )
    dialog.reject()
