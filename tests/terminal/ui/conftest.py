"""Qt tests run offscreen (set in tests/conftest.py) and fail on any Qt warning."""

import pytest
from PySide6.QtCore import QtMsgType

from terminal.ui.worker import wait_for_background_work

_FAILING = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
# Harmless notes of the offscreen platform itself, not of our widgets.
_PLATFORM_NOISE = ("This plugin does not support",)


@pytest.fixture(autouse=True)
def fail_on_qt_warnings(qtlog, qapp):
    """Every qWarning / qCritical a test causes fails it (pytest-qt's message handler)."""
    yield
    wait_for_background_work()
    bad = [
        record.message
        for record in qtlog.records
        if record.type in _FAILING and not record.message.startswith(_PLATFORM_NOISE)
    ]
    assert not bad, "Qt warned: " + " | ".join(bad)


@pytest.fixture
def ticker():
    from tests.helpers.qt import FakeTicker

    return FakeTicker()


@pytest.fixture
def window(qtbot, shop, ticker, tmp_path):
    """The counter window on a test shop, in English, with a fake scanner clock."""
    from terminal.devices.wedge import WedgeSettings
    from terminal.ui.i18n import Translations
    from terminal.ui.main_window import MainWindow

    translations = Translations()
    translations.apply("en")
    saved = []
    win = MainWindow(
        shop.svc,
        translations=translations,
        save_language=saved.append,
        wedge=WedgeSettings(0.05, 6),
        ticker=ticker,
    )
    win.saved_languages = saved
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    yield win
    win.stop()
    translations.apply("en")


@pytest.fixture
def logged_in(window, shop, qtbot):
    from tests.helpers.shop import CASHIER_PIN

    window.login.choose("cashier")
    window.login.pin.setText(CASHIER_PIN)
    window.login.log_in()
    assert window.operator == shop.cashier
    return window
