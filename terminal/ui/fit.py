"""Every window of the counter fits the till's screen (1024 x 768 and up): a window is
never larger than the screen's free area, is placed inside it, grows (up to that area) when
its content grows, and scrolls what does not fit. Two columns stand one above the other
when the window is too narrow for both side by side.

    keep_on_screen(dialog)        # in the dialog's constructor
    scroll = FitScrollArea(form)  # the part of a window that scrolls
    show_maximised(main_window)

`emulated_screen(w, h)` makes every window fit a screen of that size instead of the real
one (the tests and screenshots, which run on one fixed offscreen screen).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QScrollArea,
    QStyle,
    QWidget,
)

SMALLEST_SCREEN = QSize(1024, 768)  # the smallest till screen the counter is made for
_emulated: QRect | None = None


def screen_area(widget: QWidget | None = None) -> QRect:
    """The free area (without panels) of the screen `widget` is on, or the emulated one."""
    if _emulated is not None:
        return QRect(_emulated)
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    return (
        screen.availableGeometry() if screen is not None else QRect(QPoint(0, 0), SMALLEST_SCREEN)
    )


@contextmanager
def emulated_screen(width: int, height: int) -> Iterator[QRect]:
    """Windows fitted while this is open fit a `width` x `height` screen at 0,0."""
    global _emulated
    before = _emulated
    _emulated = QRect(0, 0, width, height)
    try:
        yield QRect(_emulated)
    finally:
        _emulated = before


def _frame_extra(window: QWidget) -> QSize:
    """What the window manager's frame adds around the window (0 before it is shown)."""
    frame, inner = window.frameGeometry(), window.geometry()
    return QSize(max(0, frame.width() - inner.width()), max(0, frame.height() - inner.height()))


def fit_to_screen(window: QWidget, grow_only: bool = False) -> None:
    """Size `window` to what its content asks for, within the screen's free area, and
    place it inside that area (centred on its parent window when it has one)."""
    area = screen_area(window)
    room = area.size() - _frame_extra(window)
    window.setMaximumSize(room)
    wanted = window.sizeHint().expandedTo(window.minimumSizeHint())
    layout = window.layout()
    if layout is not None and layout.hasHeightForWidth():
        wanted.setHeight(max(wanted.height(), layout.totalHeightForWidth(wanted.width())))
    wanted = wanted.boundedTo(room)
    if grow_only:
        wanted = wanted.expandedTo(window.size()).boundedTo(room)
    if wanted != window.size():
        window.resize(wanted)
    parent = window.parentWidget()
    if grow_only or parent is None:
        centre = window.frameGeometry().center() if grow_only else area.center()
    else:
        centre = parent.window().frameGeometry().center()
    place(window, area, centre)


def place(window: QWidget, area: QRect, centre: QPoint) -> None:
    """Move `window` so it is centred on `centre` as far as `area` lets it."""
    frame = window.frameGeometry()
    x = min(max(centre.x() - frame.width() // 2, area.left()), area.right() + 1 - frame.width())
    y = min(max(centre.y() - frame.height() // 2, area.top()), area.bottom() + 1 - frame.height())
    window.move(max(x, area.left()), max(y, area.top()))


class _Fitter(QObject):
    """Fits its window when it is shown, and lets it grow within the screen afterwards."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.pending = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window:
            if event.type() == QEvent.Type.Show:
                fit_to_screen(self.window)
            elif event.type() == QEvent.Type.LayoutRequest and not self.pending:
                self.pending = True
                QTimer.singleShot(0, self, self._grow)  # never after the window is gone
        return False

    def _grow(self) -> None:
        self.pending = False
        if self.window.isVisible():
            fit_to_screen(self.window, grow_only=True)


def keep_on_screen(window: QWidget) -> None:
    """Fit `window` to its screen each time it is shown, and as its content grows."""
    window.installEventFilter(_Fitter(window))


def show_maximised(window: QWidget) -> None:
    """Show the main window filling the screen's free area (also without a window manager,
    which would otherwise leave it at its default size)."""
    area = screen_area(window)
    window.setGeometry(area)  # without a window manager, maximised is this size
    if _emulated is None:
        window.showMaximized()
    else:
        window.show()
        fill(window, area)


def fill(window: QWidget, area: QRect) -> None:
    """Make `window`, with its frame, cover exactly `area`."""
    window.setGeometry(area)
    frame, inner = window.frameGeometry(), window.geometry()
    window.setGeometry(
        area.adjusted(
            inner.left() - frame.left(),
            inner.top() - frame.top(),
            inner.right() - frame.right(),
            inner.bottom() - frame.bottom(),
        )
    )


class FitScrollArea(QScrollArea):
    """A frameless scroll area that asks for all its content needs (the window then caps
    it at the screen), never scrolls sideways, and keeps the focused field in view."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fitScroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content.setObjectName(content.objectName() or "fitContent")
        self.setWidget(content)
        content.installEventFilter(self)
        self.at_end = False
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)

    def _bar(self) -> int:
        bar = self.verticalScrollBar()  # its style sheet may make it wider than the style's
        extent = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return max(extent, bar.sizeHint().width())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        margins = self.contentsMargins()
        return QSize(
            hint.width() + self._bar() + margins.left() + margins.right(),
            hint.height() + margins.top() + margins.bottom(),
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        content = self.widget()
        base = super().minimumSizeHint()
        if content is None:
            return base
        margins = self.contentsMargins()
        width = content.minimumSizeHint().width() + self._bar() + margins.left() + margins.right()
        return QSize(max(base.width(), width), base.height())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # The content asks for a new size: the window's layout reads this area's hints again.
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(obj, event)

    def show_end(self) -> None:
        """Scroll to the end of the content, and keep it there as the content grows."""
        self.at_end = True
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _range_changed(self, _low: int, high: int) -> None:
        if self.at_end:
            self.verticalScrollBar().setValue(high)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Keys a field leaves (↑ ↓, Enter, Page Up) belong to the window, not to scrolling:
        # the focused field is kept in view instead.
        event.ignore()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        content = self.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.ensureWidgetVisible(new, 10, 10)


def _narrowest(widget: QWidget) -> int:
    """The width a layout will not squeeze `widget` below (a set minimum wins)."""
    return widget.minimumWidth() or widget.minimumSizeHint().width()


class Columns(QWidget):
    """Two columns side by side while both fit, else one above the other (a narrow
    screen, large type, long words of a language)."""

    def __init__(
        self, first: QWidget, second: QWidget, spacing: int = 24, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.first, self.second = first, second
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        self.box.addWidget(first, 1)
        self.box.addWidget(second, 1)

    def side_by_side_width(self) -> int:
        """The narrowest both fit side by side (each column at its smallest)."""
        return _narrowest(self.first) + _narrowest(self.second) + self.box.spacing()

    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Narrow enough to stack: never as wide as both columns' minimums side by side.
        width = max(_narrowest(self.first), _narrowest(self.second))
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        stack = event.size().width() < self.side_by_side_width()
        if stack != self.stacked():
            self.box.setDirection(
                QBoxLayout.Direction.TopToBottom if stack else QBoxLayout.Direction.LeftToRight
            )
            self.updateGeometry()
        super().resizeEvent(event)
