"""Failed prints (Ctrl+P): the receipts that did not come out of the printer (number, time,
why), Retry with its result, Discard after a confirmation, and the way to reprint any past
receipt with a manager's approval. A thin view over `devices.printing.failed.FailedPrints`.
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from terminal.devices.printing.failed import RETRYING, FailedPrint, FailedPrints, RetryResult
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.messages import fill

TOUCH_PX = 44  # the smallest a finger hits reliably
ROW_PX = 44


class FailedPrintsDialog(PosDialog):
    """`bridge` (PrintBridge) is required; its queue holds the failed receipts."""

    def build(self) -> None:
        self.setMinimumWidth(720)
        self.bridge = self.extra["bridge"]
        self.model = FailedPrints(self.bridge.queue)
        self.rows: list[FailedPrint] = []
        self.confirming: FailedPrint | None = None
        self.reprint_dialog = None
        self.empty = QLabel(objectName="hint")
        self.table = QTableWidget(0, 4, objectName="failedPrints")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_PX)
        header = self.table.horizontalHeader()
        for col in (0, 1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(ROW_PX * 5)
        self.discard_button = QPushButton(objectName="discardButton")
        self.reprint_button = QPushButton(objectName="reprintButton")
        actions = QHBoxLayout()
        actions.addWidget(self.discard_button)
        actions.addStretch(1)
        actions.addWidget(self.reprint_button)
        # Discard asks first, inside the window: a touch screen has no dialog-in-dialog.
        self.confirm_box = QWidget(objectName="discardConfirm")
        self.confirm_text = QLabel(objectName="errorMessage")
        self.confirm_text.setWordWrap(True)
        self.confirm_yes = QPushButton(objectName="confirmDiscard")
        self.confirm_no = QPushButton(objectName="keepReceipt")
        confirm_row = QHBoxLayout(self.confirm_box)
        confirm_row.setContentsMargins(0, 0, 0, 0)
        confirm_row.addWidget(self.confirm_text, 1)
        confirm_row.addWidget(self.confirm_yes)
        confirm_row.addWidget(self.confirm_no)
        self.confirm_box.hide()
        self.body.addWidget(self.empty)
        self.body.addWidget(self.table, 1)
        self.body.addLayout(actions)
        self.body.addWidget(self.confirm_box)
        self.retry_button = self.ok  # Enter retries the selected receipt
        for button in (
            self.ok,
            self.cancel,
            self.discard_button,
            self.reprint_button,
            self.confirm_yes,
            self.confirm_no,
        ):
            button.setMinimumHeight(TOUCH_PX)
        self.discard_button.clicked.connect(self.ask_discard)
        self.confirm_yes.clicked.connect(self.discard)
        self.confirm_no.clicked.connect(self.keep)
        self.reprint_button.clicked.connect(self.open_reprint)
        self.table.itemSelectionChanged.connect(self._enable)
        self.bridge.jobs_changed.connect(self.refresh)
        self.bridge.job_printed.connect(self._settled)
        self.bridge.job_failed.connect(lambda job_id, _message: self._settled(job_id))
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Failed prints"))
        self.title.setText(self.tr("Failed prints"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Receipt"), self.tr("Kind"), self.tr("Time"), self.tr("Why")]
        )
        self.empty.setText(self.tr("Every receipt has printed."))
        self.ok.setText(self.tr("Retry (Enter)"))
        self.cancel.setText(self.tr("Close (Esc)"))
        self.discard_button.setText(self.tr("Discard…"))
        self.reprint_button.setText(self.tr("Reprint a past receipt…"))
        self.confirm_yes.setText(self.tr("Yes, discard"))
        self.confirm_no.setText(self.tr("Keep it"))
        if self.confirming is not None:
            self.confirm_text.setText(self._confirm_question(self.confirming))
        if hasattr(self, "model"):
            self.refresh()

    def first_field(self) -> QWidget:
        return self.table if self.rows else self.reprint_button

    def handle_scan(self, code: str) -> bool:
        """A receipt scanned while the reprint window is open goes to it."""
        dialog = self.reprint_dialog
        return dialog is not None and dialog.isVisible() and dialog.handle_scan(code)

    # --- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_job_id()
        self.rows = self.model.rows()
        self.table.setRowCount(len(self.rows))
        for row, job in enumerate(self.rows):
            cells = (job.receipt_no, self.kind_text(job), job.time, self.reason_text(job.reason))
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, job.job_id)
                item.setToolTip(job.detail)  # the printer's own words, for support staff
                self.table.setItem(row, col, item)
            if job.job_id == selected:
                self.table.selectRow(row)
        if self.rows and self.selected_job_id() is None:
            self.table.selectRow(0)
        if self.confirming is not None and self.confirming.job_id not in self._ids():
            self.keep()
        self.empty.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))
        self._enable()

    def selected_job_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def selected(self) -> FailedPrint | None:
        job_id = self.selected_job_id()
        return next((job for job in self.rows if job.job_id == job_id), None)

    def _ids(self) -> set[str]:
        return {job.job_id for job in self.rows}

    def _enable(self) -> None:
        job = self.selected()
        waiting = job is None or job.reason == RETRYING
        self.ok.setEnabled(not waiting)
        self.discard_button.setEnabled(not waiting and self.confirming is None)

    # --- retry ------------------------------------------------------------------------------

    def confirm(self) -> None:
        """Enter / Retry: the selected receipt goes to the printer again."""
        job = self.selected()
        if job is None:
            return
        self.keep()
        receipt_no = self.attempt(lambda: self.model.retry(job.job_id))
        if receipt_no is None:
            self.refresh()
            return
        self.clear_error()
        self.show_notice(fill(self.tr("Printing receipt %1 again…"), receipt_no))
        self.refresh()

    def _settled(self, job_id: str) -> None:
        if job_id not in self.model.retrying:
            return
        result = self.model.result(job_id)
        if result is None:
            return
        self.show_result(result)
        self.refresh()

    def show_result(self, result: RetryResult) -> None:
        if result.printed:
            self.clear_error()
            self.show_notice(fill(self.tr("Receipt %1 printed."), result.receipt_no))
            return
        self.show_notice("")
        self.show_error(
            fill(
                self.tr("Receipt %1 did not print (%2). %3 It stays in the list: nothing is lost."),
                result.receipt_no,
                self.reason_text(result.reason),
                self.advice(result.reason),
            )
        )

    # --- discard ----------------------------------------------------------------------------

    def ask_discard(self) -> None:
        job = self.selected()
        if job is None:
            return
        self.confirming = job
        self.confirm_text.setText(self._confirm_question(job))
        self.confirm_box.show()
        self.confirm_no.setFocus()  # the safe answer is the one under Enter
        self._enable()

    def _confirm_question(self, job: FailedPrint) -> str:
        return fill(
            self.tr("Discard receipt %1? It will not be printed (it can be reprinted later)."),
            job.receipt_no,
        )

    def discard(self) -> None:
        job = self.confirming
        if job is None:
            return
        receipt_no = self.attempt(lambda: self.model.discard(job.job_id))
        self.keep()
        if receipt_no is not None:
            self.show_notice(fill(self.tr("Receipt %1 discarded."), receipt_no))
        self.refresh()

    def keep(self) -> None:
        self.confirming = None
        self.confirm_box.hide()
        self._enable()

    # --- reprint ----------------------------------------------------------------------------

    def open_reprint(self) -> Any:
        from terminal.ui.dialogs.reprint import ReprintDialog

        dialog = ReprintDialog(
            self.services,
            self.operator,
            member=self.member,
            parent=self,
            print_copy=self.bridge.print_copy,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _=None: setattr(self, "reprint_dialog", None))
        self.reprint_dialog = dialog
        dialog.open()
        return dialog

    # --- words ------------------------------------------------------------------------------

    def kind_text(self, job: FailedPrint) -> str:
        names = {
            "sale": self.tr("Sale"),
            "topup": self.tr("Top-up"),
            "refund": self.tr("Refund"),
            "signup": self.tr("Sign-up"),
            "test": self.tr("Test page"),
        }
        name = names.get(job.kind, job.kind)
        return name + (self.tr(" (reprint)") if job.reprint else "")

    def reason_text(self, reason: str) -> str:
        return {
            "offline": self.tr("Printer offline or unplugged"),
            "paper_out": self.tr("Out of paper"),
            "cover_open": self.tr("Printer cover open"),
            "interrupted": self.tr("The terminal stopped while printing"),
            RETRYING: self.tr("Printing again…"),
        }.get(reason, self.tr("Printer error"))

    def advice(self, reason: str) -> str:
        return {
            "offline": self.tr("Check that the printer is switched on and its cable plugged in."),
            "paper_out": self.tr("Put in a new paper roll."),
            "cover_open": self.tr("Close the printer's cover."),
        }.get(reason, self.tr("Look at the printer."))
