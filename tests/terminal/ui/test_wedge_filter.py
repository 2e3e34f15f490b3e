"""The app-wide wedge filter: a scan works whatever has focus; typing still reaches widgets."""

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from terminal.devices.wedge import WedgeSettings
from terminal.ui.wedge_filter import WedgeFilter
from tests.helpers.qt import FakeTicker, scan, type_text


@pytest.fixture
def form(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    line, button = QLineEdit(), QPushButton("OK")
    layout.addWidget(line)
    layout.addWidget(button)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, line, button


@pytest.fixture
def wedge(qapp):
    ticker = FakeTicker()
    filt = WedgeFilter(WedgeSettings(0.05, 6), ticker)
    filt.install(qapp)
    yield filt, ticker
    filt.uninstall(qapp)


def test_scan_with_focus_on_a_button_is_caught(form, wedge, qtbot):
    _, line, button = form
    filt, ticker = wedge
    button.setFocus()
    with qtbot.waitSignal(filt.scanned, timeout=1000) as signal:
        scan(ticker, "001203000013", button)
    assert signal.args == ["001203000013"]
    assert line.text() == ""


def test_scan_into_a_text_field_does_not_type_into_it(form, wedge, qtbot):
    _, line, _ = form
    filt, ticker = wedge
    line.setFocus()
    line.returnPressed.connect(lambda: pytest.fail("Enter of a scan reached the field"))
    with qtbot.waitSignal(filt.scanned, timeout=1000):
        scan(ticker, "CP00AB12CD", line)
    assert line.text() == ""


def test_typing_reaches_the_field_and_is_not_a_scan(form, wedge, qtbot):
    _, line, _ = form
    filt, ticker = wedge
    line.setFocus()
    entered = []
    line.returnPressed.connect(lambda: entered.append(line.text()))
    with qtbot.assertNotEmitted(filt.scanned, wait=100):
        type_text(ticker, "13800138000", line)
    assert entered == ["13800138000"]


def test_held_keys_reach_the_field_after_the_gap(form, wedge, qtbot):
    _, line, _ = form
    filt, ticker = wedge
    line.setFocus()
    type_text(ticker, "13", line, enter=False)
    assert line.text() == "1"  # the last key waits to see whether a burst follows
    ticker.advance(0.1)
    qtbot.waitUntil(lambda: line.text() == "13", timeout=1000)


def test_backspace_lets_held_keys_go_first(form, wedge, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    _, line, _ = form
    _, ticker = wedge
    line.setFocus()
    QTest.keyClick(line, "7")
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    assert line.text() == ""


def test_a_quick_space_tap_ticks_a_checkbox(qtbot, wedge):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QCheckBox

    _, ticker = wedge
    box = QCheckBox("I agree")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)  # press and release at once, as a quick tap
    assert not box.isChecked()  # the press waits to see whether a scan follows
    ticker.advance(0.1)
    qtbot.waitUntil(box.isChecked, timeout=1000)
    assert not box.isDown()  # the release followed its press


def test_the_keys_of_a_scan_are_not_released_into_a_checkbox(qtbot, wedge):
    from PySide6.QtWidgets import QCheckBox

    filt, ticker = wedge
    box = QCheckBox("I agree")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    box.setFocus()
    with qtbot.waitSignal(filt.scanned, timeout=1000) as signal:
        scan(ticker, "AB 123 CD", box)
    assert signal.args == ["AB 123 CD"]
    ticker.advance(0.1)
    qtbot.wait(20)
    assert not box.isChecked() and not box.isDown()
