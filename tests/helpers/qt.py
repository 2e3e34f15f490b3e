"""Qt fakes: a monotonic clock moved by hand, and key presses as a wedge scanner or a
person would send them, delivered to whatever widget has focus."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

SCANNER_GAP_S = 0.004  # a USB wedge scanner: a key every few milliseconds
PERSON_GAP_S = 0.18  # a quick cashier


class FakeTicker:
    """A monotonic clock in seconds (what the wedge filter reads)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _target(widget: QWidget | None) -> QWidget:
    target = widget or QApplication.focusWidget()
    assert target is not None, "no widget has focus to type into"
    return target


def _press(target: QWidget, char: str) -> None:
    QTest.keyClick(target, char)


def scan(
    ticker: FakeTicker, code: str, widget: QWidget | None = None, gap_s: float = SCANNER_GAP_S
):
    """A wedge scanner's burst: the code's keys a few ms apart, then Enter."""
    target = _target(widget)
    for char in code:
        ticker.advance(gap_s)
        _press(target, char)
    ticker.advance(gap_s)
    QTest.keyClick(target, Qt.Key.Key_Return)


def type_text(
    ticker: FakeTicker,
    text: str,
    widget: QWidget | None = None,
    gap_s: float = PERSON_GAP_S,
    enter: bool = True,
):
    """A person typing: keys far apart, so each one reaches the widget (then Enter)."""
    target = _target(widget)
    for char in text:
        ticker.advance(gap_s)
        _press(target, char)
    ticker.advance(gap_s)
    if enter:
        QTest.keyClick(target, Qt.Key.Key_Return)
