"""The bill before tenders is exactly what a sale is priced at."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.checkout import SaleLine, TenderRequest, price_bill, price_sale
from terminal.domain.coupons import AMOUNT, PERCENT, Coupon
from terminal.domain.errors import PosError
from terminal.domain.rules import Rules
from terminal.domain.wallet import WalletBalance

RULES = Rules()
TODAY = date(2026, 3, 10)


@settings(max_examples=200, deadline=None)
@given(
    amounts=st.lists(st.integers(1, 5_000_000), min_size=1, max_size=5),
    tier=st.sampled_from(RULES.tiers),
    kind=st.sampled_from([None, AMOUNT, PERCENT]),
    value=st.integers(1, 10_000),
    min_spend=st.integers(0, 100_000),
)
def test_bill_equals_the_priced_sale(amounts, tier, kind, value, min_spend):
    lines = [SaleLine("food", a) for a in amounts]
    coupon = Coupon("CP1", kind, value, min_spend, TODAY, TODAY, "m1") if kind is not None else None
    try:
        bill = price_bill(lines, tier, coupon, (TODAY, "m1"))
    except PosError:
        return  # the sale is refused the same way (a coupon's minimum spend, the sale cap)
    priced = (
        price_sale(
            lines,
            tier,
            TenderRequest(cash_fen=bill.due_fen),
            0,
            WalletBalance(0, 0),
            RULES,
            coupon,
            (TODAY, "m1"),
        )
        if bill.due_fen
        else None
    )
    if priced is not None:
        assert (priced.subtotal_fen, priced.tier_discount_fen) == (
            bill.subtotal_fen,
            bill.tier_discount_fen,
        )
        assert (priced.coupon_discount_fen, priced.due_fen) == (
            bill.coupon_discount_fen,
            bill.due_fen,
        )
    assert bill.due_fen == bill.subtotal_fen - bill.tier_discount_fen - bill.coupon_discount_fen
    assert 0 <= bill.due_fen <= bill.subtotal_fen
