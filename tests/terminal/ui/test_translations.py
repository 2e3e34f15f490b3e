"""Every translation file is complete and compiled, and the counter speaks Chinese."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from terminal.ui.i18n import TRANSLATIONS

TS_FILES = sorted(TRANSLATIONS.glob("*.ts"))


def test_the_counter_has_a_chinese_translation():
    assert TRANSLATIONS / "counter_zh_CN.ts" in TS_FILES


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_every_entry_is_translated(ts: Path):
    root = ET.parse(ts).getroot()
    unfinished = [
        m.findtext("source")
        for m in root.iter("message")
        if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
        or not (m.findtext("translation") or "").strip()
    ]
    assert not unfinished, f"{ts.name}: not translated: {unfinished}"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_the_compiled_qm_is_up_to_date(ts: Path):
    qm = ts.with_suffix(".qm")
    assert qm.exists(), f"run 'make translations' to compile {ts.name}"
    # A fresh checkout may write the two files a moment apart, in either order.
    assert qm.stat().st_mtime >= ts.stat().st_mtime - 2, f"{qm.name} is older than {ts.name}"
    translator = QTranslator()
    assert translator.load(str(qm))
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source, expected = message.findtext("source"), message.findtext("translation")
            got = translator.translate(name, source)
            assert got == expected, f"{qm.name} is stale for {name}: {source!r}"


LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED = {"English", "cashier", "manager", "Key"}  # the switch's own name; operator names


def visible_texts(widget):
    texts = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if child.isVisibleTo(widget) and child.text():
            texts.append(child.text())
    for child in widget.findChildren(QLineEdit):
        if child.placeholderText():
            texts.append(child.placeholderText())
    return texts


def test_in_chinese_no_english_is_left_on_screen(logged_in, shop, qtbot):
    member = shop.sign_up()
    logged_in.set_language("zh_CN")
    logged_in.counter.show_query(member.card_no)
    assert logged_in.saved_languages == ["zh_CN"]
    assert logged_in.counter.buttons["signup"].text() == "F2  会员注册"
    leftovers = [
        text for text in visible_texts(logged_in) if set(LATIN_WORD.findall(text)) - ALLOWED
    ]
    assert not leftovers, leftovers
    logged_in.set_language("en")
    assert logged_in.counter.buttons["signup"].text() == "F2  Sign up"
    assert logged_in.counter.panel.points_caption.text() == "Points"


def test_f11_switches_the_language_on_the_login_screen(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(window, Qt.Key.Key_F11)
    assert window.login.button.text() == "登录"
    assert window.saved_languages == ["zh_CN"]
    QTest.keyClick(window, Qt.Key.Key_F11)
    assert window.login.button.text() == "Log in"
    assert window.saved_languages == ["zh_CN", "en"]


def test_wrong_pin_in_chinese(window, qtbot):
    window.set_language("zh_CN")
    window.login.choose("cashier")
    window.login.pin.setText("2468")
    window.login.log_in()
    assert window.login.message.text() == "cashier 的密码错误，请重试。"


def test_a_shown_refusal_follows_the_language_switch(logged_in):
    window = logged_in
    window.set_language("zh_CN")
    window.run_action("checkout", {})
    assert window.counter.message.text() == "请先刷卡或查找会员。"
    window.set_language("en")
    assert window.counter.message.text() == "Scan or find a member first"
    window.counter.show_query("12")
    english = window.counter.message.text()
    assert english.startswith("“12”")
    window.set_language("zh_CN")
    assert window.counter.message.text() != english
    assert re.search(r"[\u4e00-\u9fff]", window.counter.message.text())


def test_a_wrong_pin_is_said_again_after_the_language_switch(window):
    window.set_language("zh_CN")
    window.login.choose("cashier")
    window.login.pin.setText("2468")
    window.login.log_in()
    window.set_language("en")
    assert window.login.message.text() == "Wrong PIN for cashier. Please try again."
