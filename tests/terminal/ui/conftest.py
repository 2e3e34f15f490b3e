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
