"""Screenshots of the main screens in Chinese and English, for a person to look at.

Written to $SCREENSHOT_DIR (`make screenshots` uses screenshots/), else a temporary
folder. Screens whose dialog is not in this build are listed as missing, not faked.
"""

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication

from terminal.app import style_app
from terminal.ui.actions import BY_NAME, DialogMissing, dialog_class
from terminal.ui.fit import emulated_screen, show_maximised
from tests.helpers.shop import CASHIER_PIN

DIALOG_SHOTS = ("signup", "checkout", "topup")


def _sign_up(dialog) -> None:
    """A member signed up: the dialog shows the new card as a QR code."""
    dialog.phone.setText("13612345678")
    dialog.name.setText("李雷")
    dialog.birthday.setText("1990-05-17")
    dialog.consent.setChecked(True)
    dialog.confirm()
    assert dialog.signed_up is not None, dialog.error.text()


def _checkout(dialog) -> None:
    """A bill of ¥88 paid partly from stored value, the rest in cash."""
    dialog.amount.setText("88")
    dialog.wallet.setText("50")
    dialog.cash.setText("50")


def _top_up(dialog) -> None:
    dialog.amount.setText("500")


PREPARE = {"signup": _sign_up, "checkout": _checkout, "topup": _top_up}


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
    for _ in range(3):  # let layouts settle after the last change
        QApplication.processEvents()
    image = widget.grab().toImage()
    assert image.save(str(path)), path
    return path


def busy_image(path: Path) -> bool:
    """More than a blank canvas: many distinct colours (text anti-aliasing, badges)."""
    image = QImage(str(path)).scaled(200, 125)
    colours = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    return len(colours) > 20


def test_chinese_glyphs_have_a_font():
    families = QFontDatabase.families()
    assert any("CJK" in f or "WenQuanYi" in f for f in families), "install fonts-noto-cjk"
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", "WenQuanYi Micro Hei"])
    assert QFontMetrics(font).inFontUcs4(ord("会"))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screenshots(styled, window, shop, qtbot, shots_dir, language):
    window.set_language(language)
    qtbot.waitUntil(lambda: window.status.summary is not None, timeout=3000)
    window.login.choose("cashier")
    shots = [save(window, shots_dir / f"login_{language}.png")]
    window.login.pin.setText(CASHIER_PIN)
    window.login.log_in()
    member = shop.sign_up(phone="13912345678", name="王小明")
    shop.svc.wallet.top_up(member.card_no, 15_000, "cash", shop.cashier)
    window.counter.input.setText(member.card_no)
    window.counter.lookup_typed()
    assert window.counter.member is not None
    shots.append(save(window, shots_dir / f"counter_{language}.png"))
    window.customer_display.resize(1024, 600)
    window.customer_display.show_due(8_800)
    window.customer_display.show_qr("POSM:" + member.card_no, "扫码查看会员卡")
    shots.append(save(window.customer_display, shots_dir / f"customer_display_{language}.png"))
    missing = []
    for name in DIALOG_SHOTS:
        try:
            dialog_class(BY_NAME[name])
        except DialogMissing:
            missing.append(name)
            continue
        window.counter.show_query(member.card_no)  # sign-up shows its new member
        dialog = window.open_dialog(name)
        assert dialog is not None
        qtbot.waitExposed(dialog)
        PREPARE[name](dialog)
        shots.append(save(dialog, shots_dir / f"{name}_{language}.png"))
        dialog.reject()
    (shots_dir / f"missing_{language}.txt").write_text("\n".join(missing), encoding="utf-8")
    for path in shots:
        assert busy_image(path), f"{path.name} looks blank"


TILL_SIZES = ((1024, 768), (1366, 768))


def _sold(dialog) -> None:
    _checkout(dialog)
    dialog.confirm()
    assert dialog.result is not None, dialog.error.text()


@pytest.mark.parametrize("size", TILL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_main_window_at_till_sizes(styled, window, shop, qtbot, shots_dir, language, size):
    """The counter maximised on a till's screen, as the cashier sees it: the lock screen,
    the counter with a member, and the dialogs that grow over it (the whole screen)."""
    width, height = size
    tag = f"{width}x{height}_{language}"
    window.set_language(language)
    member = shop.sign_up(phone="13912345678", name="王小明")
    shop.svc.wallet.top_up(member.card_no, 15_000, "cash", shop.cashier)
    shots = []
    with emulated_screen(width, height):
        show_maximised(window)
        window.login.choose("cashier")
        shots.append(save(window, shots_dir / f"main_login_{tag}.png"))
        window.login.pin.setText(CASHIER_PIN)
        window.login.log_in()
        window.counter.show_query(member.card_no)
        shots.append(save(window, shots_dir / f"main_counter_{tag}.png"))
        for name, prepare in (("signup", _sign_up), ("checkout", _sold)):
            window.counter.show_query(member.card_no)
            dialog = window.open_dialog(name)
            qtbot.waitExposed(dialog)
            prepare(dialog)
            for _ in range(3):
                QApplication.processEvents()
            shots.append(save_over(window, dialog, shots_dir / f"main_{name}_{tag}.png"))
            dialog.reject()
    for path in shots:
        assert busy_image(path), f"{path.name} looks blank"


def save_over(window, dialog, path: Path) -> Path:
    """The main window with the dialog drawn where it stands over it (as on the screen)."""
    for _ in range(3):
        QApplication.processEvents()
    image = window.grab().toImage()
    painter = QPainter(image)
    painter.drawPixmap(dialog.geometry().topLeft() - window.geometry().topLeft(), dialog.grab())
    painter.end()
    assert image.save(str(path)), path
    return path
