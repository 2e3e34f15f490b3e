"""Locking the counter when nobody has touched it for a while.

Any key, click, tap or wheel turn anywhere in the app counts as someone at the till. A
timer looks every few seconds; once the quiet has lasted `after_s`, `idle` is emitted
(the window locks, if someone is logged in). The clock is injectable, so a test moves
time by hand instead of waiting five minutes.
"""

from collections.abc import Callable
from time import monotonic

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from terminal.ui.config import DEFAULT_AUTO_LOCK_S

CHECK_MS = 5_000
_ACTIVITY = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
)


class AutoLock(QObject):
    idle = Signal()

    def __init__(
        self,
        after_s: float = DEFAULT_AUTO_LOCK_S,
        clock: Callable[[], float] = monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.after_s = after_s  # 0: never lock by itself
        self.clock = clock
        self.last_activity = clock()
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self, app: QApplication | None = None) -> None:
        self.last_activity = self.clock()
        if self.after_s > 0:
            (app or QApplication.instance()).installEventFilter(self)
            self.timer.start()

    def stop(self, app: QApplication | None = None) -> None:
        self.timer.stop()
        (app or QApplication.instance()).removeEventFilter(self)

    def touched(self) -> None:
        """Someone is at the till now (a login counts: the quiet starts again)."""
        self.last_activity = self.clock()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY:
            self.last_activity = self.clock()
        return False

    def check(self) -> None:
        """Emits `idle` at each look while the quiet lasts (the window locks at most once)."""
        if self.after_s > 0 and self.clock() - self.last_activity >= self.after_s:
            self.idle.emit()
