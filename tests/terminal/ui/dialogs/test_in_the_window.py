"""Dialogs opened by the counter window: the language chosen in settings is applied and
stored by the window; a member chosen in the search comes onto the counter."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal.ui.dialogs.search import MemberSearchDialog
from terminal.ui.dialogs.settings import SettingsDialog
from tests.terminal.ui.dialogs.conftest import press_enter, type_into


def test_language_from_settings_is_applied_and_saved(logged_in, qtbot):
    QTest.keyClick(logged_in, Qt.Key.Key_F9)
    dialog = logged_in.active_dialog
    assert isinstance(dialog, SettingsDialog)
    assert dialog.language.currentData() == "en"
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    assert logged_in.saved_languages == ["zh_CN"]
    assert logged_in.translations.language == "zh_CN"
    qtbot.waitUntil(lambda: dialog.title.text() == "设置", timeout=2000)  # the dialog follows
    press_enter(dialog.tabs)
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=2000)


def test_member_found_by_last_four_comes_onto_the_counter(logged_in, shop, qtbot):
    member = shop.sign_up(phone="13912345678", name="王小明")
    QTest.keyClick(logged_in, Qt.Key.Key_F1)
    dialog = logged_in.active_dialog
    assert isinstance(dialog, MemberSearchDialog)
    type_into(dialog.query, "5678")
    press_enter(dialog.query)
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=2000)
    assert logged_in.counter.member is not None and logged_in.counter.member.id == member.id


def test_four_digits_on_the_counter_find_the_one_member(logged_in, shop, qtbot):
    member = shop.sign_up(phone="13912345678", name="王小明")
    logged_in.counter.input.setText("5678")
    logged_in.counter.lookup_typed()
    qtbot.waitUntil(lambda: logged_in.counter.member is not None, timeout=2000)
    assert logged_in.counter.member.id == member.id
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=2000)
