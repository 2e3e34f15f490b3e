"""Reprint a past receipt: scan or type its number, or pick it from the member's receipts;
a manager approves with a PIN; the copy prints marked as a reprint and is audited (the
service, `services.reprints`). The receipt is found and the printer checked before the
approval is asked, so a manager is never called for something that cannot be done."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from terminal.domain.barcodes import RECEIPT, classify
from terminal.domain.money import format_fen
from terminal.domain.receipt import Receipt
from terminal.services.operators import OperatorView
from terminal.services.reprints import PastReceipt, Reprint
from terminal.ui.dialogs.approval import ask_approval
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.widgets import form
from terminal.ui.error_text import describe
from terminal.ui.messages import fill

TOUCH_PX = 44
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReprintDialog(PosDialog):
    """`print_copy(receipt)` sends the marked copy to the printer (the print bridge)."""

    def build(self) -> None:
        self.setMinimumWidth(720)
        self.print_copy: Callable[[Receipt], object] | None = self.extra.get("print_copy")
        self.approval = None
        self.found: PastReceipt | None = None
        self.result: Reprint | None = None
        self.history: list[PastReceipt] = []
        self.receipt_no = QLineEdit(objectName="receiptInput")
        self.receipt_no.setMaxLength(40)
        self.find = QPushButton(objectName="findButton")
        self.caption = QLabel()
        find_row = QHBoxLayout()
        find_row.addWidget(self.receipt_no, 1)
        find_row.addWidget(self.find)
        rows = form()
        rows.addRow(self.caption, find_row)
        self.found_text = QLabel(objectName="saleSummary")
        self.found_text.setWordWrap(True)
        self.found_text.hide()
        self.history_title = QLabel(objectName="hint")
        self.table = QTableWidget(0, 4, objectName="receiptHistory")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(TOUCH_PX)
        header = self.table.horizontalHeader()
        for col in (0, 1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(TOUCH_PX * 4)
        self.body.addLayout(rows)
        self.body.addWidget(self.found_text)
        self.body.addWidget(self.history_title)
        self.body.addWidget(self.table, 1)
        for button in (self.ok, self.cancel, self.find):
            button.setMinimumHeight(TOUCH_PX)
        self.find.clicked.connect(self.look_up)
        self.receipt_no.textEdited.connect(self._edited)
        self.table.itemSelectionChanged.connect(self._picked)
        self._load_history()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Reprint a receipt"))
        self.title.setText(self.tr("Reprint a receipt"))
        self.caption.setText(self.tr("Receipt"))
        self.receipt_no.setPlaceholderText(self.tr("Scan or type the receipt number"))
        self.find.setText(self.tr("Find"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Receipt"), self.tr("Kind"), self.tr("Time"), self.tr("Amount")]
        )
        if self.member is not None:
            self.history_title.setText(
                fill(
                    self.tr("Receipts of %1 (card %2):"),
                    self.member.name_masked,
                    self.member.card_no,
                )
            )
        else:
            self.history_title.setText(
                self.tr("Find the member on the counter first to pick from their receipts.")
            )
        if not self.finished_work:
            self.ok.setText(self.tr("Reprint (Enter)"))
        self._fill_history()
        self._show_found()

    def first_field(self) -> QWidget:
        return self.receipt_no

    def entry_fields(self) -> list[QWidget]:
        return [self.receipt_no]

    def handle_scan(self, code: str) -> bool:
        scanned = classify(code)
        if scanned.kind != RECEIPT or self.result is not None:
            return False
        self.receipt_no.setText(scanned.value)
        self.look_up()
        return True

    # --- finding the receipt -----------------------------------------------------------------

    def _load_history(self) -> None:
        if self.member is None:
            self.table.hide()
            return
        found = self.attempt(lambda: self.services.reprints.history(self.member.id))
        self.history = found or []
        self._fill_history()
        self.table.setVisible(bool(self.history))

    def _fill_history(self) -> None:
        self.table.setRowCount(len(self.history))
        for row, past in enumerate(self.history):
            cells = (
                past.receipt_no,
                self.kind_text(past.kind),
                past.at.strftime("%Y-%m-%d %H:%M"),
                format_fen(past.amount_fen),
            )
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, past.receipt_no)
                if col == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)

    def _picked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.result is not None:
            return
        past = self.history[rows[0].row()]
        self.receipt_no.setText(past.receipt_no)
        self.found = past
        self.clear_error()
        self._show_found()

    def _edited(self) -> None:
        self.found = None
        self._show_found()

    def look_up(self) -> None:
        if self.result is not None:
            return
        key = self.receipt_no.text().strip()
        if not key:
            self.show_error(self.tr("Scan or type the receipt number, or pick one below."))
            return
        self.found = self.attempt(lambda: self.services.reprints.find(key))
        self._show_found()

    def _show_found(self) -> None:
        past = self.found
        self.found_text.setVisible(past is not None)
        if past is None:
            self.found_text.clear()
            return
        self.found_text.setText(
            fill(
                self.tr("%1 %2 of %3, %4"),
                self.kind_text(past.kind),
                past.receipt_no,
                past.at.strftime("%Y-%m-%d %H:%M"),
                format_fen(past.amount_fen),
            )
        )

    # --- approval and printing ---------------------------------------------------------

    def confirm(self) -> None:
        if self.found is None or self.found.receipt_no != self.receipt_no.text().strip():
            self.look_up()
            if self.found is None:
                return
        if self.print_copy is None:
            self.show_error(self.tr("No printer is set up: a receipt cannot be reprinted."))
            return
        ask_approval(
            self, fill(self.tr("Reprint receipt %1"), self.found.receipt_no), self.approved
        )

    def approved(self, approver: OperatorView) -> None:
        past = self.found
        result = self.attempt(
            lambda: self.services.reprints.reprint(past.receipt_no, self.operator, approver)
        )
        if result is None:
            return
        self.result = result
        for widget in (self.receipt_no, self.find, self.table):
            widget.setEnabled(False)
        text = fill(
            self.tr("Receipt %1 sent to the printer, marked as a reprint, approved by %2."),
            past.receipt_no,
            result.approver,
        )
        try:
            self.print_copy(result.receipt)
        except Exception as exc:  # noqa: BLE001 - the reprint is recorded; say what happened
            text = fill(self.tr("The reprint was not printed: %1"), describe(exc))
        self.show_notice(text)
        self.done_mode()

    def kind_text(self, kind: str) -> str:
        return {
            "sale": self.tr("Sale"),
            "topup": self.tr("Top-up"),
            "refund": self.tr("Refund"),
        }.get(kind, kind)
