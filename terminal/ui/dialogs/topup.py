"""Top-up of stored value: amount and tender; the bonus and the new balance are shown
before confirming, and a top-up over the card cap is refused with the room left."""

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from terminal.domain.errors import PosError
from terminal.domain.money import format_fen
from terminal.services.wallet import TopUpResult
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.tenders import TOPUP_TENDERS, balances_line, tender_label
from terminal.ui.dialogs.widgets import MoneyEdit, figure, form
from terminal.ui.error_text import describe
from terminal.ui.messages import fill


class TopUpDialog(PosDialog):
    def build(self) -> None:
        self.result: TopUpResult | None = None
        if self.member is None:
            raise PosError("scan or find a member first", code="ui.member_needed")
        self.member = self.services.members.find(self.member.card_no)
        self.rules = self.services.setup.rules()[1]
        self.who = QLabel(objectName="dialogMember")
        self.amount = MoneyEdit()
        self.tender = QComboBox(objectName="tenderChoice")
        for kind in TOPUP_TENDERS:
            self.tender.addItem("", kind)
        self.reference = QLineEdit(objectName="referenceInput")
        self.reference.setMaxLength(64)
        self.bonus = figure()
        self.after = QLabel(objectName="hint")
        self.after.setWordWrap(True)  # a refusal (over the card cap) is a sentence
        self.limits = QLabel(objectName="hint")
        self.limits.setWordWrap(True)
        self.captions = [QLabel() for _ in range(4)]
        rows = form()
        rows.addRow(self.captions[0], self.amount)
        rows.addRow(self.captions[1], self.tender)
        rows.addRow(self.captions[2], self.reference)
        rows.addRow(self.captions[3], self.bonus)
        rows.addRow("", self.after)
        self.body.addWidget(self.who)
        self.body.addLayout(rows)
        self.body.addWidget(self.limits)
        self.amount.textChanged.connect(self.update_quote)
        self.tender.currentIndexChanged.connect(self._tender_changed)
        self._tender_changed()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Top up stored value"))
        self.title.setText(self.tr("Top up stored value"))
        for i, kind in enumerate(TOPUP_TENDERS):
            self.tender.setItemText(i, tender_label(kind))
        for label, text in zip(
            self.captions,
            (self.tr("Amount (¥)"), self.tr("Paid by"), self.tr("Reference"), self.tr("Bonus")),
            strict=True,
        ):
            label.setText(text)
        self.reference.setPlaceholderText(self.tr("Payment reference (optional)"))
        self.who.setText(
            f"{self.member.name_masked} · {self.member.card_no}\n" + balances_line(self.member)
        )
        bonus_rules = ", ".join(
            fill(self.tr("%1 gets %2"), format_fen(b.min_topup_fen), format_fen(b.bonus_fen))
            for b in self.rules.bonus_rules
        )
        self.limits.setText(
            fill(
                self.tr("Bonus rules: %1. Card cap %2."),
                bonus_rules or self.tr("none"),
                format_fen(self.rules.card_cap_fen),
            )
        )
        self.update_quote()

    def first_field(self) -> QWidget:
        return self.amount

    def _tender_changed(self) -> None:
        self.reference.setEnabled(self.tender.currentData() != "cash")

    def update_quote(self) -> None:
        """The bonus and balance after the top-up, or why it cannot be done, as typed. A
        refusal of an earlier amount described another figure, so it goes."""
        if self.result is not None:
            return
        self.clear_error()
        try:
            fen = self.amount.fen()
        except PosError:
            fen = 0
        if fen <= 0:
            self.bonus.setText(format_fen(0))
            self.after.clear()
            return
        quote = self.services.wallet.quote_top_up(self.member.card_no, fen)
        self.bonus.setText(format_fen(quote.bonus_fen))
        if quote.error is not None:
            self.after.setText(describe(quote.error))
            return
        self.after.setText(
            fill(self.tr("Balance after top-up: %1"), format_fen(quote.balance_after_fen))
        )

    def confirm(self) -> None:
        def work() -> TopUpResult:
            fen = self.amount.fen()
            reference = self.reference.text().strip() or None
            return self.services.wallet.top_up(
                self.member.card_no, fen, self.tender.currentData(), self.operator, reference
            )

        result = self.attempt(work)
        if result is None:
            self.amount.setFocus()
            return
        self.result = result
        for field in (self.amount, self.tender, self.reference):
            field.setEnabled(False)
        self.bonus.setText(format_fen(result.bonus_fen))
        self.after.setText(
            fill(
                self.tr("Topped up %1 + bonus %2. New balance %3 (receipt %4)."),
                format_fen(result.amount_fen),
                format_fen(result.bonus_fen),
                format_fen(result.wallet_fen),
                result.receipt_no,
            )
        )
        self.receipt("topup", result.topup_id)
        self.changed(self.member.card_no)
        self.done_mode()
