"""Checkout through the real dialog: split tenders, limits shown before confirming,
coupons, lines with categories, refusals that keep what was typed."""

from terminal.ui.dialogs.checkout import CheckoutDialog
from tests.helpers.services_kit import assert_books_ok, audit_rows, give_points, top_up
from tests.terminal.ui.dialogs.conftest import press_enter, type_into


def test_split_tenders_points_stored_value_and_cash_with_change(open_dialog, shop, receipts):
    member = shop.sign_up()
    give_points(shop, member, 5_000)
    top_up(shop, member, 10_000)  # ¥100
    dialog = open_dialog(CheckoutDialog, member=member)
    assert dialog.focusWidget() is dialog.amount
    type_into(dialog.amount, "100")
    assert dialog.due.text() == "¥100.00"
    # points may pay at most half the bill: 5,000 points = ¥50
    assert "100 to 5,000" in dialog.points_hint.text()
    type_into(dialog.points, "2000")  # ¥20
    type_into(dialog.wallet, "30")
    assert dialog.remaining.text() == "¥50.00"
    assert dialog.captions["remaining"].text() == "Still due"
    type_into(dialog.cash, "60")
    assert dialog.captions["remaining"].text() == "Change"
    assert dialog.remaining.text() == "¥10.00"
    press_enter(dialog.cash)
    assert dialog.result is not None, dialog.error.text()
    priced = dialog.result.priced
    assert (priced.points_spent, priced.wallet_fen, priced.cash_fen, priced.change_fen) == (
        2_000,
        3_000,
        5_000,
        1_000,
    )
    assert priced.points_earned == 80  # ¥80 paid in money and stored value, 1 point per yuan
    after = shop.svc.members.find(member.card_no)
    assert after.points == 5_000 - 2_000 + 80
    assert after.wallet_fen == 7_000
    assert receipts.printed == [("sale", dialog.result.sale_id)]
    assert dialog.changes == [member.card_no]
    text = dialog.summary.text()
    assert "Change ¥10.00" in text and "Points earned 80" in text and "2,000" in text
    assert "¥70.00" in text and "to reach Silver" in text
    press_enter(dialog.ok)
    assert not dialog.isVisible()
    assert_books_ok(shop)


def test_too_many_points_are_refused_before_and_at_confirm(open_dialog, shop):
    member = shop.sign_up()
    give_points(shop, member, 10_000)
    dialog = open_dialog(CheckoutDialog, member=member)
    type_into(dialog.amount, "40")
    assert "100 to 2,000" in dialog.points_hint.text()  # half of ¥40 is 2,000 points
    type_into(dialog.points, "3000")
    type_into(dialog.cash, "10")
    assert "at most 50%" in dialog.problem.text()
    press_enter(dialog.cash)
    assert dialog.result is None and "at most 50%" in dialog.error.text()
    assert dialog.points.text() == "3000" and dialog.amount.text() == "40"
    assert audit_rows(shop, "sale.complete") == []


def test_enter_with_money_still_due_moves_to_cash(open_dialog, shop):
    member = shop.sign_up()
    dialog = open_dialog(CheckoutDialog, member=member)
    type_into(dialog.amount, "25.50")
    press_enter(dialog.amount)
    assert dialog.result is None
    assert "¥25.50 is still due" in dialog.error.text()
    assert dialog.focusWidget() is dialog.cash
    type_into(dialog.cash, "25.5")
    press_enter(dialog.cash)
    assert dialog.result is not None and dialog.result.priced.change_fen == 0


def test_lines_with_categories_and_the_tier_discount(open_dialog, shop):
    member = shop.sign_up()
    shop.svc.setup.set_rules(
        {"tiers": [{"code": "normal", "name": "Normal", "threshold_fen": 0, "discount_bp": 1000}]},
        shop.manager,
    )
    dialog = open_dialog(CheckoutDialog, member=member)
    assert "10% off" in dialog.who.text()
    type_into(dialog.category, "food")
    type_into(dialog.amount, "30")
    dialog.add_current_line()
    type_into(dialog.category, "drinks")
    type_into(dialog.amount, "20")
    assert dialog.subtotal.text() == "¥50.00" and dialog.tier_off.text() == "-¥5.00"
    type_into(dialog.mobile, "45")
    type_into(dialog.mobile_ref, "WX123456")
    press_enter(dialog.mobile_ref)
    assert dialog.result is not None, dialog.error.text()
    (event,) = [r for r in audit_rows(shop, "sale.complete")]
    assert event["details"]["due_fen"] == 4_500
    from tests.helpers.services_kit import outbox_events

    (sale,) = outbox_events(shop, "sale.completed")
    assert sale["payload"]["lines"] == [
        {"category": "food", "amount_fen": 3_000},
        {"category": "drinks", "amount_fen": 2_000},
    ]
    assert sale["payload"]["mobile_fen"] == 4_500


def test_member_coupon_picked_or_scanned(open_dialog, shop):
    member = shop.sign_up()
    coupon = shop.svc.coupons.issue("amount", 1_000, shop.manager, member=member.card_no)
    dialog = open_dialog(CheckoutDialog, member=member)
    assert dialog.coupon.findData(coupon.code) > 0
    type_into(dialog.amount, "50")
    assert dialog.handle_scan(coupon.code)
    assert dialog.coupon_off.text() == "-¥10.00" and dialog.due.text() == "¥40.00"
    assert not dialog.handle_scan(member.card_no)  # not a coupon: the counter handles it
    type_into(dialog.cash, "40")
    press_enter(dialog.cash)
    assert dialog.result.priced.coupon_discount_fen == 1_000


def test_an_unknown_coupon_is_a_clear_message(open_dialog, shop):
    member = shop.sign_up()
    dialog = open_dialog(CheckoutDialog, member=member, coupon="CPNOSUCH123")
    type_into(dialog.amount, "50")
    assert dialog.problem.text() == "There is no coupon CPNOSUCH123."
    type_into(dialog.cash, "50")
    press_enter(dialog.cash)
    assert dialog.result is None and "no coupon" in dialog.error.text()


def test_enter_in_an_empty_payment_field_fills_in_the_rest(open_dialog, shop):
    member = shop.sign_up()
    top_up(shop, member, 2_000)  # ¥20 of stored value
    dialog = open_dialog(CheckoutDialog, member=member)
    type_into(dialog.amount, "58.80")
    dialog.wallet.setFocus()
    press_enter(dialog.wallet)
    assert dialog.wallet.text() == "20.00" and dialog.result is None  # all the balance covers
    dialog.mobile.setFocus()
    press_enter(dialog.mobile)
    assert dialog.mobile.text() == "38.80" and dialog.remaining.text() == "¥0.00"
    press_enter(dialog.mobile)  # now it books
    assert dialog.result is not None, dialog.error.text()
    assert (dialog.result.priced.wallet_fen, dialog.result.priced.mobile_fen) == (2_000, 3_880)


def test_ctrl_l_adds_a_line_and_ctrl_d_takes_it_off(open_dialog, shop, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    member = shop.sign_up()
    dialog = open_dialog(CheckoutDialog, member=member)
    type_into(dialog.amount, "12")
    QTest.keyClick(dialog.amount, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert [line.amount_fen for line in dialog.lines] == [1_200]
    assert dialog.amount.text() == "" and dialog.subtotal.text() == "¥12.00"
    QTest.keyClick(dialog.amount, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert dialog.lines == [] and dialog.subtotal.text() == "¥0.00"


def test_enter_in_the_coupon_field_applies_it_and_books(open_dialog, shop):
    member = shop.sign_up()
    coupon = shop.svc.coupons.issue("amount", 500, shop.manager, member=member.card_no)
    dialog = open_dialog(CheckoutDialog, member=member)
    type_into(dialog.amount, "20")
    type_into(dialog.cash, "15")
    type_into(dialog.coupon.lineEdit(), coupon.code.lower())
    assert dialog.due.text() == "¥15.00"
    press_enter(dialog.coupon.lineEdit())
    assert dialog.result is not None, dialog.error.text()
    assert dialog.result.priced.coupon_discount_fen == 500


def _green(label) -> bool:
    from PySide6.QtGui import QColor, QPalette

    return label.palette().color(QPalette.ColorRole.WindowText) == QColor("#1f6f43")


def test_a_refused_tender_shows_no_change_and_still_due_is_never_green(open_dialog, shop):
    member = shop.sign_up()
    give_points(shop, member, 100_000)
    top_up(shop, member, 400_000)
    dialog = open_dialog(CheckoutDialog, member=member)
    type_into(dialog.amount, "100")
    type_into(dialog.points, "99999")
    type_into(dialog.wallet, "5000")
    assert dialog.captions["remaining"].text() == "Still due"
    assert dialog.remaining.text() == "¥0.00" and not _green(dialog.remaining)
    assert dialog.points.property("refused") and not dialog.wallet.property("refused")
    assert "at most 50%" in dialog.problem.text()
    dialog.points.clear()
    dialog.wallet.clear()
    type_into(dialog.wallet, "150")
    assert dialog.captions["remaining"].text() == "Still due" and not _green(dialog.remaining)
    assert dialog.wallet.property("refused") and not dialog.points.property("refused")
    assert "¥50.00" in dialog.problem.text()
    press_enter(dialog.wallet)
    assert dialog.result is None and dialog.focusWidget() is dialog.wallet
    type_into(dialog.wallet, "60")
    type_into(dialog.cash, "50")
    assert dialog.captions["remaining"].text() == "Change" and dialog.remaining.text() == "¥10.00"
    assert _green(dialog.remaining) and not dialog.wallet.property("refused")
    assert dialog.problem.text() == ""


def test_an_error_goes_when_the_cashier_corrects_the_input(open_dialog, shop):
    member = shop.sign_up()
    dialog = open_dialog(CheckoutDialog, member=member)
    type_into(dialog.amount, "155")
    type_into(dialog.cash, "26.50")
    press_enter(dialog.cash)
    assert dialog.result is None and "¥128.50 is still due" in dialog.error.text()
    assert dialog.error.isVisible()
    type_into(dialog.cash, "181.50")
    assert dialog.remaining.text() == "¥26.50" and dialog.captions["remaining"].text() == "Change"
    assert not dialog.error.isVisible() and dialog.error.text() == ""
