from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.checkout import (
    MAX_SALE_FEN,
    PricedSale,
    SaleLine,
    TenderRequest,
    price_sale,
)
from terminal.domain.coupons import AMOUNT, PERCENT, Coupon
from terminal.domain.errors import (
    Conflict,
    InsufficientFunds,
    InvalidInput,
    LimitExceeded,
    PosError,
)
from terminal.domain.rules import DEFAULT_TIERS, Rules
from terminal.domain.wallet import WalletBalance

FAST = settings(max_examples=150, deadline=None)

RULES = Rules()
NORMAL = RULES.tier("normal")
SILVER = RULES.tier("silver")
GOLD = RULES.tier("gold")
DIAMOND = RULES.tier("diamond")
NO_WALLET = WalletBalance(0, 0)
WALLET = WalletBalance(30_000, 10_000)
TODAY = date(2026, 3, 10)
MEMBER = "0192f0c8-0000-7000-8000-000000000001"
CONTEXT = (TODAY, MEMBER)


def food(amount):
    return [SaleLine("food", amount)]


def sale(lines, tier=NORMAL, tenders=None, points=0, wallet=NO_WALLET, rules=RULES, **kw):
    return price_sale(lines, tier, tenders or TenderRequest(), points, wallet, rules, **kw)


def coupon(kind=AMOUNT, value=1_000, min_spend=0, **kw):
    return Coupon("CPTEST0001", kind, value, min_spend, date(2026, 1, 1), date(2026, 12, 31), **kw)


def test_cash_sale_with_exact_money():
    priced = sale(food(10_000), tenders=TenderRequest(cash_fen=10_000))
    assert priced == PricedSale(
        subtotal_fen=10_000,
        tier_discount_fen=0,
        coupon_discount_fen=0,
        due_fen=10_000,
        points_spent=0,
        points_value_fen=0,
        wallet_fen=0,
        wallet_principal_fen=0,
        wallet_bonus_fen=0,
        cash_tendered_fen=10_000,
        cash_fen=10_000,
        change_fen=0,
        card_fen=0,
        mobile_fen=0,
        earn_base_fen=10_000,
        points_earned=100,
    )


def test_cash_sale_gives_change():
    priced = sale(food(8_850), tenders=TenderRequest(cash_fen=10_000))
    assert priced.cash_tendered_fen == 10_000
    assert priced.cash_fen == 8_850
    assert priced.change_fen == 1_150


def test_subtotal_adds_up_every_line():
    lines = [SaleLine("food", 1_250), SaleLine("drink", 600), SaleLine("food", 3_150)]
    priced = sale(lines, tenders=TenderRequest(card_fen=5_000))
    assert priced.subtotal_fen == 5_000
    assert priced.due_fen == 5_000


def test_tier_discount_comes_off_the_subtotal():
    priced = sale(food(10_000), tier=GOLD, tenders=TenderRequest(mobile_fen=9_500))
    assert priced.tier_discount_fen == 500
    assert priced.due_fen == 9_500
    assert priced.discount_fen == 500


def test_tier_discount_rounds_half_up():
    priced = sale(food(10), tier=GOLD, tenders=TenderRequest(cash_fen=9))
    assert priced.tier_discount_fen == 1
    assert priced.due_fen == 9


def test_tier_multiplier_scales_points_earned():
    assert sale(food(10_000), tier=GOLD, tenders=TenderRequest(card_fen=9_500)).points_earned == (
        142
    )
    assert sale(
        food(10_000), tier=DIAMOND, tenders=TenderRequest(card_fen=9_000)
    ).points_earned == (180)


def test_coupon_applies_after_the_tier_discount():
    priced = sale(
        food(10_000),
        tier=SILVER,
        tenders=TenderRequest(cash_fen=8_820),
        coupon=coupon(PERCENT, 1_000),
        coupon_context=CONTEXT,
    )
    assert priced.tier_discount_fen == 200
    assert priced.coupon_discount_fen == 980
    assert priced.due_fen == 8_820
    assert priced.discount_fen == 1_180


def test_coupon_minimum_spend_is_checked_after_the_tier_discount():
    with pytest.raises(LimitExceeded, match="needs a spend"):
        sale(
            food(10_000),
            tier=GOLD,
            tenders=TenderRequest(cash_fen=9_000),
            coupon=coupon(AMOUNT, 500, min_spend=10_000),
            coupon_context=CONTEXT,
        )


def test_coupon_rules_are_enforced_at_checkout():
    with pytest.raises(Conflict):
        sale(
            food(10_000),
            tenders=TenderRequest(cash_fen=9_000),
            coupon=coupon(used=True),
            coupon_context=CONTEXT,
        )
    with pytest.raises(Conflict):
        sale(
            food(10_000),
            tenders=TenderRequest(cash_fen=9_000),
            coupon=coupon(member_id="someone-else"),
            coupon_context=CONTEXT,
        )


def test_a_coupon_worth_the_whole_bill_leaves_nothing_to_pay():
    priced = sale(
        food(800),
        tenders=TenderRequest(),
        coupon=coupon(AMOUNT, 1_000),
        coupon_context=CONTEXT,
    )
    assert priced.coupon_discount_fen == 800
    assert priced.due_fen == 0
    assert priced.points_earned == 0
    assert priced.change_fen == 0


def test_a_coupon_without_its_context_gives_a_clear_error():
    with pytest.raises(InvalidInput, match="given day and member"):
        sale(food(10_000), tenders=TenderRequest(cash_fen=9_000), coupon=coupon())


def test_split_tenders_cover_the_bill():
    priced = sale(
        food(20_000),
        tenders=TenderRequest(points=5_000, wallet_fen=4_000, card_fen=6_000, cash_fen=10_000),
        points=6_000,
        wallet=WALLET,
    )
    assert priced.points_spent == 5_000
    assert priced.points_value_fen == 5_000
    assert priced.wallet_fen == 4_000
    assert (priced.wallet_principal_fen, priced.wallet_bonus_fen) == (3_000, 1_000)
    assert priced.card_fen == 6_000
    assert priced.cash_fen == 5_000
    assert priced.change_fen == 5_000
    assert priced.earn_base_fen == 15_000
    assert priced.points_earned == 150


def test_points_paid_earn_no_points():
    priced = sale(food(10_000), tenders=TenderRequest(points=5_000, card_fen=5_000), points=5_000)
    assert priced.earn_base_fen == 5_000
    assert priced.points_earned == 50


def test_stored_value_paid_earns_points():
    priced = sale(
        food(10_000), tenders=TenderRequest(wallet_fen=10_000), wallet=WalletBalance(10_000, 0)
    )
    assert priced.earn_base_fen == 10_000
    assert priced.points_earned == 100


def test_points_below_the_minimum_are_refused():
    with pytest.raises(LimitExceeded, match="at least 100 points"):
        sale(food(10_000), tenders=TenderRequest(points=50, cash_fen=9_950), points=1_000)


def test_points_beyond_half_the_bill_are_refused():
    with pytest.raises(LimitExceeded, match="at most 50%"):
        sale(food(10_000), tenders=TenderRequest(points=5_001, cash_fen=4_999), points=10_000)


def test_points_share_is_measured_on_the_discounted_bill():
    with pytest.raises(LimitExceeded):
        sale(
            food(10_000),
            tier=GOLD,
            tenders=TenderRequest(points=5_000, cash_fen=4_500),
            points=10_000,
        )
    priced = sale(
        food(10_000), tier=GOLD, tenders=TenderRequest(points=4_750, cash_fen=4_750), points=10_000
    )
    assert priced.points_value_fen == 4_750


def test_points_beyond_the_balance_are_refused():
    with pytest.raises(InsufficientFunds):
        sale(food(10_000), tenders=TenderRequest(points=500, cash_fen=9_500), points=499)


def test_points_must_convert_to_whole_fen():
    rules = Rules(redeem_points_per_yuan=150)
    with pytest.raises(InvalidInput, match="steps of 3"):
        sale(
            food(10_000),
            tenders=TenderRequest(points=200, cash_fen=9_900),
            points=1_000,
            rules=rules,
        )
    priced = sale(
        food(10_000), tenders=TenderRequest(points=300, cash_fen=9_800), points=1_000, rules=rules
    )
    assert priced.points_value_fen == 200


def test_stored_value_beyond_the_balance_is_refused():
    with pytest.raises(InsufficientFunds):
        sale(food(50_000), tenders=TenderRequest(wallet_fen=40_001, cash_fen=9_999), wallet=WALLET)


def test_non_cash_tenders_beyond_the_bill_are_refused():
    with pytest.raises(LimitExceeded, match=r"exceed the amount due by ¥0.01"):
        sale(food(10_000), tenders=TenderRequest(card_fen=10_001))
    with pytest.raises(LimitExceeded):
        sale(food(10_000), tenders=TenderRequest(card_fen=6_000, mobile_fen=5_000))


def test_underpayment_is_refused_with_what_is_still_due():
    with pytest.raises(InvalidInput, match=r"¥12.34 is still due"):
        sale(food(10_000), tenders=TenderRequest(card_fen=5_000, cash_fen=3_766))


def test_no_tenders_at_all_is_underpayment():
    with pytest.raises(InvalidInput, match="still due"):
        sale(food(100))


def test_cash_when_nothing_is_left_to_pay_is_refused():
    with pytest.raises(InvalidInput, match="nothing is left to pay in cash"):
        sale(food(10_000), tenders=TenderRequest(card_fen=10_000, cash_fen=100))


@pytest.mark.parametrize("name", ["points", "wallet_fen", "cash_fen", "card_fen", "mobile_fen"])
def test_negative_tenders_are_refused(name):
    tenders = replace(TenderRequest(cash_fen=20_000), **{name: -1})
    with pytest.raises(InvalidInput, match="cannot be negative"):
        sale(food(10_000), tenders=tenders, points=10_000, wallet=WALLET)


def test_a_negative_card_cannot_offset_an_overpayment():
    with pytest.raises(InvalidInput):
        sale(food(10_000), tenders=TenderRequest(card_fen=-5_000, mobile_fen=15_000))


@pytest.mark.parametrize("name", ["points", "wallet_fen", "cash_fen", "card_fen", "mobile_fen"])
@pytest.mark.parametrize("value", [100.0, "100", True, None])
def test_tenders_must_be_whole_numbers(name, value):
    tenders = replace(TenderRequest(cash_fen=20_000), **{name: value})
    with pytest.raises(InvalidInput, match="whole number"):
        sale(food(10_000), tenders=tenders, points=10_000, wallet=WALLET)


@pytest.mark.parametrize("amount", [99.5, 100.0, "100", True])
def test_line_amounts_must_be_whole_fen(amount):
    with pytest.raises(InvalidInput, match="whole number"):
        sale([SaleLine("food", amount)], tenders=TenderRequest(cash_fen=1_000))


def test_a_sale_needs_a_line():
    with pytest.raises(InvalidInput, match="at least one line"):
        sale([], tenders=TenderRequest(cash_fen=100))


@pytest.mark.parametrize("amount", [0, -100])
def test_every_line_must_be_positive(amount):
    with pytest.raises(InvalidInput, match="more than ¥0.00"):
        sale(
            [SaleLine("food", 1_000), SaleLine("refund?", amount)],
            tenders=TenderRequest(cash_fen=1_000),
        )


def test_the_largest_sale_is_allowed():
    priced = sale(food(MAX_SALE_FEN), tenders=TenderRequest(card_fen=MAX_SALE_FEN))
    assert priced.due_fen == MAX_SALE_FEN


def test_a_sale_over_the_limit_is_refused():
    with pytest.raises(LimitExceeded, match="may not exceed ¥1,000,000.00"):
        sale(food(MAX_SALE_FEN + 1), tenders=TenderRequest(card_fen=MAX_SALE_FEN + 1))


def test_the_limit_applies_to_the_sum_of_lines():
    lines = [SaleLine("a", MAX_SALE_FEN // 2 + 1), SaleLine("b", MAX_SALE_FEN // 2)]
    with pytest.raises(LimitExceeded):
        sale(lines, tenders=TenderRequest(card_fen=MAX_SALE_FEN + 1))


line_lists = st.lists(
    st.builds(SaleLine, st.sampled_from(["food", "drink", "gift"]), st.integers(1, 200_000)),
    min_size=1,
    max_size=6,
)


@st.composite
def valid_checkouts(draw):
    lines = draw(line_lists)
    tier = draw(st.sampled_from(DEFAULT_TIERS))
    due = sale(lines, tier=tier, tenders=TenderRequest(cash_fen=sum(x.amount_fen for x in lines)))
    due = due.due_fen
    points_value = draw(st.integers(0, due * RULES.redeem_max_share_bp // 10_000))
    if points_value < RULES.redeem_min_points:
        points_value = 0
    rest = due - points_value
    wallet_fen = draw(st.integers(0, rest))
    card_fen = draw(st.integers(0, rest - wallet_fen))
    mobile_fen = draw(st.integers(0, rest - wallet_fen - card_fen))
    left = rest - wallet_fen - card_fen - mobile_fen
    cash = left + draw(st.integers(0, 10_000)) if left else 0
    wallet = WalletBalance(draw(st.integers(0, 10**6)) + wallet_fen, draw(st.integers(0, 10**6)))
    tenders = TenderRequest(points_value, wallet_fen, cash, card_fen, mobile_fen)
    balance = points_value + draw(st.integers(0, 10**5))
    return lines, tier, tenders, balance, wallet


@FAST
@given(valid_checkouts())
def test_a_valid_checkout_balances_exactly(case):
    lines, tier, tenders, balance, wallet = case
    priced = sale(lines, tier=tier, tenders=tenders, points=balance, wallet=wallet)
    assert priced.subtotal_fen == sum(line.amount_fen for line in lines)
    assert (
        priced.due_fen
        == priced.subtotal_fen - priced.tier_discount_fen - priced.coupon_discount_fen
    )
    paid = (
        priced.points_value_fen
        + priced.wallet_fen
        + priced.card_fen
        + priced.mobile_fen
        + priced.cash_fen
    )
    assert paid == priced.due_fen
    assert priced.change_fen == priced.cash_tendered_fen - priced.cash_fen >= 0
    assert priced.wallet_principal_fen + priced.wallet_bonus_fen == priced.wallet_fen
    assert priced.earn_base_fen == priced.due_fen - priced.points_value_fen
    assert priced.points_earned * 10_000 <= priced.earn_base_fen * tier.multiplier_pct
    assert priced.points_spent * 100 == priced.points_value_fen * RULES.redeem_points_per_yuan


@FAST
@given(
    line_lists,
    st.sampled_from(DEFAULT_TIERS),
    st.builds(
        TenderRequest,
        st.integers(-10, 60_000),
        st.integers(-10, 200_000),
        st.integers(-10, 400_000),
        st.integers(-10, 400_000),
        st.integers(-10, 400_000),
    ),
    st.integers(0, 60_000),
    st.builds(WalletBalance, st.integers(0, 200_000), st.integers(0, 50_000)),
)
def test_any_checkout_is_either_refused_clearly_or_consistent(lines, tier, tenders, points, wallet):
    try:
        priced = sale(lines, tier=tier, tenders=tenders, points=points, wallet=wallet)
    except PosError as exc:
        assert str(exc)
        return
    non_cash = priced.points_value_fen + priced.wallet_fen + priced.card_fen + priced.mobile_fen
    assert non_cash + priced.cash_fen == priced.due_fen
    assert 0 <= priced.cash_fen <= priced.cash_tendered_fen
    assert priced.change_fen >= 0
    assert priced.cash_fen > 0 or priced.cash_tendered_fen == 0
    assert priced.points_spent <= points
    assert priced.wallet_fen <= wallet.total_fen
    if priced.points_spent:
        assert priced.points_spent >= RULES.redeem_min_points
        assert priced.points_value_fen * 10_000 <= priced.due_fen * RULES.redeem_max_share_bp
