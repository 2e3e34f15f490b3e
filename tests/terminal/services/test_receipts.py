"""Receipts built from the books: what each slip says matches what was booked."""

from datetime import date, datetime

import pytest

from terminal.domain import receipt as r
from terminal.domain.errors import InvalidInput, NotFound
from tests.helpers.services_kit import buy, top_up


def test_a_sale_receipt_says_what_was_booked(shop):
    member = shop.sign_up()
    top_up(shop, member, 50_000)  # 500 yuan + 40 bonus
    sale = buy(shop, member, [8_800, 1_200], wallet_fen=5_000, cash_fen=6_000)
    receipt = shop.svc.receipts.build(sale.sale_id)
    assert receipt.kind == r.SALE
    assert receipt.receipt_no == sale.receipt_no
    assert receipt.store_name == "测试门店" and receipt.terminal == "001203"
    assert receipt.operator == "cashier"
    assert receipt.at == datetime(2026, 3, 10, 10, 0)  # 02:00 UTC in Shanghai
    assert [(x.description, x.amount_fen) for x in receipt.lines] == [
        ("food", 8_800),
        ("food", 1_200),
    ]
    assert receipt.subtotal_fen == 10_000
    assert receipt.due_fen == sale.priced.due_fen
    assert receipt.change_fen == sale.priced.change_fen
    assert receipt.points_earned == sale.priced.points_earned
    kinds = {t.kind: t for t in receipt.tenders}
    assert kinds["wallet"].amount_fen == 5_000
    assert kinds["wallet"].principal_fen + kinds["wallet"].bonus_fen == 5_000
    assert kinds["cash"].tendered_fen == 6_000
    assert receipt.balances == r.Balances(
        sale.points_balance, sale.wallet_principal_fen, sale.wallet_bonus_fen
    )
    assert receipt.member.card_no == member.card_no
    assert receipt.member.phone_masked == "138****8000"
    assert "8000" in receipt.member.phone_masked and "0013" not in receipt.member.phone_masked
    assert receipt.codes == (r.Code(r.CODE128, sale.receipt_no),)
    assert receipt.cash_tendered
    assert not receipt.reprint


def test_the_receipt_number_finds_the_same_receipt(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 3_000)
    assert shop.svc.receipts.build(sale.receipt_no) == shop.svc.receipts.build(sale.sale_id)


def test_balances_are_those_just_after_the_sale_not_today(shop):
    member = shop.sign_up()
    first = buy(shop, member, 10_000)
    buy(shop, member, 20_000)  # later sales do not change the first receipt
    receipt = shop.svc.receipts.build(first.sale_id)
    assert receipt.balances.points == first.points_balance
    assert receipt.balances.points < shop.svc.members.find(member.card_no).points


def test_a_top_up_receipt(shop):
    member = shop.sign_up()
    result = top_up(shop, member, 100_000, tender="card")
    receipt = shop.svc.receipts.build(result.receipt_no)
    assert receipt.kind == r.TOPUP
    assert receipt.topup_fen == 100_000 and receipt.bonus_fen == result.bonus_fen > 0
    assert receipt.tenders == (r.Tender("card", 100_000),)
    assert receipt.balances.wallet_fen == 100_000 + result.bonus_fen
    assert not receipt.cash_tendered


def test_a_refund_receipt_names_the_original_sale(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)
    refund = shop.svc.refunds.refund(sale.sale_id, shop.cashier, shop.manager, 4_000)
    receipt = shop.svc.receipts.build(refund.refund_id)
    assert receipt.kind == r.REFUND
    assert receipt.receipt_no == refund.receipt_no
    assert receipt.original_receipt_no == sale.receipt_no
    assert receipt.refund_fen == sum(refund.amounts.values()) > 0
    assert receipt.points_clawback == refund.points_clawback
    assert receipt.balances.points == refund.points_balance
    # the sale's own receipt is unchanged by the refund
    assert shop.svc.receipts.build(sale.sale_id).balances.points == sale.points_balance


def test_a_sign_up_slip_carries_the_member_qr(shop):
    member = shop.sign_up()
    receipt = shop.svc.receipts.sign_up(member.card_no)
    assert receipt.kind == r.SIGNUP
    assert receipt.codes == (r.Code(r.QR, "POSM:" + member.card_no),)
    assert receipt.operator == "cashier"
    assert receipt.member.tier_name == member.tier_name
    assert shop.svc.receipts.sign_up(member.id) == receipt  # the sign-up screen's key


@pytest.mark.parametrize("key", ["", "nope", "0012-03-999999", "x" * 100])
def test_unknown_receipts_are_a_clear_error(shop, key):
    with pytest.raises((NotFound, InvalidInput)) as err:
        shop.svc.receipts.build(key)
    assert "receipt" in str(err.value)


def test_a_statement_lists_the_period_with_running_balances(shop):
    member = shop.sign_up()
    buy(shop, member, 10_000)  # 10 March
    shop.clock.advance(days=5)
    top_up(shop, member, 50_000)  # 15 March
    shop.clock.advance(days=30)
    buy(shop, member, 5_000)  # 14 April: outside the period
    st = shop.svc.receipts.statement(member.card_no, date(2026, 3, 12), date(2026, 3, 31))
    assert st.opening.points == 100 and st.opening.wallet_fen == 0
    assert [(x.kind, x.amount) for x in st.lines] == [("topup", 50_000), ("bonus", 4_000)]
    assert st.lines[-1].balance_after == 54_000
    assert st.closing.wallet_fen == 54_000 and st.closing.points == 100
    whole = shop.svc.receipts.statement(member.card_no, date(2026, 3, 1), date(2026, 4, 30))
    assert whole.closing.points == shop.svc.members.find(member.card_no).points
    assert whole.lines[0].reference.startswith("0012-03-")


def test_a_statement_refuses_a_backwards_period(shop):
    member = shop.sign_up()
    with pytest.raises(InvalidInput):
        shop.svc.receipts.statement(member.card_no, date(2026, 3, 2), date(2026, 3, 1))
