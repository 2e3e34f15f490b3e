"""A refund: scan or type the receipt number (or the sale id), refund the whole sale or
part of it, with a manager's approval. Each tender gets back its share (the service)."""

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from terminal.domain.barcodes import RECEIPT, classify
from terminal.domain.money import format_fen
from terminal.services.operators import OperatorView
from terminal.services.refunds import RefundResult
from terminal.services.sale_lookup import SaleSummary
from terminal.ui.dialogs.approval import ask_approval
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.tenders import tender_label
from terminal.ui.dialogs.widgets import MoneyEdit, form
from terminal.ui.messages import fill


class RefundDialog(PosDialog):
    def build(self) -> None:
        self.sale: SaleSummary | None = None
        self.result: RefundResult | None = None
        self.approval = None
        self.receipt_no = QLineEdit(objectName="receiptInput")
        self.receipt_no.setMaxLength(40)
        self.find = QPushButton(objectName="findButton")
        self.find.setAutoDefault(False)
        self.sale_text = QLabel(objectName="saleSummary")
        self.sale_text.setWordWrap(False)  # three short lines, never clipped
        self.amount = MoneyEdit()
        self.reason = QLineEdit(objectName="reasonInput")
        self.reason.setMaxLength(200)
        self.captions = [QLabel() for _ in range(3)]
        find_row = QHBoxLayout()
        find_row.addWidget(self.receipt_no, 1)
        find_row.addWidget(self.find)
        rows = form()
        rows.addRow(self.captions[0], find_row)
        self.body.addLayout(rows)
        self.body.addWidget(self.sale_text)
        rows = form()
        rows.addRow(self.captions[1], self.amount)
        rows.addRow(self.captions[2], self.reason)
        self.body.addLayout(rows)
        self.find.clicked.connect(self.look_up)
        # Enter in the receipt field reaches confirm(), which looks the sale up first.
        self.receipt_no.textEdited.connect(self._receipt_edited)
        given = str(self.extra.get("receipt") or "").strip()
        if given:
            self.receipt_no.setText(given)
            self.look_up()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Refund"))
        self.title.setText(self.tr("Refund"))
        self.captions[0].setText(self.tr("Receipt"))
        self.captions[1].setText(self.tr("Amount (¥)"))
        self.captions[2].setText(self.tr("Reason"))
        self.receipt_no.setPlaceholderText(self.tr("Scan or type the receipt number"))
        self.find.setText(self.tr("Find"))
        self.amount.setPlaceholderText(self.tr("Empty: all that is left"))
        self.reason.setPlaceholderText(self.tr("Why (optional)"))
        self._show_sale()

    def first_field(self) -> QWidget:
        return self.amount if self.sale is not None else self.receipt_no

    def handle_scan(self, code: str) -> bool:
        scanned = classify(code)
        if scanned.kind != RECEIPT or self.result is not None:
            return False
        self.receipt_no.setText(scanned.value)
        self.look_up()
        return True

    def look_up(self) -> None:
        if self.result is not None:
            return
        key = self.receipt_no.text().strip()
        if not key:
            self.show_error(self.tr("Scan or type the receipt number."))
            return
        sale = self.attempt(lambda: self.services.sale_lookup.summary(key))
        self.sale = sale
        self._show_sale()
        if sale is not None:
            self.amount.setFocus()

    def _show_sale(self) -> None:
        sale = self.sale
        self.sale_text.setVisible(sale is not None)
        if sale is None:
            self.sale_text.clear()
            return
        tz = ZoneInfo(self.services.setup.terminal().timezone)
        when = sale.created_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(tz)
        paid = ", ".join(f"{tender_label(k)} {format_fen(v)}" for k, v in sale.tenders)
        self.sale_text.setText(
            fill(
                self.tr(
                    "Receipt %1 of %2 · %3 (card %4)\nPaid %5: %6\nRefunded so far %7; "
                    "at most %8 can be refunded."
                ),
                sale.receipt_no,
                when.strftime("%Y-%m-%d %H:%M"),
                sale.name_masked,
                sale.card_no,
                format_fen(sale.due_fen),
                paid,
                format_fen(sale.refunded_fen),
                format_fen(sale.refundable_fen),
            )
        )

    def _receipt_edited(self) -> None:
        self.sale = None
        self._show_sale()

    def confirm(self) -> None:
        if self.sale is None:
            self.look_up()
            return
        amount = self.attempt(self.amount.fen)
        if amount is None:
            return
        if self.sale.refundable_fen <= 0:
            self.show_error(self.tr("This sale has been refunded in full already."))
            return
        refund = amount or self.sale.refundable_fen
        ask_approval(
            self,
            fill(self.tr("Refund %1 of receipt %2"), format_fen(refund), self.sale.receipt_no),
            self.approved,
        )

    def approved(self, approver: OperatorView) -> None:
        sale = self.sale

        def work() -> RefundResult:
            amount = self.amount.fen() or None
            return self.services.refunds.refund(
                sale.sale_id, self.operator, approver, amount, self.reason.text()
            )

        result = self.attempt(work)
        if result is None:
            return
        self.result = result
        for widget in (self.receipt_no, self.find, self.amount, self.reason):
            widget.setEnabled(False)
        back = ", ".join(
            f"{self._part(kind)} {format_fen(fen)}" for kind, fen in result.amounts.items() if fen
        )
        text = fill(
            self.tr("Refunded %1 (%2), approved by %3. Refund receipt %4."),
            format_fen(result.amount_fen),
            back,
            approver.name,
            result.receipt_no,
        )
        if result.points_back:
            text += " " + fill(self.tr("%1 points returned."), f"{result.points_back:,}")
        if result.points_clawback:
            text += " " + fill(
                self.tr("%1 earned points taken back."), f"{result.points_clawback:,}"
            )
        if result.points_unrecovered:
            text += " " + fill(
                self.tr("%1 earned points were already spent."), f"{result.points_unrecovered:,}"
            )
        self.show_notice(text)
        self.receipt("refund", result.refund_id)
        self.changed(sale.card_no)
        self.done_mode()

    def _part(self, kind: str) -> str:
        if kind == "points_value":
            return tender_label("points")
        if kind == "wallet_principal":
            return self.tr("Stored value")
        if kind == "wallet_bonus":
            return self.tr("Stored value bonus")
        return tender_label(kind)
