"""A manager locked out (or who forgot the PIN) sets a new PIN with the terminal's recovery
code, from the lock screen; and the code itself, shown once when the terminal is set up.

The code is spent when used: the dialog then shows the new one, once, to write down."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.widgets import form
from terminal.ui.messages import fill


def _pin_field() -> QLineEdit:
    field = QLineEdit(objectName="pinInput")
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(r"[0-9]{0,8}", field))
    return field


class RecoveryDialog(PosDialog):
    def build(self) -> None:
        self.setMinimumWidth(560)
        self.new_code: str | None = None
        self.managers = [op.name for op in self.services.operators.list() if op.is_manager]
        self.explain = QLabel(objectName="hint")
        self.explain.setWordWrap(True)
        self.manager = QComboBox(objectName="managerChoice")
        self.manager.addItems(self.managers)
        chosen = str(self.extra.get("name") or "")
        if chosen in self.managers:
            self.manager.setCurrentIndex(self.managers.index(chosen))
        self.code = QLineEdit(objectName="recoveryCodeInput")
        self.code.setMaxLength(24)
        self.pin, self.repeat = _pin_field(), _pin_field()
        self.captions = [QLabel() for _ in range(4)]
        rows = form()
        for label, field in zip(
            self.captions, (self.manager, self.code, self.pin, self.repeat), strict=True
        ):
            rows.addRow(label, field)
        self.shown_code = QLabel(objectName="dialogFigure")
        self.shown_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shown_code.hide()
        self.body.addWidget(self.explain)
        self.body.addLayout(rows)
        self.body.addWidget(self.shown_code)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set a new PIN with the recovery code"))
        self.title.setText(self.tr("Set a new PIN with the recovery code"))
        self.explain.setText(
            self.tr(
                "For a manager locked out with no other manager: type the recovery code "
                "shown when the terminal was set up, and a new PIN."
            )
        )
        for label, text in zip(
            self.captions,
            (self.tr("Manager"), self.tr("Recovery code"), self.tr("New PIN"), self.tr("Again")),
            strict=True,
        ):
            label.setText(text)
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        if self.new_code is not None:
            self._show_new_code()

    def first_field(self) -> QWidget:
        return self.code

    def entry_fields(self) -> list[QWidget]:
        return [self.code, self.pin, self.repeat]

    def confirm(self) -> None:
        if not self.managers:
            self.show_error(self.tr("No manager is set up on this terminal."))
            return
        if self.pin.text() != self.repeat.text():
            self.show_error(self.tr("The two PINs are not the same; type the new PIN again."))
            self.pin.clear()
            self.repeat.clear()
            self.pin.setFocus()
            return

        if not self.code.text().strip():
            self.show_error(self.tr("Type the recovery code."))
            self.code.setFocus()
            return

        def work() -> str:
            _, code = self.services.operators.recover(
                self.manager.currentText(), self.code.text(), self.pin.text()
            )
            return code

        code = self.attempt(work)
        if code is None:
            self.code.setFocus()
            return
        self.new_code = code
        for field in (self.manager, self.code, self.pin, self.repeat):
            field.setEnabled(False)
        self._show_new_code()
        self.done_mode()

    def _show_new_code(self) -> None:
        self.show_notice(
            fill(
                self.tr(
                    "%1 has a new PIN. The old recovery code is spent; write down the new "
                    "one now, it is shown only this once:"
                ),
                self.manager.currentText(),
            )
        )
        self.shown_code.setText(self.new_code or "")
        self.shown_code.show()


class RecoveryCodeDialog(PosDialog):
    """The recovery code made when the terminal was set up, shown this once."""

    def build(self) -> None:
        self.setMinimumWidth(560)
        self.explain = QLabel(objectName="hint")
        self.explain.setWordWrap(True)
        self.shown_code = QLabel(str(self.extra.get("code") or ""), objectName="dialogFigure")
        self.shown_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.explain)
        self.body.addWidget(self.shown_code)
        self.done_mode()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Recovery code"))
        self.title.setText(self.tr("Recovery code"))
        self.explain.setText(
            self.tr(
                "Write this code down and keep it away from the till; it is shown only now. "
                "A manager locked out with no other manager sets a new PIN with it on the "
                "lock screen."
            )
        )
