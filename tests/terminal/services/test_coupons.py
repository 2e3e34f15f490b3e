"""Coupons: birthday coupons (once per member per birthday month) and manual issue."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from terminal.domain.barcodes import COUPON, MEMBER_CARD, RECEIPT, classify
from terminal.domain.errors import InvalidInput, NotFound
from terminal.store.models import Coupon
from tests.helpers.services_kit import (
    assert_books_ok,
    audit_rows,
    buy,
    outbox_events,
    tally,
)


def _birthday_coupons(shop, member):
    with shop.svc.db.read() as s:
        return s.scalars(
            select(Coupon).where(Coupon.member_id == member.id, Coupon.source == "birthday")
        ).all()


# --- birthday coupons --------------------------------------------------------------------


def test_birthday_coupon_issued_once_in_the_birthday_month(shop):
    march = shop.sign_up(birthday=date(1990, 3, 28))
    shop.sign_up(phone="13900139000", name="李四", birthday=date(1985, 4, 2))
    shop.sign_up(phone="13700137000", name="王五")  # no birthday given
    assert shop.svc.members.find(march.card_no).birthday_this_month is True
    before = tally(shop)

    run = shop.svc.coupons.issue_birthday()

    assert (run.month, run.issued) == ("2026-03", 1)
    assert tally(shop) - before == (1, 2)  # an event per coupon; audit rows: a batch, the run
    [coupon] = _birthday_coupons(shop, march)
    assert (coupon.kind, coupon.value, coupon.min_spend_fen) == ("amount", 1_000, 0)
    assert (coupon.valid_from, coupon.valid_until) == (date(2026, 3, 1), date(2026, 3, 31))
    assert classify(coupon.code).kind == COUPON
    event = outbox_events(shop)[-1]
    assert event["kind"] == "coupon.issued"
    assert (event["payload"]["code"], event["payload"]["value"]) == (coupon.code, 1_000)
    assert audit_rows(shop)[-1]["details"] == {"month": "2026-03", "issued": 1}
    assert shop.svc.members.find(march.card_no).coupons == (coupon.code,)

    # the run is safe to repeat every day of the month
    before = tally(shop)
    for _ in range(3):
        shop.clock.advance(days=1)
        assert shop.svc.coupons.issue_birthday().issued == 0
    assert tally(shop) - before == (0, 3)
    assert len(_birthday_coupons(shop, march)) == 1
    assert_books_ok(shop)


def test_birthday_coupon_is_not_issued_again_after_it_was_used(shop):
    member = shop.sign_up(birthday=date(1990, 3, 28))
    shop.svc.coupons.issue_birthday()
    [coupon] = _birthday_coupons(shop, member)
    buy(shop, member, 5_000, coupon=coupon.code, cash_fen=4_000)
    assert shop.svc.coupons.issue_birthday().issued == 0
    assert shop.svc.coupons.for_member(member.card_no) == []


def test_birthday_coupon_value_follows_the_tier(shop):
    members = {}
    for n, tier in enumerate(("normal", "silver", "gold", "diamond")):
        member = shop.sign_up(phone=f"1390000{n:04d}", name="会员", birthday=date(1990, 3, 1))
        if tier != "normal":
            shop.svc.tiers.set_tier(member.card_no, tier, "test", shop.cashier, shop.manager)
        members[tier] = member
    assert shop.svc.coupons.issue_birthday().issued == 4
    values = {tier: _birthday_coupons(shop, m)[0].value for tier, m in members.items()}
    assert values == {"normal": 1_000, "silver": 2_000, "gold": 5_000, "diamond": 10_000}


def test_no_birthday_coupon_when_the_tier_gives_none(shop):
    _, rules = shop.svc.setup.rules()
    tiers = [
        {**t, "birthday_coupon_fen": 0} if t["code"] == "normal" else t
        for t in rules.to_dict()["tiers"]
    ]
    shop.svc.setup.set_rules({"tiers": tiers}, shop.manager)
    member = shop.sign_up(birthday=date(1990, 3, 28))
    assert shop.svc.coupons.issue_birthday().issued == 0
    assert _birthday_coupons(shop, member) == []


def test_birthday_coupon_usable_at_checkout_during_the_month(shop):
    member = shop.sign_up(birthday=date(1990, 3, 28))
    shop.svc.coupons.issue_birthday()
    [coupon] = _birthday_coupons(shop, member)
    shop.clock.set(datetime(2026, 3, 31, 15, 0, tzinfo=UTC))  # 23:00 on 31 March

    result = buy(shop, member, 5_000, coupon=coupon.code, cash_fen=4_000)

    assert result.priced.coupon_discount_fen == 1_000
    assert result.priced.due_fen == 4_000
    assert result.points_balance == 40
    assert_books_ok(shop)


def test_birthday_coupon_expires_with_the_month(shop):
    member = shop.sign_up(birthday=date(1990, 3, 28))
    shop.svc.coupons.issue_birthday()
    [coupon] = _birthday_coupons(shop, member)
    shop.clock.set(datetime(2026, 3, 31, 16, 30, tzinfo=UTC))  # 00:30 on 1 April
    with pytest.raises(InvalidInput, match="expired"):
        buy(shop, member, 5_000, coupon=coupon.code, cash_fen=4_000)
    assert shop.svc.members.find(member.card_no).coupons == ()


def test_birthday_coupons_for_other_months_and_years(shop):
    march = shop.sign_up(birthday=date(1990, 3, 28))
    april = shop.sign_up(phone="13900139000", name="李四", birthday=date(1985, 4, 2))
    shop.svc.coupons.issue_birthday()
    assert _birthday_coupons(shop, april) == []

    april_run = shop.svc.coupons.issue_birthday(date(2026, 4, 1))
    assert (april_run.month, april_run.issued) == ("2026-04", 1)
    [coupon] = _birthday_coupons(shop, april)
    assert (coupon.valid_from, coupon.valid_until) == (date(2026, 4, 1), date(2026, 4, 30))

    shop.clock.set(datetime(2027, 3, 5, 2, tzinfo=UTC))
    assert shop.svc.coupons.issue_birthday().issued == 1  # a new year, a new coupon
    assert len(_birthday_coupons(shop, march)) == 2


def test_birthday_coupon_for_a_member_who_joins_during_the_month(shop):
    shop.svc.coupons.issue_birthday()
    late = shop.sign_up(birthday=date(2000, 3, 2))
    assert shop.svc.coupons.issue_birthday().issued == 1
    assert len(_birthday_coupons(shop, late)) == 1


# --- manual coupons ----------------------------------------------------------------------


def test_manager_issues_a_coupon_for_a_member(shop):
    member = shop.sign_up()
    before = tally(shop)

    coupon = shop.svc.coupons.issue(
        "amount", 1_500, shop.manager, min_spend_fen=10_000, days=7, member=member.card_no
    )

    assert tally(shop) - before == (1, 1)
    assert (coupon.kind, coupon.value, coupon.min_spend_fen) == ("amount", 1_500, 10_000)
    assert (coupon.valid_from, coupon.valid_until) == (date(2026, 3, 10), date(2026, 3, 16))
    assert (coupon.member_id, coupon.source) == (member.id, "manual")
    assert coupon.code.startswith("CP") and len(coupon.code) == 12
    scanned = classify(coupon.code)
    assert scanned.kind == COUPON and scanned.kind not in (MEMBER_CARD, RECEIPT)
    assert shop.svc.coupons.for_member(member.card_no) == [coupon]
    audit = audit_rows(shop)[-1]
    assert (audit["action"], audit["entity_id"]) == ("coupon.issue", coupon.code)
    assert audit["approver_id"] == shop.manager.id
    assert outbox_events(shop)[-1]["payload"]["code"] == coupon.code

    result = buy(shop, member, 10_000, coupon=coupon.code, cash_fen=8_500)
    assert result.priced.coupon_discount_fen == 1_500
    assert_books_ok(shop)


def test_manual_coupon_codes_are_unique(shop):
    codes = {shop.svc.coupons.issue("amount", 100, shop.manager).code for _ in range(20)}
    assert len(codes) == 20


def test_a_cashier_cannot_issue_coupons(shop):
    before = tally(shop)
    with pytest.raises(InvalidInput, match="manager"):
        shop.svc.coupons.issue("amount", 1_000, shop.cashier)
    assert tally(shop) == before


@pytest.mark.parametrize(
    "kind, value, kw",
    [
        ("gift", 100, {}),
        ("amount", 0, {}),
        ("amount", -5, {}),
        ("percent", 10_001, {}),
        ("amount", 100, {"min_spend_fen": -1}),
        ("amount", 100, {"days": 0}),
        ("amount", 100, {"days": 3661}),
    ],
)
def test_bad_coupons_are_refused(shop, kind, value, kw):
    before = tally(shop)
    with pytest.raises(InvalidInput):
        shop.svc.coupons.issue(kind, value, shop.manager, **kw)
    assert tally(shop) == before


def test_coupon_for_an_unknown_member(shop):
    with pytest.raises(NotFound):
        shop.svc.coupons.issue("amount", 100, shop.manager, member="13900139000")
