"""Checkout: the amount (or lines with categories), the tier discount, a coupon, split
tenders (points, stored value, bank card, mobile, cash with change), the amount still due
updating as tenders are typed, Enter to confirm. The quote comes from the same domain code
the checkout books with (`services.quotes`), so the limits shown are the ones applied."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal.domain.barcodes import COUPON, classify
from terminal.domain.checkout import SaleLine
from terminal.domain.errors import PosError
from terminal.domain.money import format_fen
from terminal.services.quotes import SaleQuote
from terminal.services.sales import SaleResult
from terminal.services.views.checkout import CheckoutModel, CheckoutView, Typed
from terminal.ui.customer_display import customer_display
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.tenders import balances_line, tender_label
from terminal.ui.dialogs.widgets import MoneyEdit, PointsEdit, figure, form
from terminal.ui.error_text import Message, describe
from terminal.ui.fit import Columns
from terminal.ui.messages import fill, tier_label


def _minus(fen: int) -> str:
    return "-" + format_fen(fen) if fen else format_fen(0)


def _holding(layout: QVBoxLayout) -> QWidget:
    box = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    box.setLayout(layout)
    return box


def _mark(widget: QWidget, name: str, on: bool) -> None:
    """Set a style-sheet property (a refused field, the change figure) and restyle."""
    if widget.property(name) != on:
        widget.setProperty(name, on)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class CheckoutDialog(PosDialog):
    def build(self) -> None:
        if self.member is None:
            raise PosError("scan or find a member first", code="ui.member_needed")
        self.member = self.services.members.find(self.member.card_no)
        self.model = CheckoutModel(self.services.quotes, self.services.sales, self.member.card_no)
        customer_display().show_member(self.member)
        customer_display().new_sale()

        self.who = QLabel(objectName="dialogMember")
        self.who.setWordWrap(True)
        # --- what is bought
        self.amount = MoneyEdit()
        self.category = QLineEdit(objectName="categoryInput")
        self.category.setMaxLength(40)
        self.add_line = QPushButton(objectName="addLine")
        self.remove_line = QPushButton(objectName="removeLine")
        self.line_list = QListWidget(objectName="saleLines")
        self.line_list.setMaximumHeight(110)
        self.line_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.coupon = QComboBox(objectName="couponChoice")
        self.coupon.setEditable(True)
        self.coupon.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.coupon.addItem("", "")
        for c in self._member_coupons():
            self.coupon.addItem(f"{c.code}  {self._coupon_text(c)}", c.code)
        wanted = str(self.extra.get("coupon") or "").strip().upper()
        if wanted:
            self.set_coupon(wanted)
        # --- the bill
        self.subtotal, self.tier_off, self.coupon_off = QLabel(), QLabel(), QLabel()
        self.due = figure()
        self.due.setObjectName("dueFigure")
        # --- tenders
        self.points = PointsEdit()
        self.wallet = MoneyEdit()
        self.card = MoneyEdit()
        self.card_ref = QLineEdit(objectName="referenceInput")
        self.card_ref.setMaxLength(64)
        self.mobile = MoneyEdit()
        self.mobile_ref = QLineEdit(objectName="referenceInput")
        self.mobile_ref.setMaxLength(64)
        self.cash = MoneyEdit()
        self.points_hint, self.wallet_hint = QLabel(objectName="hint"), QLabel(objectName="hint")
        self.points_hint.setWordWrap(True)
        self.remaining = figure()
        self.remaining.setObjectName("remainingFigure")
        self.problem = QLabel(objectName="hint")
        self.problem.setWordWrap(True)
        self.summary = QLabel(objectName="saleSummary")
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.captions: dict[str, QLabel] = {}

        def cap(key: str) -> QLabel:
            self.captions[key] = QLabel()
            return self.captions[key]

        buy = form()
        buy.addRow(cap("amount"), self.amount)
        buy.addRow(cap("category"), self.category)
        line_keys = QHBoxLayout()
        line_keys.addWidget(self.add_line)
        line_keys.addWidget(self.remove_line)
        buy.addRow("", line_keys)
        buy.addRow(cap("lines"), self.line_list)
        buy.addRow(cap("coupon"), self.coupon)
        bill = QGridLayout()
        bill.addWidget(cap("subtotal"), 0, 0)
        bill.addWidget(self.subtotal, 0, 1, Qt.AlignmentFlag.AlignRight)
        bill.addWidget(cap("tier_off"), 1, 0)
        bill.addWidget(self.tier_off, 1, 1, Qt.AlignmentFlag.AlignRight)
        bill.addWidget(cap("coupon_off"), 2, 0)
        bill.addWidget(self.coupon_off, 2, 1, Qt.AlignmentFlag.AlignRight)
        bill.addWidget(cap("due"), 3, 0)
        bill.addWidget(self.due, 3, 1, Qt.AlignmentFlag.AlignRight)
        left = QVBoxLayout()
        left.addLayout(buy)
        left.addLayout(bill)
        left.addStretch(1)

        pay = form()
        pay.addRow(cap("points"), self.points)
        pay.addRow("", self.points_hint)
        pay.addRow(cap("wallet"), self.wallet)
        pay.addRow("", self.wallet_hint)
        pay.addRow(cap("card"), self._pair(self.card, self.card_ref))
        pay.addRow(cap("mobile"), self._pair(self.mobile, self.mobile_ref))
        pay.addRow(cap("cash"), self.cash)
        pay.addRow(cap("remaining"), self.remaining)
        right = QVBoxLayout()
        right.addLayout(pay)
        right.addWidget(self.problem)
        right.addStretch(1)

        # What is bought beside how it is paid; one above the other on a narrow screen.
        self.columns = Columns(_holding(left), _holding(right))
        self.body.addWidget(self.who)
        self.body.addWidget(self.columns)
        self.body.addWidget(self.summary)

        order = [
            self.amount,
            self.category,
            self.coupon,
            self.points,
            self.wallet,
            self.card,
            self.card_ref,
            self.mobile,
            self.mobile_ref,
            self.cash,
            self.ok,
            self.cancel,
        ]
        for a, b in zip(order, order[1:], strict=False):
            self.setTabOrder(a, b)
        self.add_line.clicked.connect(self.add_current_line)
        self.remove_line.clicked.connect(self.remove_last_line)
        for edit in (self.amount, self.points, self.wallet, self.card, self.mobile, self.cash):
            edit.textChanged.connect(self.requote)
        self.coupon.currentTextChanged.connect(self.requote)

    @staticmethod
    def _pair(amount: QWidget, reference: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(amount, 2)
        row.addWidget(reference, 3)  # room for its hint; an amount is short
        return box

    def _member_coupons(self) -> list:
        try:
            return self.services.quotes.usable_coupons(self.member.card_no)
        except PosError:
            return []

    def _coupon_text(self, c) -> str:
        if c.kind == "percent":
            off = fill(self.tr("%1% off"), f"{c.value / 100:g}")
        else:
            off = fill(self.tr("%1 off"), format_fen(c.value))
        if c.min_spend_fen:
            off += " " + fill(self.tr("from %1"), format_fen(c.min_spend_fen))
        return off

    # --- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Checkout"))
        self.title.setText(self.tr("Checkout"))
        texts = {
            "amount": self.tr("Amount (¥)"),
            "category": self.tr("Category"),
            "lines": self.tr("Lines"),
            "coupon": self.tr("Coupon"),
            "subtotal": self.tr("Subtotal"),
            "tier_off": self.tr("Tier discount"),
            "coupon_off": self.tr("Coupon discount"),
            "due": self.tr("Amount due"),
            "points": tender_label("points"),
            "wallet": tender_label("wallet"),
            "card": tender_label("card"),
            "mobile": tender_label("mobile"),
            "cash": self.tr("Cash received"),
            "remaining": self.tr("Still due"),
        }
        for key, text in texts.items():
            self.captions[key].setText(text)
        self.category.setPlaceholderText(self.tr("General (default)"))
        self.add_line.setText(self.tr("Add line (Ctrl+L)"))
        self.remove_line.setText(self.tr("Undo line (Ctrl+D)"))
        self.coupon.lineEdit().setPlaceholderText(self.tr("Pick, scan or type a coupon"))
        for ref in (self.card_ref, self.mobile_ref):
            ref.setPlaceholderText(self.tr("Reference (optional)"))
        tier = self.services.setup.rules()[1].tier_or_entry(self.member.tier)
        self.who.setText(
            fill(
                self.tr("%1 · card %2 · %3 (%4% off)"),
                self.member.name_masked,
                self.member.card_no,
                tier_label(tier.code, tier.name),
                f"{tier.discount_bp / 100:g}",
            )
            + "\n"
            + balances_line(self.member)
        )
        self._refresh_lines()
        self.requote()

    def first_field(self) -> QWidget:
        return self.amount

    # --- lines and coupon ------------------------------------------------------------------

    @property
    def result(self) -> SaleResult | None:
        return self.model.result

    @property
    def lines(self) -> list[SaleLine]:
        return self.model.lines

    def typed(self) -> Typed:
        return Typed(
            amount=self.amount.text(),
            category=self.category.text(),
            coupon=self.coupon_code(),
            points=self.points.text(),
            wallet=self.wallet.text(),
            card=self.card.text(),
            mobile=self.mobile.text(),
            cash=self.cash.text(),
            card_reference=self.card_ref.text(),
            mobile_reference=self.mobile_ref.text(),
        )

    def add_current_line(self) -> None:
        added = self.attempt(lambda: self.model.add_line(self.typed()))
        if added:
            self.amount.clear()
            self._refresh_lines()
            self.requote()
        self.amount.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # Ctrl+L / Ctrl+D reach the dialog from whichever field has the focus.
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            if event.key() == Qt.Key.Key_L:
                self.add_current_line()
                return
            if event.key() == Qt.Key.Key_D:
                self.remove_last_line()
                return
        super().keyPressEvent(event)

    def remove_last_line(self) -> None:
        if self.model.remove_last_line():
            self._refresh_lines()
            self.requote()

    def _refresh_lines(self) -> None:
        self.line_list.clear()
        for line in self.lines:
            self.line_list.addItem(f"{line.category}    {format_fen(line.amount_fen)}")
        self.line_list.setVisible(bool(self.lines))
        self.captions["lines"].setVisible(bool(self.lines))

    def coupon_code(self) -> str | None:
        data = self.coupon.currentData()
        text = self.coupon.currentText().strip()
        if data and text.startswith(data):
            return data
        return text.split()[0].upper() if text else None

    def set_coupon(self, code: str) -> None:
        index = self.coupon.findData(code)
        if index >= 0:
            self.coupon.setCurrentIndex(index)
        else:
            self.coupon.setEditText(code)

    def handle_scan(self, code: str) -> bool:
        """A coupon scanned while the checkout is open goes into the coupon field."""
        scanned = classify(code)
        if scanned.kind != COUPON or self.result is not None:
            return False
        self.set_coupon(scanned.value)
        self.requote()
        return True

    # --- quote -------------------------------------------------------------------------------

    def _fields(self) -> dict[str, QWidget]:
        return {
            "amount": self.amount,
            "coupon": self.coupon,
            "points": self.points,
            "wallet": self.wallet,
            "card": self.card,
            "mobile": self.mobile,
            "cash": self.cash,
        }

    def requote(self) -> None:
        """Show what the fields as typed now come to. A message of an earlier attempt
        described other figures, so it goes."""
        if self.result is not None:
            return
        self.clear_error()
        view = self.model.quote(self.typed())
        self._show_bill(view)
        self._show_problem(describe(view.error) if view.error and view.refused else "")
        for name, widget in self._fields().items():
            _mark(widget, "refused", name == view.refused)

    def _show_bill(self, view: CheckoutView) -> None:
        quote = view.quote
        bill = quote.bill if quote else None
        self.subtotal.setText(format_fen(bill.subtotal_fen if bill else 0))
        self.tier_off.setText(_minus(bill.tier_discount_fen if bill else 0))
        self.coupon_off.setText(_minus(bill.coupon_discount_fen if bill else 0))
        self.due.setText(format_fen(bill.due_fen if bill else 0))
        # Change only for tenders the checkout would book as they are; what is still due is
        # never in the colour of change.
        if view.change_fen is not None:
            self.captions["remaining"].setText(self.tr("Change"))
            self.remaining.setText(format_fen(view.change_fen))
        else:
            self.captions["remaining"].setText(self.tr("Still due"))
            self.remaining.setText(format_fen(view.still_due_fen))
        _mark(self.remaining, "change", view.change_fen is not None)
        self.points_hint.setText(self._points_text(quote))
        wallet_fen = quote.wallet_fen if quote else self.member.wallet_fen
        self.wallet_hint.setText(fill(self.tr("Balance %1"), format_fen(wallet_fen)))
        if bill is not None:
            customer_display().show_due(bill.due_fen)
        else:
            customer_display().new_sale()

    def _points_text(self, quote: SaleQuote | None) -> str:
        if quote is None:
            return fill(self.tr("Balance %1 points"), f"{self.member.points:,}")
        if quote.points_max == 0:
            return fill(
                self.tr("Balance %1 points; none can be used on this bill (at least %2)"),
                f"{quote.points_balance:,}",
                f"{quote.points_min:,}",
            )
        if quote.points_step > 1:
            return fill(
                self.tr("Balance %1 points; use %2 to %3, in steps of %4"),
                f"{quote.points_balance:,}",
                f"{quote.points_min:,}",
                f"{quote.points_max:,}",
                quote.points_step,
            )
        return fill(
            self.tr("Balance %1 points; use %2 to %3"),
            f"{quote.points_balance:,}",
            f"{quote.points_min:,}",
            f"{quote.points_max:,}",
        )

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)

    # --- confirm -----------------------------------------------------------------------------

    def fill_the_rest(self) -> bool:
        """Enter in an empty payment field puts what is still due into it (stored value: as
        much as the balance covers); the next Enter books the sale."""
        field = self.focusWidget()
        names = {self.wallet: "wallet", self.card: "card", self.mobile: "mobile"}
        names[self.cash] = "cash"
        if field not in names or field.text().strip():
            return False
        rest = self.model.rest_for(names[field])
        if rest is None:
            return False
        field.set_fen(rest)
        return True

    def confirm(self) -> None:
        if self.result is not None:
            self.accept()
            return
        self.requote()
        if self.fill_the_rest():
            return
        view = self.model.view
        if view is None or view.quote is None:
            error = view.error if view else None
            self.show_error(error if error else Message("sale.no_lines"))
            self._fields().get(view.refused if view else None, self.amount).setFocus()
            return
        if not view.bookable:
            self.show_error(view.error)
            if view.refused in self._fields():
                self._fields()[view.refused].setFocus()
            elif view.still_due_fen > 0:
                self.cash.setFocus()
            return
        typed = self.typed()
        result = self.attempt(lambda: self.model.book(typed, self.operator))
        if result is None:
            return
        self._show_result(result)
        self.receipt("sale", result.sale_id)
        self.changed(result.card_no)
        self.done_mode()

    def _show_result(self, result: SaleResult) -> None:
        for widget in (
            self.amount,
            self.category,
            self.coupon,
            self.points,
            self.wallet,
            self.card,
            self.card_ref,
            self.mobile,
            self.mobile_ref,
            self.cash,
            self.add_line,
            self.remove_line,
        ):
            widget.setEnabled(False)
        priced = result.priced
        after = self.services.members.find(result.card_no)
        progress = after.tier_progress
        rules = self.services.setup.rules()[1]
        if progress.next_tier:
            nxt = rules.tier_or_entry(progress.next_tier)
            tier_text = fill(
                self.tr("%1 more to reach %2"),
                format_fen(progress.remaining_fen),
                tier_label(nxt.code, nxt.name),
            )
        else:
            tier_text = self.tr("Top tier reached")
        paid = fill(self.tr("Paid. Receipt %1."), result.receipt_no)
        if priced.change_fen:
            paid += " " + fill(self.tr("Change %1."), format_fen(priced.change_fen))
        parts = [
            paid,
            fill(
                self.tr("Points earned %1, points used %2."),
                f"{priced.points_earned:,}",
                f"{priced.points_spent:,}",
            ),
            fill(
                self.tr("New balances: %1 points, stored value %2."),
                f"{after.points:,}",
                format_fen(after.wallet_fen),
            ),
        ]
        if result.promoted_to:
            tier = rules.tier_or_entry(result.promoted_to)
            parts.append(fill(self.tr("Promoted to %1!"), tier_label(tier.code, tier.name)))
        parts.append(fill(self.tr("Tier: %1 (%2%)."), tier_text, progress.percent))
        if result.low_balance:
            parts.append(self.tr("Stored value is running low."))
        self.summary.setText("\n".join(p for p in parts if p))
        self.summary.show()
        self.member = after
        display = customer_display()
        display.show_member(after)
        display.show_change(priced.change_fen)
