"""A manager's approval: pick the manager, type their PIN. Used by refunds, points
adjustments and settings; the approving OperatorView goes to the `approved` signal."""

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from terminal.services.operators import OperatorView
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.widgets import form


class ApprovalDialog(PosDialog):
    approved = Signal(object)  # the approving manager's OperatorView

    def build(self) -> None:
        self.setMinimumWidth(520)
        self.approver: OperatorView | None = None
        self.reason = QLabel(objectName="hint")
        self.reason.setWordWrap(True)
        self.manager = QComboBox(objectName="managerChoice")
        self.managers = [op for op in self.services.operators.list() if op.is_manager]
        for op in self.managers:
            self.manager.addItem(op.name)
        # The operator on duty is proposed first when they are a manager themselves.
        names = [op.name for op in self.managers]
        if self.operator is not None and self.operator.name in names:
            self.manager.setCurrentIndex(names.index(self.operator.name))
        self.pin = QLineEdit(objectName="pinInput")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.manager_caption, self.pin_caption = QLabel(), QLabel()
        rows = form()
        rows.addRow(self.manager_caption, self.manager)
        rows.addRow(self.pin_caption, self.pin)
        self.body.addWidget(self.reason)
        self.body.addLayout(rows)
        self.setTabOrder(self.manager, self.pin)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Manager approval"))
        self.title.setText(self.tr("Manager approval"))
        self.reason.setText(self.extra.get("reason", ""))
        self.manager_caption.setText(self.tr("Manager"))
        self.pin_caption.setText(self.tr("PIN"))
        if not self.managers:
            self.show_error(self.tr("No manager is set up on this terminal."))
            self.ok.setEnabled(False)

    def first_field(self) -> QWidget:
        return self.pin if self.managers else self.cancel

    def confirm(self) -> None:
        name = self.manager.currentText()
        approver = self.attempt(
            lambda: self.services.operators.approve(
                name,
                self.pin.text(),
                by=self.operator,
                second_person=bool(self.extra.get("second_person")),
            )
        )
        if approver is None:
            self.pin.clear()  # a wrong PIN is typed again; the manager chosen stays
            self.pin.setFocus()
            return
        self.approver = approver
        self.approved.emit(approver)
        self.accept()


def ask_approval(
    owner: PosDialog, reason: str, then: Callable[[OperatorView], None]
) -> ApprovalDialog:
    """Open the approval window over `owner`; `then(approver)` runs once a manager approved."""
    dialog = ApprovalDialog(owner.services, owner.operator, owner.member, owner, reason=reason)
    dialog.approved.connect(then)
    owner.approval = dialog
    dialog.open()
    return dialog
