"""Refunds and points adjustments with a manager's approval, through the real dialogs:
the approval window opens over the dialog, a wrong PIN is refused and nothing is booked."""

from terminal.ui.dialogs.adjustment import AdjustmentDialog
from terminal.ui.dialogs.refund import RefundDialog
from tests.helpers.services_kit import assert_books_ok, audit_rows, buy, give_points, top_up
from tests.helpers.shop import MANAGER_PIN
from tests.terminal.ui.dialogs.conftest import press_enter, type_into


def approve(dialog, pin: str) -> None:
    approval = dialog.approval
    assert approval is not None and approval.isVisible()
    assert approval.focusWidget() is approval.pin
    type_into(approval.pin, pin)
    press_enter(approval.pin)


def test_refund_by_typed_receipt_with_approval(open_dialog, shop, receipts):
    member = shop.sign_up()
    top_up(shop, member, 10_000)
    sale = buy(shop, member, 8_000, wallet_fen=3_000, cash_fen=5_000)
    dialog = open_dialog(RefundDialog)
    assert dialog.focusWidget() is dialog.receipt_no
    type_into(dialog.receipt_no, sale.receipt_no)
    press_enter(dialog.receipt_no)  # Enter finds the sale first
    assert dialog.sale.sale_id == sale.sale_id
    assert "at most ¥80.00" in dialog.sale_text.text()
    assert dialog.focusWidget() is dialog.amount
    type_into(dialog.reason, "wrong size")
    press_enter(dialog.reason)  # whole sale: asks for approval
    assert "¥80.00" in dialog.approval.reason.text()
    approve(dialog, MANAGER_PIN)
    assert dialog.result is not None, dialog.error.text()
    assert dialog.result.amount_fen == 8_000
    assert dialog.result.amounts["cash"] == 5_000
    (row,) = audit_rows(shop, "sale.refund")
    assert row["approver_id"] == shop.manager.id and row["operator_id"] == shop.cashier.id
    assert row["details"]["reason"] == "wrong size"
    assert receipts.printed == [("refund", dialog.result.refund_id)]
    assert dialog.changes == [member.card_no]
    assert "approved by manager" in dialog.notice.text()
    assert_books_ok(shop)


def test_wrong_approver_pin_books_nothing_and_keeps_the_form(open_dialog, shop):
    member = shop.sign_up()
    sale = buy(shop, member, 5_000)
    dialog = open_dialog(RefundDialog, receipt=sale.receipt_no)  # scanned on the counter
    assert dialog.sale is not None
    type_into(dialog.amount, "20")
    press_enter(dialog.amount)
    approve(dialog, "0000")
    approval = dialog.approval
    assert approval.isVisible() and "Wrong PIN" in approval.error.text()
    assert approval.pin.text() == ""
    assert audit_rows(shop, "sale.refund") == []
    assert [r["action"] for r in audit_rows(shop, "operator.pin_rejected")] == [
        "operator.pin_rejected"
    ]
    approve(dialog, MANAGER_PIN)  # the right PIN next
    assert dialog.result.amount_fen == 2_000
    assert dialog.amount.text() == "20"


def test_a_cashier_cannot_approve(open_dialog, shop):
    shop.svc.operators.add("amy", "cashier", "2468", by=shop.manager)
    member = shop.sign_up()
    sale = buy(shop, member, 5_000)
    dialog = open_dialog(RefundDialog, receipt=sale.receipt_no)
    press_enter(dialog.amount)
    dialog.approval.manager.addItem("amy")  # even if a cashier were offered
    dialog.approval.manager.setCurrentText("amy")
    approve(dialog, "2468")
    assert "not a manager" in dialog.approval.error.text()
    assert audit_rows(shop, "sale.refund") == []


def test_scanned_receipt_and_unknown_receipt(open_dialog, shop):
    member = shop.sign_up()
    sale = buy(shop, member, 5_000)
    dialog = open_dialog(RefundDialog)
    assert dialog.handle_scan(sale.receipt_no)
    assert dialog.sale.sale_id == sale.sale_id
    assert not dialog.handle_scan(member.card_no)
    type_into(dialog.receipt_no, "0012-03-999999")
    press_enter(dialog.receipt_no)
    assert dialog.sale is None
    assert "No sale has the receipt number or id “0012-03-999999”" in dialog.error.text()


def test_refund_more_than_paid_is_refused(open_dialog, shop):
    member = shop.sign_up()
    sale = buy(shop, member, 5_000)
    dialog = open_dialog(RefundDialog, receipt=sale.sale_id)
    type_into(dialog.amount, "60")
    press_enter(dialog.amount)
    approve(dialog, MANAGER_PIN)
    assert dialog.result is None and dialog.error.text()
    assert audit_rows(shop, "sale.refund") == []


def test_points_adjustment_with_reason_and_approval(open_dialog, shop):
    member = shop.sign_up()
    give_points(shop, member, 500)
    dialog = open_dialog(AdjustmentDialog, member=member)
    type_into(dialog.points, "-150")
    press_enter(dialog.points)
    assert dialog.focusWidget() is dialog.reason  # Enter moves on to the empty reason
    press_enter(dialog.reason)
    assert "reason is required" in dialog.error.text()
    assert dialog.approval is None
    type_into(dialog.reason, "double scan last week")
    press_enter(dialog.reason)
    assert "-150" in dialog.approval.reason.text()
    approve(dialog, MANAGER_PIN)
    assert dialog.result.points_balance == 350
    rows = audit_rows(shop, "points.adjust")
    assert rows[-1]["details"] == {"points": -150, "reason": "double scan last week"}
    assert rows[-1]["approver_id"] == shop.manager.id
    assert dialog.changes == [member.card_no]
    assert shop.svc.members.find(member.card_no).points == 350


def test_adjustment_below_zero_is_refused_after_approval(open_dialog, shop):
    member = shop.sign_up()
    dialog = open_dialog(AdjustmentDialog, member=member)
    type_into(dialog.points, "-10")
    type_into(dialog.reason, "test")
    press_enter(dialog.reason)
    approve(dialog, MANAGER_PIN)
    assert dialog.result is None and dialog.error.text()
    assert len(audit_rows(shop, "points.adjust")) == 0
