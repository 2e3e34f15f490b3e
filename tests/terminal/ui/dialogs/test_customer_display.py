"""With a second screen the customer sees the sign-up QR, the amount due and the change."""

import pytest

from terminal.ui import customer_display as cd
from terminal.ui.dialogs.checkout import CheckoutDialog
from terminal.ui.dialogs.signup import SignUpDialog
from tests.terminal.ui.dialogs.conftest import press_enter, type_into


@pytest.fixture
def second_screen(qtbot):
    display = cd.CustomerDisplay("测试门店")
    qtbot.addWidget(display)
    cd.install(display)
    display.show()  # as if placed on a second screen
    assert display.on_second_screen
    yield display
    display.close()


def test_sign_up_shows_the_qr_codes_to_the_customer(second_screen, open_dialog, monkeypatch):
    monkeypatch.setenv("POS_HEADOFFICE_URL", "https://hq.example.cn")
    dialog = open_dialog(SignUpDialog)
    assert not second_screen.qr.pixmap().isNull()
    assert second_screen.caption.text() == "Scan to become a member"
    type_into(dialog.phone, "13912345678")
    type_into(dialog.name, "王小明")
    dialog.consent.setChecked(True)
    press_enter(dialog.name)  # on to the empty birthday
    press_enter(dialog.birthday)
    assert second_screen.caption.text() == "Your member card"
    assert "王**" in second_screen.member.text()


def test_checkout_shows_due_then_change(second_screen, open_dialog, shop):
    member = shop.sign_up()
    dialog = open_dialog(CheckoutDialog, member=member)
    type_into(dialog.amount, "88")
    assert "¥88.00" in second_screen.amount.text()
    type_into(dialog.cash, "100")
    press_enter(dialog.cash)
    assert dialog.result is not None
    assert "¥12.00" in second_screen.amount.text() and "change" in second_screen.amount.text()


def test_the_next_customer_never_sees_the_previous_ones_change_or_name(
    second_screen, open_dialog, shop, monkeypatch
):
    first = shop.sign_up(phone="13900001111", name="王小明")
    second = shop.sign_up(phone="13900002222", name="李雷")
    checkout = open_dialog(CheckoutDialog, member=first)
    type_into(checkout.amount, "88")
    type_into(checkout.cash, "100")
    press_enter(checkout.cash)
    assert "¥12.00" in second_screen.amount.text()
    checkout.accept()
    second_screen.show_member(second)  # the next member scanned at the counter
    assert "李*" in second_screen.member.text() and second_screen.amount.text() == ""
    # The same member again, for a second sale: the change of the first goes at once.
    second_screen.show_member(first)
    second_screen.show_change(1_200)
    again = open_dialog(CheckoutDialog, member=first)
    assert second_screen.amount.text() == ""
    type_into(again.amount, "5")
    assert "¥5.00" in second_screen.amount.text()
    again.amount.clear()
    assert second_screen.amount.text() == ""  # no bill: no amount due from before
    again.reject()
    # A sign-up is for someone new: the member before is no longer greeted.
    monkeypatch.setenv("POS_HEADOFFICE_URL", "https://hq.example.cn")
    second_screen.show_change(1_200)
    open_dialog(SignUpDialog, member=first)
    assert second_screen.member.text() == "" and second_screen.amount.text() == ""
    assert second_screen.caption.text() == "Scan to become a member"
