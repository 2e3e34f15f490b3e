"""Checkout: pricing, coupons, split tenders, points and stored value, promotion, referral,
and the one-transaction bookkeeping (rule version, one outbox event, one audit row)."""

import pytest
from sqlalchemy import select

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import (
    Conflict,
    InsufficientFunds,
    InvalidInput,
    LimitExceeded,
    NotFound,
)
from terminal.services.sales import SaleRequest
from terminal.store.models import LedgerEntry, Member, PeriodStats, Sale, SaleTender
from terminal.store.models import SaleLine as SaleLineRow
from tests.helpers.services_kit import (
    assert_books_ok,
    audit_rows,
    buy,
    give_points,
    outbox_events,
    sale_request,
    tally,
    top_up,
)


def _set_tier(shop, member, tier):
    shop.svc.tiers.set_tier(member.card_no, tier, "test", shop.cashier, shop.manager)


def _sale_row(shop, sale_id):
    with shop.svc.db.read() as s:
        return s.get(Sale, sale_id)


def _tenders(shop, sale_id):
    with shop.svc.db.read() as s:
        return {
            t.kind: t for t in s.scalars(select(SaleTender).where(SaleTender.sale_id == sale_id))
        }


def _entries(shop, sale_id):
    with shop.svc.db.read() as s:
        return sorted(
            (e.bucket, e.kind, e.amount, e.member_id)
            for e in s.scalars(select(LedgerEntry).where(LedgerEntry.sale_id == sale_id))
        )


def _spend(shop, member):
    with shop.svc.db.read() as s:
        return sum(
            row.spend_fen
            for row in s.scalars(select(PeriodStats).where(PeriodStats.member_id == member.id))
        )


def _checkout_fails(shop, request, error, match=None):
    """The sale is refused and nothing at all is written."""
    before = tally(shop)
    with pytest.raises(error, match=match):
        shop.svc.sales.checkout(request, shop.cashier)
    assert tally(shop) == before
    with shop.svc.db.read() as s:
        assert s.scalars(select(Sale.id)).all() == []


# --- a plain sale ------------------------------------------------------------------------


def test_plain_cash_sale(shop):
    member = shop.sign_up()
    before = tally(shop)

    result = shop.svc.sales.checkout(
        SaleRequest(member.card_no, (SaleLine("food", 10_000),), TenderRequest(cash_fen=10_000)),
        shop.cashier,
    )

    assert result.member_id == member.id
    assert result.card_no == member.card_no
    assert result.receipt_no == "0012-03-000001"
    p = result.priced
    assert (p.subtotal_fen, p.discount_fen, p.due_fen, p.change_fen) == (10_000, 0, 10_000, 0)
    assert (p.points_spent, p.wallet_fen, p.cash_fen, p.earn_base_fen) == (0, 0, 10_000, 10_000)
    assert p.points_earned == 100  # 1 point per yuan
    assert result.points_balance == 100
    assert result.tier == "normal" and result.promoted_to is None
    assert result.rule_version == 1
    assert tally(shop) - before == (1, 1)

    sale = _sale_row(shop, result.sale_id)
    assert (sale.member_id, sale.operator_id) == (member.id, shop.cashier.id)
    assert (sale.due_fen, sale.points_earned, sale.refunded_fen) == (10_000, 100, 0)
    assert sale.rule_version == 1
    assert str(sale.business_day) == "2026-03-10"
    cash = _tenders(shop, result.sale_id)["cash"]
    assert (cash.amount_fen, cash.tendered_fen) == (10_000, 10_000)
    assert _entries(shop, result.sale_id) == [("points", "earn", 100, member.id)]
    assert shop.svc.members.find(member.card_no).points == 100
    assert _spend(shop, member) == 10_000

    row = audit_rows(shop)[-1]
    assert (row["action"], row["entity_id"]) == ("sale.complete", result.sale_id)
    event = outbox_events(shop)[-1]
    assert (event["kind"], event["aggregate_id"]) == ("sale.completed", result.sale_id)
    payload = event["payload"]
    assert payload["receipt_no"] == "0012-03-000001"
    assert payload["terminal"] == "001203"
    assert payload["rule_version"] == 1
    assert payload["due_fen"] == 10_000 and payload["cash_fen"] == 10_000
    assert payload["points_earned"] == 100
    assert payload["lines"] == [{"category": "food", "amount_fen": 10_000}]
    assert_books_ok(shop)


def test_cash_sale_gives_change_and_keeps_only_the_due(shop):
    member = shop.sign_up()
    result = buy(shop, member, [2_350, 1_000], cash_fen=5_000)
    assert result.priced.due_fen == 3_350
    assert result.priced.change_fen == 1_650
    assert result.priced.cash_fen == 3_350
    cash = _tenders(shop, result.sale_id)["cash"]
    assert (cash.amount_fen, cash.tendered_fen) == (3_350, 5_000)
    with shop.svc.db.read() as s:
        lines = s.scalars(select(SaleLineRow).where(SaleLineRow.sale_id == result.sale_id)).all()
    assert [(ln.line_no, ln.amount_fen) for ln in lines] == [(1, 2_350), (2, 1_000)]
    assert result.points_balance == 33  # 33.50 yuan -> 33 points, rounded down


def test_sale_found_by_phone(shop):
    member = shop.sign_up()
    result = buy(shop, "138 0013 8000", 1_000)
    assert result.member_id == member.id


def test_points_earned_are_a_lot_expiring_in_a_year(shop):
    from terminal.store.models import PointsLot

    member = shop.sign_up()
    buy(shop, member, 10_000)
    with shop.svc.db.read() as s:
        [lot] = s.scalars(select(PointsLot).where(PointsLot.member_id == member.id)).all()
    assert (lot.amount, lot.remaining) == (100, 100)
    assert (str(lot.earned_on), str(lot.expires_on)) == ("2026-03-10", "2027-03-10")


# --- tier discount and multiplier --------------------------------------------------------


def test_silver_member_gets_the_tier_discount_and_multiplier(shop):
    member = shop.sign_up()
    _set_tier(shop, member, "silver")

    result = buy(shop, member, 10_000)

    p = result.priced
    assert p.tier_discount_fen == 200  # 2%
    assert p.due_fen == 9_800
    assert p.change_fen == 200
    assert p.points_earned == 117  # 98 yuan x 1.2 = 117.6, rounded down
    assert result.points_balance == 117
    sale = _sale_row(shop, result.sale_id)
    assert (sale.tier, sale.tier_discount_fen, sale.due_fen) == ("silver", 200, 9_800)
    assert _spend(shop, member) == 9_800
    assert_books_ok(shop)


@pytest.mark.parametrize(
    "tier, discount, points",
    [("normal", 0, 100), ("silver", 200, 117), ("gold", 500, 142), ("diamond", 1_000, 180)],
)
def test_discount_and_points_multiplier_per_tier(shop, tier, discount, points):
    member = shop.sign_up()
    if tier != "normal":
        _set_tier(shop, member, tier)
    result = buy(shop, member, 10_000)
    assert result.priced.tier_discount_fen == discount
    assert result.priced.points_earned == points
    assert result.points_balance == points


def test_tier_discount_rounds_half_up(shop):
    member = shop.sign_up()
    _set_tier(shop, member, "silver")
    result = buy(shop, member, 125)  # 2% of 1.25 yuan = 2.5 fen
    assert result.priced.tier_discount_fen == 3
    assert result.priced.due_fen == 122


# --- coupons -----------------------------------------------------------------------------


def _coupon(shop, member=None, kind="amount", value=2_000, **kw):
    card = member.card_no if member is not None else None
    return shop.svc.coupons.issue(kind, value, shop.manager, member=card, **kw)


def test_amount_coupon(shop):
    member = shop.sign_up()
    coupon = _coupon(shop, member, value=2_000, min_spend_fen=5_000)
    assert shop.svc.members.find(member.card_no).coupons == (coupon.code,)
    before = tally(shop)

    result = buy(shop, member, 10_000, coupon=coupon.code, cash_fen=8_000)

    assert tally(shop) - before == (1, 1)
    assert result.priced.coupon_discount_fen == 2_000
    assert result.priced.due_fen == 8_000
    assert result.points_balance == 80  # points on what was paid
    sale = _sale_row(shop, result.sale_id)
    assert (sale.coupon_code, sale.coupon_discount_fen) == (coupon.code, 2_000)
    assert shop.svc.members.find(member.card_no).coupons == ()
    assert shop.svc.coupons.for_member(member.card_no) == []
    assert outbox_events(shop)[-1]["payload"]["coupon"] == coupon.code
    assert_books_ok(shop)


def test_percent_coupon_applies_after_the_tier_discount(shop):
    member = shop.sign_up()
    _set_tier(shop, member, "silver")
    coupon = _coupon(shop, member, kind="percent", value=1_000)  # 10% off
    result = buy(shop, member, 10_000, coupon=coupon.code.lower(), cash_fen=8_820)
    assert result.priced.tier_discount_fen == 200
    assert result.priced.coupon_discount_fen == 980
    assert result.priced.due_fen == 8_820
    assert result.priced.change_fen == 0


def test_amount_coupon_larger_than_the_bill_makes_it_free(shop):
    member = shop.sign_up()
    coupon = _coupon(shop, member, value=5_000)
    result = shop.svc.sales.checkout(
        SaleRequest(member.card_no, (SaleLine("food", 3_000),), TenderRequest(), coupon.code),
        shop.cashier,
    )
    assert result.priced.coupon_discount_fen == 3_000
    assert result.priced.due_fen == 0
    assert result.points_balance == 0


def test_coupon_under_its_minimum_spend_is_refused_and_stays_usable(shop):
    member = shop.sign_up()
    coupon = _coupon(shop, member, value=2_000, min_spend_fen=20_000)
    _checkout_fails(shop, sale_request(member.card_no, 10_000, coupon.code), LimitExceeded, "spend")
    # after the tier discount the bill must still reach the minimum
    assert shop.svc.members.find(member.card_no).coupons == (coupon.code,)
    result = buy(shop, member, 20_000, coupon=coupon.code, cash_fen=18_000)
    assert result.priced.coupon_discount_fen == 2_000


def test_minimum_spend_is_checked_after_the_tier_discount(shop):
    member = shop.sign_up()
    _set_tier(shop, member, "silver")
    coupon = _coupon(shop, member, value=1_000, min_spend_fen=10_000)
    _checkout_fails(shop, sale_request(member.card_no, 10_000, coupon.code), LimitExceeded)


def test_expired_coupon_is_refused(shop):
    member = shop.sign_up()
    coupon = _coupon(shop, member, days=1)
    shop.clock.advance(days=1)
    _checkout_fails(
        shop, sale_request(member.card_no, 10_000, coupon.code), InvalidInput, "expired"
    )


def test_coupon_is_valid_through_its_last_day(shop):
    member = shop.sign_up()
    coupon = _coupon(shop, member, days=2)
    shop.clock.advance(days=1, hours=13)  # 23:00 in Shanghai on the second day
    assert buy(shop, member, 10_000, coupon=coupon.code, cash_fen=8_000).priced.due_fen == 8_000


def test_coupon_cannot_be_used_twice(shop):
    member = shop.sign_up()
    coupon = _coupon(shop, member)
    buy(shop, member, 10_000, coupon=coupon.code, cash_fen=8_000)
    before = tally(shop)
    with pytest.raises(Conflict, match="already been used"):
        buy(shop, member, 10_000, coupon=coupon.code, cash_fen=8_000)
    assert tally(shop) == before


def test_another_members_coupon_is_refused(shop):
    owner = shop.sign_up()
    other = shop.sign_up(phone="13900139000", name="李四")
    coupon = _coupon(shop, owner)
    _checkout_fails(shop, sale_request(other.card_no, 10_000, coupon.code), Conflict, "another")
    assert buy(shop, owner, 10_000, coupon=coupon.code, cash_fen=8_000).priced.due_fen == 8_000


def test_an_open_coupon_serves_any_member_once(shop):
    first = shop.sign_up()
    second = shop.sign_up(phone="13900139000", name="李四")
    coupon = _coupon(shop, None, value=500)
    assert buy(shop, second, 1_000, coupon=coupon.code, cash_fen=500).priced.due_fen == 500
    with pytest.raises(Conflict):
        buy(shop, first, 1_000, coupon=coupon.code, cash_fen=500)


def test_unknown_coupon_is_not_found(shop):
    member = shop.sign_up()
    _checkout_fails(shop, sale_request(member.card_no, 10_000, "CPNOSUCHCODE"), NotFound)


# --- split tenders -----------------------------------------------------------------------


def test_split_tenders_points_wallet_cash_card_mobile_with_change(shop):
    member = shop.sign_up()
    give_points(shop, member, 10_000)
    topup = top_up(shop, member, 50_000)
    assert (topup.wallet_principal_fen, topup.wallet_bonus_fen) == (50_000, 4_000)
    before = tally(shop)

    result = shop.svc.sales.checkout(
        SaleRequest(
            member.card_no,
            (SaleLine("food", 60_000), SaleLine("drink", 40_000)),
            TenderRequest(
                points=10_000,
                wallet_fen=20_000,
                cash_fen=30_000,
                card_fen=30_000,
                mobile_fen=20_000,
            ),
            card_reference="POS-123",
            mobile_reference="WX-9",
        ),
        shop.cashier,
    )

    assert tally(shop) - before == (1, 1)
    p = result.priced
    assert p.due_fen == 100_000
    assert (p.points_spent, p.points_value_fen) == (10_000, 10_000)  # 100 points = 1 yuan
    # the stored-value spend is split in proportion 50000:4000, principal rounded down
    assert (p.wallet_principal_fen, p.wallet_bonus_fen) == (18_518, 1_482)
    assert (p.cash_tendered_fen, p.cash_fen, p.change_fen) == (30_000, 20_000, 10_000)
    assert (p.card_fen, p.mobile_fen) == (30_000, 20_000)
    assert p.earn_base_fen == 90_000  # points paid do not earn points
    assert p.points_earned == 900
    assert result.points_balance == 10_000 - 10_000 + 900
    assert (result.wallet_principal_fen, result.wallet_bonus_fen) == (31_482, 2_518)
    assert result.low_balance is False

    tenders = _tenders(shop, result.sale_id)
    assert set(tenders) == {"points", "wallet", "cash", "card", "mobile"}
    assert (tenders["points"].amount_fen, tenders["points"].points) == (10_000, 10_000)
    wallet = tenders["wallet"]
    assert (wallet.amount_fen, wallet.principal_fen, wallet.bonus_fen) == (20_000, 18_518, 1_482)
    assert (tenders["cash"].amount_fen, tenders["cash"].tendered_fen) == (20_000, 30_000)
    assert (tenders["card"].amount_fen, tenders["card"].reference) == (30_000, "POS-123")
    assert (tenders["mobile"].amount_fen, tenders["mobile"].reference) == (20_000, "WX-9")
    assert sum(t.amount_fen for t in tenders.values()) == p.due_fen
    assert _entries(shop, result.sale_id) == sorted(
        [
            ("points", "spend", -10_000, member.id),
            ("points", "earn", 900, member.id),
            ("principal", "spend", -18_518, member.id),
            ("bonus", "spend", -1_482, member.id),
        ]
    )
    view = shop.svc.members.find(member.card_no)
    assert (view.points, view.wallet_fen) == (900, 34_000)
    assert _spend(shop, member) == 90_000
    payload = outbox_events(shop)[-1]["payload"]
    assert payload["points_spent"] == 10_000
    assert payload["wallet_principal_fen"] == 18_518 and payload["wallet_bonus_fen"] == 1_482
    assert payload["cash_fen"] == 20_000
    assert_books_ok(shop)


def test_card_and_mobile_only_sale(shop):
    member = shop.sign_up()
    result = buy(shop, member, 10_000, card_fen=4_000, mobile_fen=6_000)
    assert set(_tenders(shop, result.sale_id)) == {"card", "mobile"}
    assert result.priced.change_fen == 0
    assert result.points_balance == 100


def test_tenders_beyond_the_amount_due_are_refused(shop):
    member = shop.sign_up()
    _checkout_fails(
        shop, sale_request(member.card_no, 10_000, card_fen=6_000, mobile_fen=5_000), LimitExceeded
    )


def test_not_enough_cash_is_refused(shop):
    member = shop.sign_up()
    _checkout_fails(shop, sale_request(member.card_no, 10_000, cash_fen=9_999), InvalidInput)


def test_cash_when_nothing_is_left_to_pay_is_refused(shop):
    member = shop.sign_up()
    _checkout_fails(
        shop, sale_request(member.card_no, 10_000, card_fen=10_000, cash_fen=100), InvalidInput
    )


@pytest.mark.parametrize(
    "lines, tenders",
    [
        ((), TenderRequest(cash_fen=100)),
        ((SaleLine("food", 0),), TenderRequest(cash_fen=100)),
        ((SaleLine("food", -100),), TenderRequest(cash_fen=100)),
        ((SaleLine("food", 100),), TenderRequest(cash_fen=200, card_fen=-100)),
    ],
)
def test_bad_lines_or_tenders_are_refused(shop, lines, tenders):
    member = shop.sign_up()
    _checkout_fails(shop, SaleRequest(member.card_no, lines, tenders), InvalidInput)


def test_a_fractional_fen_amount_is_refused(shop):
    # Money is integer fen everywhere; a float must not reach the books.
    member = shop.sign_up()
    _checkout_fails(
        shop,
        SaleRequest(member.card_no, (SaleLine("food", 100.5),), TenderRequest(cash_fen=200)),
        InvalidInput,
    )


def test_huge_sale_is_refused(shop):
    member = shop.sign_up()
    _checkout_fails(shop, sale_request(member.card_no, 100_000_001), LimitExceeded)


def test_too_long_payment_reference_is_refused(shop):
    member = shop.sign_up()
    request = SaleRequest(
        member.card_no,
        (SaleLine("food", 100),),
        TenderRequest(card_fen=100),
        card_reference="x" * 65,
    )
    _checkout_fails(shop, request, InvalidInput, "reference")


def test_unknown_member_is_not_found(shop):
    _checkout_fails(shop, sale_request("13900139000", 100), NotFound)


# --- points as a tender ------------------------------------------------------------------


def test_points_below_the_minimum_are_refused(shop):
    member = shop.sign_up()
    give_points(shop, member, 1_000)
    _checkout_fails(
        shop, sale_request(member.card_no, 10_000, points=99, cash_fen=9_901), LimitExceeded
    )


def test_points_beyond_the_balance_are_refused(shop):
    member = shop.sign_up()
    give_points(shop, member, 300)
    _checkout_fails(
        shop, sale_request(member.card_no, 10_000, points=400, cash_fen=9_600), InsufficientFunds
    )


def test_points_may_pay_at_most_half_the_bill(shop):
    member = shop.sign_up()
    give_points(shop, member, 10_000)
    _checkout_fails(
        shop, sale_request(member.card_no, 10_000, points=5_001, cash_fen=4_999), LimitExceeded
    )
    result = buy(shop, member, 10_000, points=5_000, cash_fen=5_000)
    assert result.priced.points_value_fen == 5_000
    assert result.points_balance == 10_000 - 5_000 + 50
    assert_books_ok(shop)


def test_points_share_is_measured_on_the_discounted_bill(shop):
    member = shop.sign_up()
    _set_tier(shop, member, "silver")
    give_points(shop, member, 10_000)
    # 2% off 100 yuan leaves 98 yuan; half of that is 49 yuan
    _checkout_fails(
        shop, sale_request(member.card_no, 10_000, points=5_000, cash_fen=4_800), LimitExceeded
    )
    assert buy(shop, member, 10_000, points=4_900, cash_fen=4_900).priced.due_fen == 9_800


def test_expired_points_cannot_pay_even_before_the_expiry_run(shop):
    member = shop.sign_up()
    give_points(shop, member, 1_000)
    shop.clock.advance(days=366)  # the lot's last day was yesterday; no expiry run yet
    _checkout_fails(
        shop, sale_request(member.card_no, 10_000, points=1_000, cash_fen=9_000), InsufficientFunds
    )


# --- stored value ------------------------------------------------------------------------


def test_wallet_insufficient(shop):
    member = shop.sign_up()
    top_up(shop, member, 10_000)
    _checkout_fails(
        shop,
        sale_request(member.card_no, 20_000, wallet_fen=10_001, cash_fen=9_999),
        InsufficientFunds,
    )
    view = shop.svc.members.find(member.card_no)
    assert view.wallet_fen == 10_000


def test_wallet_without_any_balance(shop):
    member = shop.sign_up()
    _checkout_fails(shop, sale_request(member.card_no, 1_000, wallet_fen=1_000), InsufficientFunds)


def test_whole_wallet_can_be_spent_and_flags_low_balance(shop):
    member = shop.sign_up()
    top_up(shop, member, 50_000)  # 500 + 40 bonus
    result = buy(shop, member, 60_000, wallet_fen=54_000, cash_fen=6_000)
    assert (result.wallet_principal_fen, result.wallet_bonus_fen) == (0, 0)
    assert result.low_balance is True
    assert result.priced.earn_base_fen == 60_000  # stored value counts as spend
    assert result.points_balance == 600
    assert shop.svc.members.find(member.card_no).low_balance is True
    assert outbox_events(shop)[-1]["payload"]["low_balance"] is True
    assert_books_ok(shop)


def test_low_balance_flag_only_when_the_wallet_was_used(shop):
    member = shop.sign_up()
    top_up(shop, member, 10_000)  # under 200 yuan already
    assert buy(shop, member, 1_000).low_balance is False
    assert buy(shop, member, 1_000, wallet_fen=1_000).low_balance is True


# --- promotion ---------------------------------------------------------------------------


def test_immediate_promotion_when_period_spend_reaches_5000_yuan(shop):
    member = shop.sign_up()
    first = buy(shop, member, 300_000)
    assert first.promoted_to is None and first.tier == "normal"
    before = tally(shop)

    second = buy(shop, member, 200_000)

    assert tally(shop) - before == (1, 1)
    assert second.promoted_to == "silver"
    assert second.tier == "silver"
    assert second.priced.tier_discount_fen == 0  # priced at the tier held before the sale
    assert second.priced.points_earned == 2_000  # and earned at its multiplier
    assert _sale_row(shop, second.sale_id).tier == "normal"
    assert shop.svc.members.find(member.card_no).tier == "silver"
    assert audit_rows(shop)[-1]["details"]["promoted_to"] == "silver"
    assert outbox_events(shop)[-1]["payload"]["promoted_to"] == "silver"
    third = buy(shop, member, 10_000)
    assert third.priced.tier_discount_fen == 200
    assert third.promoted_to is None
    assert_books_ok(shop)


def test_just_under_the_threshold_is_no_promotion(shop):
    member = shop.sign_up()
    assert buy(shop, member, 499_999).promoted_to is None
    assert shop.svc.members.find(member.card_no).tier == "normal"
    assert buy(shop, member, 1).promoted_to == "silver"


def test_one_big_sale_can_jump_several_tiers(shop):
    member = shop.sign_up()
    result = buy(shop, member, 1_000_000)
    assert result.promoted_to == "gold"
    assert shop.svc.members.find(member.card_no).tier == "gold"


def test_points_paid_do_not_count_towards_promotion(shop):
    member = shop.sign_up()
    give_points(shop, member, 100_000)
    result = buy(shop, member, 500_000, points=100_000, cash_fen=400_000)
    assert result.priced.earn_base_fen == 400_000
    assert result.promoted_to is None
    assert _spend(shop, member) == 400_000


def test_promotion_by_points_earned_in_the_period(shop):
    _, rules = shop.svc.setup.rules()
    tiers = [
        {**t, "threshold_points": 300} if t["code"] == "silver" else t
        for t in rules.to_dict()["tiers"]
    ]
    shop.svc.setup.set_rules({"tiers": tiers}, shop.manager)
    member = shop.sign_up()
    assert buy(shop, member, 29_900).promoted_to is None  # 299 points
    result = buy(shop, member, 100)  # the 300th point
    assert result.promoted_to == "silver"
    assert _spend(shop, member) == 30_000


def test_spend_in_a_new_period_starts_from_zero(shop):
    member = shop.sign_up()
    buy(shop, member, 400_000)
    shop.clock.advance(days=300)  # into 2027
    assert buy(shop, member, 200_000).promoted_to is None
    assert shop.svc.members.find(member.card_no).tier_progress.spend_fen == 200_000


# --- referral ----------------------------------------------------------------------------


def test_referrer_gets_points_on_the_first_purchase_only(shop):
    referrer = shop.sign_up()
    referred = shop.sign_up(phone="13900139000", name="李四", referrer=referrer.card_no)
    before = tally(shop)

    first = buy(shop, referred, 1_000)

    assert tally(shop) - before == (1, 1)
    assert first.referral_rewarded == referrer.id
    assert first.points_balance == 10
    assert shop.svc.members.find(referrer.card_no).points == 100
    assert ("points", "referral", 100, referrer.id) in _entries(shop, first.sale_id)
    assert outbox_events(shop)[-1]["payload"]["referrer_rewarded"] == referrer.id

    second = buy(shop, referred, 1_000)
    assert second.referral_rewarded is None
    assert shop.svc.members.find(referrer.card_no).points == 100
    # the referrer's own purchases reward nobody
    own = buy(shop, referrer, 1_000)
    assert own.referral_rewarded is None
    assert shop.svc.members.find(referrer.card_no).points == 110
    with shop.svc.db.read() as s:
        assert s.get(Member, referred.id).referral_rewarded is True
    assert_books_ok(shop)


def test_failed_first_purchase_does_not_use_up_the_referral(shop):
    referrer = shop.sign_up()
    referred = shop.sign_up(phone="13900139000", name="李四", referrer=referrer.card_no)
    with pytest.raises(InvalidInput):
        buy(shop, referred, 1_000, cash_fen=500)
    assert buy(shop, referred, 1_000).referral_rewarded == referrer.id
    assert shop.svc.members.find(referrer.card_no).points == 100


def test_referral_points_follow_the_rules(shop):
    shop.svc.setup.set_rules({"referral_points": 250}, shop.manager)
    referrer = shop.sign_up()
    referred = shop.sign_up(phone="13900139000", name="李四", referrer=referrer.card_no)
    buy(shop, referred, 1_000)
    assert shop.svc.members.find(referrer.card_no).points == 250


# --- rule version, receipts, bookkeeping -------------------------------------------------


def test_sale_records_the_rule_version_it_was_priced_with(shop):
    member = shop.sign_up()
    first = buy(shop, member, 10_000)
    version, _ = shop.svc.setup.set_rules({"earn_points_per_yuan": 2}, shop.manager)
    assert version == 2

    second = buy(shop, member, 10_000)

    assert (first.rule_version, second.rule_version) == (1, 2)
    assert _sale_row(shop, first.sale_id).rule_version == 1
    assert _sale_row(shop, second.sale_id).rule_version == 2
    assert second.priced.points_earned == 200
    assert outbox_events(shop, "sale.completed")[-1]["payload"]["rule_version"] == 2


def test_every_sale_writes_one_event_and_one_audit_row(shop):
    referrer = shop.sign_up()
    member = shop.sign_up(phone="13900139000", name="李四", referrer=referrer.card_no)
    give_points(shop, member, 20_000)
    top_up(shop, member, 100_000)
    coupon = shop.svc.coupons.issue("amount", 1_000, shop.manager, member=member.card_no)
    sales_before = len(outbox_events(shop, "sale.completed"))
    before = tally(shop)

    # a sale that spends points and stored value, uses a coupon, rewards the referrer
    # and promotes the member, all at once
    result = buy(
        shop,
        member,
        600_000,
        coupon=coupon.code,
        points=20_000,
        wallet_fen=110_000,
        card_fen=469_000,
    )

    assert result.promoted_to == "silver"
    assert result.referral_rewarded == referrer.id
    assert tally(shop) - before == (1, 1)
    assert len(outbox_events(shop, "sale.completed")) == sales_before + 1
    assert len(audit_rows(shop, "sale.complete")) == 1
    assert_books_ok(shop)


def test_receipt_numbers_increase_and_failed_sales_use_none(shop):
    member = shop.sign_up()
    receipts = [buy(shop, member, 1_000).receipt_no for _ in range(3)]
    with pytest.raises(InvalidInput):
        buy(shop, member, 1_000, cash_fen=1)
    receipts.append(top_up(shop, member, 1_000).receipt_no)
    receipts.append(buy(shop, member, 1_000).receipt_no)
    assert receipts == [f"0012-03-{n:06d}" for n in range(1, 6)]
    assert sorted(receipts) == receipts
