"""What every counter dialog shares: the agreed constructor, the `member_changed` signal,
receipts, an error line inside the dialog, large type and keyboard-first buttons."""

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal.domain.errors import PosError
from terminal.services.members import MemberView
from terminal.services.operators import OperatorView
from terminal.ui.error_text import Message, describe, shown
from terminal.ui.fit import SMALLEST_SCREEN, FitScrollArea, keep_on_screen

T = TypeVar("T")
log = logging.getLogger("terminal.ui.dialogs")
ReceiptPrinter = Callable[[str, str], None]
# Shared texts use QCoreApplication.translate("PosDialog", ...): self.tr() takes its context
# from the runtime class, so a base class's strings would not be found under a subclass.


# Figures the cashier reads at a glance; the app's style sheet sets the rest.
DIALOG_STYLE = """
#dialogFigure, #dueFigure { font-size: 28px; font-weight: 600; }
#remainingFigure { font-size: 28px; font-weight: 600; }
#remainingFigure[change="true"] { color: #1f6f43; }
QLineEdit[refused="true"], QComboBox[refused="true"] { border: 2px solid #b3261e; }
#dialogMember { font-size: 20px; }
#saleSummary, #dialogNotice {
    font-size: 20px; background: #e8f5e9; color: #1f4d2b; border-radius: 8px; padding: 10px;
}
#qrTitle { font-size: 22px; font-weight: 600; }
"""


class PosDialog(QDialog):
    """A dialog of the counter. Subclasses build their form in `build()` and set texts in
    `retranslate()` (called again when the language changes)."""

    member_changed = Signal(str)

    def __init__(
        self,
        services: Any,
        operator: OperatorView,
        member: MemberView | None = None,
        parent: QWidget | None = None,
        print_receipt: ReceiptPrinter | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.operator = operator
        self.member = member
        self.print_receipt = print_receipt
        self.extra = extra
        self.finished_work = False  # a transaction is done: Enter closes
        self.setObjectName(type(self).__name__)
        self.setMinimumWidth(min(640, SMALLEST_SCREEN.width()))
        keep_on_screen(self)
        self.setStyleSheet(DIALOG_STYLE)
        self.error = QLabel(objectName="errorMessage")
        self.said: Message | None = None
        self.error.setWordWrap(True)
        self.error.hide()
        self.notice = QLabel(objectName="dialogNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("primaryButton")
        self.ok.setDefault(True)
        self.ok.setAutoDefault(True)
        self.cancel = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self._accepted)
        self.buttons.rejected.connect(self.reject)
        # The form scrolls when the screen is too small for it; title, messages and the
        # buttons stay in view.
        form_page = QWidget(objectName="dialogForm")
        self.body = QVBoxLayout(form_page)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.scroll = FitScrollArea(form_page)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        self.title = QLabel(objectName="screenTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)
        self.build()
        # Enter always confirms: no other button of the form may take it over.
        for button in self.findChildren(QPushButton):
            if button is not self.ok:
                button.setAutoDefault(False)
                button.setDefault(False)
        self._retranslate_all()
        self.focus_first()

    # --- for subclasses ------------------------------------------------------------------

    def build(self) -> None:
        """Add the form's widgets to `self.body`."""

    def retranslate(self) -> None:
        """Set every visible text with `self.tr()`."""

    def confirm(self) -> None:
        """Enter or the confirm button: do the work (default: close)."""
        self.accept()

    def first_field(self) -> QWidget | None:
        return None

    def entry_fields(self) -> list[QWidget]:
        """The form's fields in the order Enter walks them. Enter in one moves to the next
        empty one; after the last, Enter confirms (default: Enter always confirms)."""
        return []

    # --- shared behaviour ------------------------------------------------------------------

    def _retranslate_all(self) -> None:
        self.cancel.setText(QCoreApplication.translate("PosDialog", "Cancel (Esc)"))
        if self.finished_work:
            self.ok.setText(QCoreApplication.translate("PosDialog", "Close (Enter)"))
        else:
            self.ok.setText(QCoreApplication.translate("PosDialog", "Confirm (Enter)"))
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_all()
            if self.said is not None and self.error.text():
                self.error.setText(self.said.text())
            elif self.error.text():
                self.clear_error()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # A field ignores Enter and it reaches the dialog here, before the default button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.finished_work:
            empty = self.next_empty_field()
            if empty is not None:
                empty.setFocus(Qt.FocusReason.TabFocusReason)
                event.accept()
                return
        super().keyPressEvent(event)

    def next_empty_field(self) -> QWidget | None:
        """The first empty field after the focused one; None when none follows or the
        focus is not on a field of the form (a button: Enter does what it says)."""
        fields = [f for f in self.entry_fields() if f.isVisible() and f.isEnabled()]
        here = self.focusWidget()
        if here not in fields:
            return None
        return next((f for f in fields[fields.index(here) + 1 :] if _is_empty(f)), None)

    def _accepted(self) -> None:
        if self.finished_work:
            self.accept()
        else:
            self.confirm()

    def focus_first(self) -> None:
        field = self.first_field()
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def attempt(self, work: Callable[[], T]) -> T | None:
        """Run a service call; a refusal shows in the dialog and nothing typed is lost."""
        try:
            result = work()
        except PosError as exc:
            self.show_error(exc)
            return None
        except Exception as exc:  # noqa: BLE001 - logged; the cashier reads one calm sentence
            log.exception("%s: unexpected error", type(self).__name__)
            self.show_error(exc)
            return None
        self.clear_error()
        return result

    def show_error(self, text: "str | Message | BaseException") -> None:
        """A refusal inside the window; an error or a `Message` is said again in the new
        language on F11, ready-made text is taken away then."""
        self.said = shown(text)
        self.error.setText(self.said.text() if self.said else str(text))
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def changed(self, card_no: str) -> None:
        self.member_changed.emit(card_no)

    def receipt(self, kind: str, receipt_id: str) -> None:
        """Send a receipt to the printer; a printer problem never undoes the transaction."""
        if self.print_receipt is None:
            return
        try:
            self.print_receipt(kind, receipt_id)
        except Exception as exc:  # noqa: BLE001 - the sale is booked whatever the printer does
            self.show_notice(
                QCoreApplication.translate("PosDialog", "The receipt was not printed: %1").replace(
                    "%1", describe(exc)
                )
            )

    def done_mode(self) -> None:
        """After a transaction: the form is read-only, Enter or Esc closes the dialog."""
        self.finished_work = True
        self.scroll.show_end()  # what was done is written at the end of the form
        self.cancel.hide()
        self.ok.setText(QCoreApplication.translate("PosDialog", "Close (Enter)"))
        self.ok.setFocus()


def _is_empty(field: QWidget) -> bool:
    if isinstance(field, QLineEdit):
        return not field.text().strip()
    if isinstance(field, QAbstractButton) and field.isCheckable():
        return not field.isChecked()
    if isinstance(field, QComboBox):
        return field.currentIndex() < 0
    return False
