"""The dialogs in Chinese: no English left on screen, refusals in Chinese, and screenshots
of sign-up (with its QR codes), checkout and top-up in both languages for a person to see.

Screenshots go to $SCREENSHOT_DIR (`make screenshots`) or a temporary folder.
"""

import os
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit

from terminal.app import style_app
from terminal.ui.actions import ACTIONS, dialog_class
from terminal.ui.dialogs.checkout import CheckoutDialog
from terminal.ui.dialogs.signup import SignUpDialog
from terminal.ui.dialogs.topup import TopUpDialog
from terminal.ui.i18n import Translations
from tests.helpers.services_kit import give_points, top_up
from tests.terminal.ui.dialogs.conftest import press_enter, type_into

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED = {"Esc", "Enter", "Ctrl", "PIN", "manager", "cashier", "English", "general", "Normal"}
ALLOWED |= {"USB", "COM", "dev", "usb"}  # port names and bus ids are the same in any language


@pytest.fixture
def chinese(qapp):
    translations = Translations()
    translations.apply("zh_CN")
    yield translations
    translations.apply("en")


def english_left(widget) -> list[str]:
    texts = [
        w.text()
        for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)
        if w.isVisibleTo(widget) and w.text()
    ]
    texts += [w.placeholderText() for w in widget.findChildren(QLineEdit) if w.placeholderText()]
    texts.append(widget.windowTitle())
    return [t for t in texts if set(LATIN_WORD.findall(t)) - ALLOWED]


@pytest.mark.parametrize("action", [a for a in ACTIONS if a.module], ids=lambda a: a.name)
def test_no_english_is_left_in_chinese(chinese, action, open_dialog, shop):
    member = shop.sign_up()
    dialog = open_dialog(dialog_class(action), member=member)
    assert not english_left(dialog)


def test_refusals_are_in_chinese(chinese, open_dialog, shop):
    member = shop.sign_up()
    give_points(shop, member, 10_000)
    dialog = open_dialog(CheckoutDialog, member=member)
    type_into(dialog.amount, "40")
    type_into(dialog.points, "3000")
    press_enter(dialog.points)
    assert dialog.error.text() == "积分最多抵扣账单的 50%（¥20.00）；本次申请 ¥30.00。"
    signup = open_dialog(SignUpDialog)
    type_into(signup.phone, "12345")
    type_into(signup.name, "王小明")
    signup.consent.setChecked(True)
    signup.consent.setFocus()
    press_enter(signup.consent)
    assert signup.error.text() == "“12345”不是有效的手机号。"


@pytest.fixture
def shots_dir(tmp_path) -> Path:
    path = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def styled(qapp):
    old_font = qapp.font()
    style_app(qapp)
    yield qapp
    qapp.setStyleSheet("")
    qapp.setFont(old_font)


def save(widget, path: Path) -> Path:
    widget.adjustSize()
    for _ in range(3):
        QApplication.processEvents()
    assert widget.grab().toImage().save(str(path)), path
    return path


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_dialog_screenshots(styled, language, open_dialog, shop, shots_dir, monkeypatch):
    translations = Translations()
    translations.apply(language)
    try:
        monkeypatch.setenv("POS_HEADOFFICE_URL", "https://hq.example.cn")
        blank = open_dialog(SignUpDialog)
        save(blank, shots_dir / f"dialog_signup_form_{language}.png")
        signup = open_dialog(SignUpDialog)
        type_into(signup.phone, "13912345678")
        type_into(signup.name, "王小明")
        type_into(signup.birthday, "1990-05-17")
        signup.consent.setChecked(True)
        press_enter(signup.name)
        assert signup.signed_up is not None
        save(signup, shots_dir / f"dialog_signup_done_{language}.png")
        member = signup.signed_up
        give_points(shop, member, 5_000)
        top_up(shop, member, 10_000)
        checkout = open_dialog(CheckoutDialog, member=member)
        type_into(checkout.amount, "100")
        type_into(checkout.points, "2000")
        type_into(checkout.wallet, "30")
        type_into(checkout.cash, "60")
        save(checkout, shots_dir / f"dialog_checkout_{language}.png")
        press_enter(checkout.cash)
        assert checkout.result is not None
        save(checkout, shots_dir / f"dialog_checkout_done_{language}.png")
        topup = open_dialog(TopUpDialog, member=member)
        type_into(topup.amount, "500")
        save(topup, shots_dir / f"dialog_topup_{language}.png")
    finally:
        translations.apply("en")
