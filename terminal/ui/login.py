"""The login and lock screen: choose the operator, type the PIN.

Nobody is chosen for the person at the keys (not even whoever locked the counter): a PIN is
only ever checked against the name its owner chose, so one cashier's PIN never counts as a
wrong PIN of another operator. With a single operator there is nothing to choose.
A manager locked out with no other manager sets a new PIN with the recovery code here."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal.domain.errors import PosError
from terminal.services.facade import Services
from terminal.services.operators import OperatorView
from terminal.ui.error_text import Message, shown
from terminal.ui.messages import fill

if TYPE_CHECKING:
    from terminal.ui.dialogs.recovery import RecoveryDialog


class LoginScreen(QWidget):
    logged_in = Signal(object)  # OperatorView

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginScreen")
        self.services = services
        self.title = QLabel(objectName="screenTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(objectName="hint", alignment=Qt.AlignmentFlag.AlignCenter)
        self.operators = QListWidget(objectName="operatorList")
        self.pin_caption = QLabel(objectName="fieldCaption")
        self.pin = QLineEdit(objectName="pinInput")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(r"[0-9]{0,8}", self.pin))
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(objectName="primaryButton")
        self.message = QLabel(objectName="errorMessage", alignment=Qt.AlignmentFlag.AlignCenter)
        self.said: Message | None = None
        self.hint.setWordWrap(True)
        self.message.setWordWrap(True)
        self.recover = QPushButton(objectName="recoverButton")
        self.recover.setAutoDefault(False)

        column = QVBoxLayout()
        column.setSpacing(14)
        for widget in (
            self.title,
            self.hint,
            self.operators,
            self.pin_caption,
            self.pin,
            self.button,
            self.message,
            self.recover,
        ):
            column.addWidget(widget)
        box = QWidget(objectName="loginBox")
        box.setLayout(column)
        box.setFixedWidth(520)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.pin.installEventFilter(self)  # Up / Down choose the operator from the PIN field
        self.pin.returnPressed.connect(self.log_in)
        self.button.clicked.connect(self.log_in)
        self.recover.clicked.connect(self.open_recovery)
        self.operators.itemActivated.connect(lambda _item: self.pin.setFocus())
        self.operators.itemClicked.connect(lambda _item: self.pin.setFocus())  # touch
        self.operators.currentItemChanged.connect(lambda *_: self.message.clear())
        self.locked_by: str | None = None
        self.recovery: RecoveryDialog | None = None
        self.retranslate()
        self.reload()

    def show_message(self, what: "str | Message | BaseException") -> None:
        self.said = shown(what)
        self.message.setText(self.said.text() if self.said else str(what))

    def language_changed(self) -> None:
        """A refusal is said again in the new language; a ready-made line goes."""
        if self.said is not None and self.message.text():
            self.message.setText(self.said.text())
        else:
            self.message.clear()

    def retranslate(self) -> None:
        if self.locked_by:
            self.title.setText(fill(self.tr("Locked by %1"), self.locked_by))
        else:
            self.title.setText(self.tr("Log in"))
        self.hint.setText(self.tr("Choose your name (↑ ↓) and type your PIN, then press Enter"))
        self.pin_caption.setText(self.tr("PIN"))
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.button.setText(self.tr("Log in"))
        self.recover.setText(self.tr("Manager locked out? Use the recovery code"))
        for row in range(self.operators.count()):
            item = self.operators.item(row)
            item.setText(self.operator_label(*item.data(Qt.ItemDataRole.UserRole + 1)))

    def reload(self) -> None:
        """Fill the list of operators (a wrong database shows a message, not a crash)."""
        self.operators.clear()
        try:
            operators = self.services.operators.list()
        except PosError as exc:
            self.show_message(exc)
            return
        for op in operators:
            item = QListWidgetItem(self.operator_label(op.name, op.is_manager))
            item.setData(Qt.ItemDataRole.UserRole, op.name)
            item.setData(Qt.ItemDataRole.UserRole + 1, (op.name, op.is_manager))
            self.operators.addItem(item)
        self.operators.setCurrentRow(0 if len(operators) == 1 else -1)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.pin and event.type() == QEvent.Type.KeyPress:
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
            if step and self.operators.count():
                current = self.operators.currentRow()
                if current < 0:  # nobody chosen yet: ↓ the first, ↑ the last
                    current = -1 if step > 0 else 0
                row = (current + step) % self.operators.count()
                self.operators.setCurrentRow(row)
                return True
        return super().eventFilter(obj, event)

    def operator_label(self, name: str, is_manager: bool) -> str:
        role = self.tr("manager") if is_manager else self.tr("cashier")
        return name if role.casefold() == name.casefold() else f"{name}  ·  {role}"

    def lock(self, operator: OperatorView | None) -> None:
        """Show as the lock screen: who locked it is named, nobody is chosen, no PIN."""
        self.locked_by = operator.name if operator else None
        self.pin.clear()
        self.message.clear()
        self.reload()
        self.retranslate()
        self.pin.setFocus()

    def open_recovery(self) -> "RecoveryDialog":
        from terminal.ui.dialogs.recovery import RecoveryDialog  # the first screen needs none

        dialog = RecoveryDialog(self.services, None, parent=self, name=self.chosen() or "")
        dialog.finished.connect(lambda _result: self._recovered(dialog))
        dialog.open()
        self.recovery = dialog
        return dialog

    def _recovered(self, dialog: "RecoveryDialog") -> None:
        if dialog.new_code is not None:  # the manager logs in with the new PIN next
            self.reload()
            self.choose(dialog.manager.currentText())
            self.message.clear()
        self.pin.setFocus()

    def choose(self, name: str) -> bool:
        for row in range(self.operators.count()):
            if self.operators.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.operators.setCurrentRow(row)
                return True
        return False

    def chosen(self) -> str | None:
        item = self.operators.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def log_in(self) -> None:
        name = self.chosen()
        if name is None:
            self.message.setText(self.tr("Choose your name first (↑ ↓)"))
            self.pin.setFocus()
            return
        if not self.pin.text():
            self.message.setText(self.tr("Type your PIN"))
            self.pin.setFocus()
            return
        try:
            operator = self.services.operators.authenticate(name, self.pin.text())
        except PosError as exc:
            self.show_message(exc)
            self.pin.clear()
            self.pin.setFocus()
            return
        self.pin.clear()
        self.message.clear()
        self.locked_by = None
        self.retranslate()
        self.logged_in.emit(operator)
