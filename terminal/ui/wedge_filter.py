"""The app-wide filter that catches keyboard-wedge scans whatever widget has focus.

Installed on the QApplication, it holds printable key presses back while they arrive
fast (see `terminal.devices.wedge`). A fast burst ending in Enter becomes one `scanned`
signal and never reaches the focused widget; anything else is sent on to the widget it
was typed into, in order, a few tens of milliseconds later. A key's release is held with
its press, so a quick tap (Space on a checkbox) reaches the widget as press then release.
"""

from collections.abc import Callable
from time import monotonic

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from terminal.devices.wedge import WedgeDecoder, WedgeSettings

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_CapsLock,
)
_COMMAND = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class WedgeFilter(QObject):
    scanned = Signal(str)

    def __init__(
        self,
        settings: WedgeSettings | None = None,
        clock: Callable[[], float] = monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.decoder = WedgeDecoder(settings, clock)
        self.clock = clock
        self.enabled = True
        self._replaying = False
        self.last_key_at = clock()
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._expire)

    def install(self, app: QApplication | None = None) -> None:
        (app or QApplication.instance()).installEventFilter(self)

    def uninstall(self, app: QApplication | None = None) -> None:
        self.flush()
        (app or QApplication.instance()).removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._replaying or not self.enabled or not isinstance(obj, QWidget):
            return False
        if event.type() == QEvent.Type.KeyRelease:
            return self._hold_release(obj, event)
        if event.type() != QEvent.Type.KeyPress:
            return False
        self.last_key_at = self.clock()
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False
        if key in _ENTER and not event.modifiers() & _COMMAND:
            if not self.decoder.holding:
                return False
            result = self.decoder.enter()
            if result.code is not None:
                self._timer.stop()
                self.scanned.emit(result.code)
                return True
            self._replay(result.release)
            return False
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & _COMMAND:
            self._replay(self.decoder.press(text, (obj, [_copy(event)])))
            self._arm()
            return True
        self.flush()  # an arrow, Backspace, a shortcut: what was held was typed
        return False

    def flush(self) -> None:
        """Send every held key on now."""
        self._timer.stop()
        self._replay(self.decoder.release_all())

    def _hold_release(self, obj: QWidget, event: QKeyEvent) -> bool:
        """A release whose press is still held waits with it, to follow it in order."""
        for target, events in self.decoder.held:
            if (
                target is obj
                and len(events) == 1
                and events[0].key() == event.key()
                and not event.isAutoRepeat()
            ):
                events.append(_copy(event))
                return True
        return False

    def _arm(self) -> None:
        deadline = self.decoder.deadline()
        if deadline is not None:
            wait_ms = max(1, int((deadline - self.clock()) * 1000) + 1)
            self._timer.start(wait_ms)

    def _expire(self) -> None:
        self._replay(self.decoder.expire())
        if self.decoder.holding:
            self._arm()

    def _replay(self, payloads: list) -> None:
        if not payloads:
            return
        self._replaying = True
        try:
            for target, events in payloads:
                for event in events:
                    if shiboken6.isValid(target):
                        QApplication.sendEvent(target, event)
        finally:
            self._replaying = False


def _copy(event: QKeyEvent) -> QKeyEvent:
    return QKeyEvent(
        event.type(),
        event.key(),
        event.modifiers(),
        event.text(),
        event.isAutoRepeat(),
        event.count(),
    )
