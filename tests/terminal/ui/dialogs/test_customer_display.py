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
