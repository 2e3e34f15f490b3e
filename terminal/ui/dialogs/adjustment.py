"""A manual points adjustment (up or down) with a reason, approved by a manager."""

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from terminal.domain.errors import PosError
from terminal.services.operators import OperatorView
from terminal.services.points import PointsResult
from terminal.ui.dialogs.approval import ask_approval
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.tenders import balances_line
from terminal.ui.dialogs.widgets import PointsEdit, form
from terminal.ui.messages import fill


class AdjustmentDialog(PosDialog):
    def build(self) -> None:
        if self.member is None:
            raise PosError("scan or find a member first", code="ui.member_needed")
        self.member = self.services.members.find(self.member.card_no)
        self.result: PointsResult | None = None
        self.approval = None
        self.who = QLabel(objectName="dialogMember")
        self.points = PointsEdit(allow_negative=True)
        self.reason = QLineEdit(objectName="reasonInput")
        self.reason.setMaxLength(200)
        self.points_caption, self.reason_caption = QLabel(), QLabel()
        rows = form()
        rows.addRow(self.points_caption, self.points)
        rows.addRow(self.reason_caption, self.reason)
        self.body.addWidget(self.who)
        self.body.addLayout(rows)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Adjust points"))
        self.title.setText(self.tr("Adjust points"))
        self.points_caption.setText(self.tr("Points (+ add, − take off)"))
        self.points.setPlaceholderText(self.tr("e.g. 200 or -150"))
        self.reason_caption.setText(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Why (required, kept in the audit log)"))
        self.who.setText(
            f"{self.member.name_masked} · {self.member.card_no}\n" + balances_line(self.member)
        )

    def first_field(self) -> QWidget:
        return self.points

    def entry_fields(self) -> list[QWidget]:
        return [self.points, self.reason]

    def confirm(self) -> None:
        points = self.attempt(self.points.points)
        if points is None:
            return
        if points == 0:
            self.show_error(self.tr("Type the points to add or take off."))
            self.points.setFocus()
            return
        if not self.reason.text().strip():
            self.show_error(self.tr("A reason is required."))
            self.reason.setFocus()
            return
        reason = fill(
            self.tr("%1 points for %2: %3"),
            f"{points:+,}",
            self.member.name_masked,
            self.reason.text().strip(),
        )
        ask_approval(self, reason, self.approved)

    def approved(self, approver: OperatorView) -> None:
        result = self.attempt(
            lambda: self.services.points.adjust(
                self.member.card_no,
                self.points.points(),
                self.reason.text(),
                self.operator,
                approver,
            )
        )
        if result is None:
            return
        self.result = result
        self.points.setEnabled(False)
        self.reason.setEnabled(False)
        self.show_notice(
            fill(
                self.tr("Adjusted by %1 points, approved by %2. Points now: %3."),
                f"{result.points:+,}",
                approver.name,
                f"{result.points_balance:,}",
            )
        )
        self.changed(self.member.card_no)
        self.done_mode()
