"""Refunds: whole and partial, never more than was paid, each tender gets its share back,
points paid come back, points earned are taken back as far as the member still has them."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from terminal.domain.errors import Conflict, InsufficientFunds, InvalidInput, NotFound
from terminal.store.models import LedgerEntry, PeriodStats, PointsLot, Refund, Sale
from tests.helpers.services_kit import (
    assert_books_ok,
    audit_rows,
    buy,
    give_points,
    outbox_events,
    tally,
    top_up,
)

TENDERS = ("points_value", "wallet_principal", "wallet_bonus", "cash", "card", "mobile")


def _refund(shop, key, amount_fen=None, reason="customer returned goods"):
    return shop.svc.refunds.refund(key, shop.cashier, shop.manager, amount_fen, reason)


def _spend(shop, member):
    with shop.svc.db.read() as s:
        return s.scalar(
            select(func.coalesce(func.sum(PeriodStats.spend_fen), 0)).where(
                PeriodStats.member_id == member.id
            )
        )


def _view(shop, member):
    return shop.svc.members.find(member.card_no)


def _split_sale(shop):
    """A member with 10000 points and 540 yuan stored value pays 1000 yuan in five ways."""
    member = shop.sign_up()
    give_points(shop, member, 10_000)
    top_up(shop, member, 50_000)
    sale = buy(
        shop,
        member,
        100_000,
        points=10_000,
        wallet_fen=20_000,
        cash_fen=30_000,
        card_fen=30_000,
        mobile_fen=20_000,
    )
    return member, sale


def test_whole_refund_of_a_cash_sale(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)
    before = tally(shop)

    result = _refund(shop, sale.sale_id)

    assert tally(shop) - before == (1, 1)
    assert result.sale_id == sale.sale_id
    assert result.receipt_no == "0012-03-000002"
    assert result.amount_fen == 10_000
    assert result.amounts == {
        "points_value": 0,
        "wallet_principal": 0,
        "wallet_bonus": 0,
        "cash": 10_000,
        "card": 0,
        "mobile": 0,
    }
    assert (result.points_back, result.points_clawback, result.points_unrecovered) == (0, 100, 0)
    assert (result.refunded_total_fen, result.sale_due_fen) == (10_000, 10_000)
    assert result.points_balance == 0
    assert _view(shop, member).points == 0
    assert _spend(shop, member) == 0
    with shop.svc.db.read() as s:
        assert s.get(Sale, sale.sale_id).refunded_fen == 10_000
        row = s.get(Refund, result.refund_id)
        assert (row.cash_fen, row.points_clawback) == (10_000, 100)
        assert (row.operator_id, row.approver_id) == (shop.cashier.id, shop.manager.id)
        assert row.reason == "customer returned goods"
        entries = s.scalars(
            select(LedgerEntry).where(LedgerEntry.refund_id == result.refund_id)
        ).all()
        assert [(e.bucket, e.kind, e.amount) for e in entries] == [("points", "clawback", -100)]
    audit = audit_rows(shop)[-1]
    assert (audit["action"], audit["entity_id"]) == ("sale.refund", sale.sale_id)
    assert (audit["operator_id"], audit["approver_id"]) == (shop.cashier.id, shop.manager.id)
    assert audit["details"]["cash_fen"] == 10_000
    assert audit["details"]["sale_receipt_no"] == sale.receipt_no
    event = outbox_events(shop)[-1]
    assert (event["kind"], event["aggregate_id"]) == ("sale.refunded", result.refund_id)
    assert event["payload"]["sale_id"] == sale.sale_id
    assert event["payload"]["amount_fen"] == 10_000
    assert_books_ok(shop)


def test_refund_by_receipt_number(shop):
    member = shop.sign_up()
    buy(shop, member, 1_000)
    sale = buy(shop, member, 10_000)
    result = _refund(shop, f"  {sale.receipt_no} ", 4_000)
    assert result.sale_id == sale.sale_id
    assert result.amounts["cash"] == 4_000
    # and the rest by id
    assert _refund(shop, sale.sale_id).amount_fen == 6_000


def test_refund_of_an_unknown_sale(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 1_000)
    refund = _refund(shop, sale.sale_id, 100)
    before = tally(shop)
    for key in ("0012-03-999999", "no-such-id", refund.receipt_no):
        with pytest.raises(NotFound):
            _refund(shop, key)
    assert tally(shop) == before


def test_refund_needs_a_managers_approval(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)
    before = tally(shop)
    with pytest.raises(InvalidInput, match="manager"):
        shop.svc.refunds.refund(sale.sale_id, shop.cashier, shop.cashier)
    assert tally(shop) == before
    assert _view(shop, member).points == 100


def test_partial_refund_gives_back_a_proportional_share(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)

    result = _refund(shop, sale.sale_id, 2_500)

    assert result.amount_fen == 2_500
    assert result.amounts["cash"] == 2_500
    assert result.points_clawback == 25
    assert result.points_balance == 75
    assert (result.refunded_total_fen, result.sale_due_fen) == (2_500, 10_000)
    assert _spend(shop, member) == 7_500
    assert_books_ok(shop)


@pytest.mark.parametrize("amount", [0, -100])
def test_refund_amount_must_be_positive(shop, amount):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)
    before = tally(shop)
    with pytest.raises(InvalidInput):
        _refund(shop, sale.sale_id, amount)
    assert tally(shop) == before


def test_refund_cannot_exceed_what_is_left(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)
    with pytest.raises(InvalidInput, match="at most"):
        _refund(shop, sale.sale_id, 10_001)
    _refund(shop, sale.sale_id, 6_000)
    before = tally(shop)
    with pytest.raises(InvalidInput, match="at most"):
        _refund(shop, sale.sale_id, 4_001)
    assert tally(shop) == before
    assert _refund(shop, sale.sale_id, 4_000).refunded_total_fen == 10_000


def test_refund_after_a_full_refund_is_a_conflict(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)
    _refund(shop, sale.sale_id)
    before = tally(shop)
    with pytest.raises(Conflict, match="already been refunded"):
        _refund(shop, sale.sale_id, 100)
    assert tally(shop) == before
    assert_books_ok(shop)


def test_whole_refund_again_after_a_full_refund_is_a_conflict(shop):
    # "Refund the rest" (no amount) on a sale that is already refunded in full must say
    # so, not complain that the amount is zero.
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)
    _refund(shop, sale.sale_id)
    before = tally(shop)
    with pytest.raises(Conflict, match="already been refunded"):
        _refund(shop, sale.sale_id)
    assert tally(shop) == before


def test_refund_after_partial_refunds_adding_up_to_the_whole_is_a_conflict(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)
    _refund(shop, sale.sale_id, 5_000)
    _refund(shop, sale.sale_id, 5_000)
    with pytest.raises(Conflict):
        _refund(shop, sale.sale_id, 1)


def test_whole_refund_of_a_split_tender_sale_restores_everything(shop):
    member, sale = _split_sale(shop)
    assert (sale.wallet_principal_fen, sale.wallet_bonus_fen) == (31_482, 2_518)
    assert sale.points_balance == 900

    result = _refund(shop, sale.receipt_no)

    assert result.amounts == {
        "points_value": 10_000,
        "wallet_principal": 18_518,
        "wallet_bonus": 1_482,
        "cash": 20_000,  # the cash kept, not the cash handed over
        "card": 30_000,
        "mobile": 20_000,
    }
    assert result.amount_fen == 100_000
    assert (result.points_back, result.points_clawback, result.points_unrecovered) == (
        10_000,
        900,
        0,
    )
    # stored value goes back to the bucket it came from, points paid come back
    assert (result.wallet_principal_fen, result.wallet_bonus_fen) == (50_000, 4_000)
    assert result.points_balance == 10_000
    view = _view(shop, member)
    assert (view.points, view.wallet_principal_fen, view.wallet_bonus_fen) == (
        10_000,
        50_000,
        4_000,
    )
    assert _spend(shop, member) == 0
    assert_books_ok(shop)


@pytest.mark.parametrize(
    "steps",
    [
        [33_333, 33_333, None],
        [1, 1, 1, 7, 99_990],
        [12_345, 54_321, 33_333, 1],
        [99_999, 1],
    ],
)
def test_partial_refunds_add_up_to_the_whole_exactly(shop, steps):
    member, sale = _split_sale(shop)
    paid = {
        "points_value": 10_000,
        "wallet_principal": 18_518,
        "wallet_bonus": 1_482,
        "cash": 20_000,
        "card": 30_000,
        "mobile": 20_000,
    }
    totals = dict.fromkeys(TENDERS, 0)
    points_back = clawback = 0
    events_before = len(outbox_events(shop, "sale.refunded"))

    for amount in steps:
        result = _refund(shop, sale.sale_id, amount)
        assert sum(result.amounts.values()) == result.amount_fen
        if amount is not None:
            assert result.amount_fen == amount
        for name in TENDERS:
            assert result.amounts[name] >= 0
            totals[name] += result.amounts[name]
            assert totals[name] <= paid[name], name  # never more than a tender took
        points_back += result.points_back
        clawback += result.points_clawback
        assert_books_ok(shop)

    assert totals == paid
    assert points_back == 10_000
    assert clawback == 900
    assert result.refunded_total_fen == 100_000
    view = _view(shop, member)
    assert (view.points, view.wallet_principal_fen, view.wallet_bonus_fen) == (
        10_000,
        50_000,
        4_000,
    )
    assert _spend(shop, member) == 0
    assert len(outbox_events(shop, "sale.refunded")) == events_before + len(steps)
    with shop.svc.db.read() as s:
        assert s.scalar(select(func.sum(Refund.amount_fen))) == 100_000
    with pytest.raises(Conflict):
        _refund(shop, sale.sale_id, 1)


def test_stored_value_goes_back_to_principal_and_bonus(shop):
    member = shop.sign_up()
    top_up(shop, member, 50_000)  # 50000 principal + 4000 bonus
    sale = buy(shop, member, 27_000, wallet_fen=27_000)
    assert (sale.wallet_principal_fen, sale.wallet_bonus_fen) == (25_000, 2_000)

    part = _refund(shop, sale.sale_id, 5_400)
    assert (part.amounts["wallet_principal"], part.amounts["wallet_bonus"]) == (5_000, 400)
    assert (part.wallet_principal_fen, part.wallet_bonus_fen) == (30_000, 2_400)

    rest = _refund(shop, sale.sale_id)
    assert (rest.wallet_principal_fen, rest.wallet_bonus_fen) == (50_000, 4_000)
    with shop.svc.db.read() as s:
        kinds = s.scalars(
            select(LedgerEntry.bucket).where(
                LedgerEntry.sale_id == sale.sale_id, LedgerEntry.kind == "refund"
            )
        ).all()
    assert sorted(kinds) == ["bonus", "bonus", "principal", "principal"]
    assert_books_ok(shop)


def test_points_paid_come_back_with_the_expiry_they_had(shop):
    member = shop.sign_up()
    give_points(shop, member, 1_000)  # earned 2026-03-10, last day 2027-03-10
    shop.clock.advance(days=30)
    sale = buy(shop, member, 2_000, points=1_000, cash_fen=1_000)
    assert sale.points_balance == 10

    result = _refund(shop, sale.sale_id)

    assert result.points_back == 1_000
    assert result.points_clawback == 10
    assert result.points_balance == 1_000
    with shop.svc.db.read() as s:
        lot = s.scalar(
            select(PointsLot)
            .join(LedgerEntry, LedgerEntry.id == PointsLot.entry_id)
            .where(LedgerEntry.refund_id == result.refund_id)
        )
    assert lot.amount == 1_000
    assert str(lot.expires_on) == "2027-03-10"  # not a fresh year from the refund
    assert_books_ok(shop)


def test_earned_points_already_spent_are_not_taken_back_below_zero(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)  # earns 100
    shop.svc.points.adjust(member.card_no, -100, "used at the bakery", shop.cashier, shop.manager)

    result = _refund(shop, sale.sale_id)

    assert result.points_clawback == 0
    assert result.points_unrecovered == 100
    assert result.points_balance == 0
    assert result.amounts["cash"] == 10_000
    audit = audit_rows(shop)[-1]
    assert audit["details"]["points_clawback"] == 0
    assert audit["details"]["points_unrecovered"] == 100
    assert_books_ok(shop)


def test_earned_points_partly_spent_are_taken_back_as_far_as_held(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 10_000)  # earns 100
    shop.svc.points.adjust(member.card_no, -60, "used elsewhere", shop.cashier, shop.manager)

    result = _refund(shop, sale.sale_id)

    assert (result.points_clawback, result.points_unrecovered) == (40, 60)
    assert result.points_balance == 0
    with shop.svc.db.read() as s:
        stats = s.scalars(select(PeriodStats).where(PeriodStats.member_id == member.id)).one()
    assert (stats.spend_fen, stats.points_earned) == (0, 60)
    assert_books_ok(shop)


def test_clawback_may_take_other_points_the_member_holds(shop):
    member = shop.sign_up()
    give_points(shop, member, 500)
    sale = buy(shop, member, 10_000)  # earns 100
    shop.svc.points.adjust(member.card_no, -100, "used elsewhere", shop.cashier, shop.manager)
    result = _refund(shop, sale.sale_id)
    assert (result.points_clawback, result.points_unrecovered) == (100, 0)
    assert result.points_balance == 400


def test_refund_reduces_the_period_spend_of_the_sales_period(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 300_000)
    shop.clock.advance(days=300)  # the refund happens in 2027
    _refund(shop, sale.sale_id, 100_000)
    with shop.svc.db.read() as s:
        rows = {
            str(r.period_start): r.spend_fen
            for r in s.scalars(select(PeriodStats).where(PeriodStats.member_id == member.id))
        }
    assert rows == {"2026-01-01": 200_000}


def test_refund_reason_is_kept_short(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 1_000)
    result = _refund(shop, sale.sale_id, reason="  " + "x" * 300)
    with shop.svc.db.read() as s:
        assert s.get(Refund, result.refund_id).reason == "x" * 200


def test_clawback_does_not_take_points_that_had_already_expired(shop):
    # A refund undoes the sale: the member must not come out of it with more spendable
    # points than before. Points of a lot past its last day (expiry run not yet done) are
    # worth nothing; taking them back instead of the sale's own points would leave the
    # refunded sale's points spendable.
    member = shop.sign_up()
    give_points(shop, member, 100)  # last day 2027-03-10
    shop.clock.set(datetime(2027, 3, 15, 2, tzinfo=UTC))  # expired, no expiry run yet
    sale = buy(shop, member, 10_000)  # earns 100 fresh points
    assert sale.points_balance == 200

    _refund(shop, sale.sale_id)
    shop.svc.points.expire()

    assert _view(shop, member).points == 0
    with pytest.raises(InsufficientFunds):
        buy(shop, member, 10_000, points=100, cash_fen=9_900)
    assert_books_ok(shop)
