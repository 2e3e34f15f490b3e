"""Points outside a sale: adjustments, daily check-in, the catalogue, and expiry."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from terminal.domain.errors import (
    AuthError,
    Conflict,
    InsufficientFunds,
    InvalidInput,
    LimitExceeded,
    NotFound,
)
from terminal.store.models import Adjustment, CheckIn, LedgerEntry, PointsLot, Redemption
from tests.helpers.services_kit import (
    assert_books_ok,
    audit_rows,
    buy,
    give_points,
    outbox_events,
    tally,
)


def _lots(shop, member):
    """(earned_on, expires_on, amount, remaining) of the member's lots, oldest first."""
    with shop.svc.db.read() as s:
        return [
            (str(lot.earned_on), str(lot.expires_on), lot.amount, lot.remaining)
            for lot in s.scalars(
                select(PointsLot)
                .where(PointsLot.member_id == member.id)
                .order_by(PointsLot.earned_on, PointsLot.expires_on)
            )
        ]


def _points(shop, member):
    return shop.svc.members.find(member.card_no).points


# --- adjustments -------------------------------------------------------------------------


def test_adjust_up_and_down_with_reason_and_approval(shop):
    member = shop.sign_up()
    before = tally(shop)

    up = shop.svc.points.adjust(member.card_no, 500, " lost receipt ", shop.cashier, shop.manager)

    assert tally(shop) - before == (1, 1)
    assert (up.points, up.points_balance) == (500, 500)
    with shop.svc.db.read() as s:
        adj = s.get(Adjustment, up.reference)
        assert (adj.points, adj.reason) == (500, "lost receipt")
        assert (adj.operator_id, adj.approver_id) == (shop.cashier.id, shop.manager.id)
    audit = audit_rows(shop)[-1]
    assert audit["action"] == "points.adjust"
    assert (audit["operator_id"], audit["approver_id"]) == (shop.cashier.id, shop.manager.id)
    assert audit["details"] == {"points": 500, "reason": "lost receipt"}
    event = outbox_events(shop)[-1]
    assert (event["kind"], event["aggregate_id"]) == ("points.adjusted", up.reference)

    down = shop.svc.points.adjust(member.card_no, -200, "typo", shop.cashier, shop.manager)
    assert (down.points, down.points_balance) == (-200, 300)
    assert _points(shop, member) == 300
    with shop.svc.db.read() as s:
        kinds = s.scalars(
            select(LedgerEntry.amount).where(
                LedgerEntry.member_id == member.id, LedgerEntry.kind == "adjust"
            )
        ).all()
    assert sorted(kinds) == [-200, 500]
    assert_books_ok(shop)


@pytest.mark.parametrize("reason", ["", "   "])
def test_adjust_needs_a_reason(shop, reason):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput, match="reason"):
        shop.svc.points.adjust(member.card_no, 100, reason, shop.cashier, shop.manager)
    assert tally(shop) == before


def test_adjust_needs_a_managers_approval(shop):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises((InvalidInput, AuthError), match="manager"):
        shop.svc.points.adjust(member.card_no, 100, "gift", shop.cashier, shop.cashier)
    assert tally(shop) == before
    assert _points(shop, member) == 0


@pytest.mark.parametrize("points", [0, 1_000_001, -1_000_001])
def test_adjust_amount_out_of_range(shop, points):
    member = shop.sign_up()
    with pytest.raises(InvalidInput):
        shop.svc.points.adjust(member.card_no, points, "x", shop.cashier, shop.manager)


def test_adjust_cannot_go_below_zero(shop):
    member = shop.sign_up()
    give_points(shop, member, 100)
    before = tally(shop)
    with pytest.raises(InsufficientFunds):
        shop.svc.points.adjust(member.card_no, -101, "too much", shop.cashier, shop.manager)
    assert tally(shop) == before
    assert _points(shop, member) == 100
    down = shop.svc.points.adjust(member.card_no, -100, "all", shop.cashier, shop.manager)
    assert down.points_balance == 0
    with pytest.raises(InsufficientFunds):
        shop.svc.points.adjust(member.card_no, -1, "below zero", shop.cashier, shop.manager)
    assert_books_ok(shop)


# --- check-in ----------------------------------------------------------------------------


def test_check_in_once_a_day(shop):
    member = shop.sign_up()
    before = tally(shop)

    result = shop.svc.points.check_in(member.card_no, shop.cashier)

    assert tally(shop) - before == (1, 1)
    assert (result.points, result.points_balance, result.streak) == (5, 5, 1)
    assert result.reference == "2026-03-10"
    event = outbox_events(shop)[-1]
    assert event["kind"] == "points.checked_in"
    assert event["payload"]["streak"] == 1
    assert audit_rows(shop)[-1]["action"] == "points.checkin"

    shop.clock.advance(hours=12)  # 22:00 in Shanghai, the same business day
    before = tally(shop)
    with pytest.raises(Conflict, match="already checked in"):
        shop.svc.points.check_in(member.card_no, shop.cashier)
    assert tally(shop) == before
    assert _points(shop, member) == 5
    assert_books_ok(shop)


def test_check_in_streak_bonus_on_day_seven(shop):
    member = shop.sign_up()
    results = []
    for _ in range(14):
        results.append(shop.svc.points.check_in(member.card_no, shop.cashier))
        shop.clock.advance(days=1)

    assert [r.streak for r in results] == list(range(1, 15))
    assert [r.points for r in results] == [5] * 6 + [25] + [5] * 6 + [25]
    assert results[6].points_balance == 6 * 5 + 25
    assert _points(shop, member) == 12 * 5 + 2 * 25
    with shop.svc.db.read() as s:
        rows = s.scalars(select(CheckIn).where(CheckIn.member_id == member.id)).all()
    assert len(rows) == 14
    assert len(outbox_events(shop, "points.checked_in")) == 14
    assert_books_ok(shop)


def test_check_in_streak_resets_after_a_missed_day(shop):
    member = shop.sign_up()
    streaks = []
    for _ in range(5):
        streaks.append(shop.svc.points.check_in(member.card_no, shop.cashier).streak)
        shop.clock.advance(days=1)
    shop.clock.advance(days=1)  # a day without check-in
    for _ in range(7):
        result = shop.svc.points.check_in(member.card_no, shop.cashier)
        streaks.append(result.streak)
        shop.clock.advance(days=1)
    assert streaks == [1, 2, 3, 4, 5] + [1, 2, 3, 4, 5, 6, 7]
    assert result.points == 25  # the bonus only on the 7th day of the new streak
    assert _points(shop, member) == 5 * 5 + 6 * 5 + 25


def test_check_in_days_are_shanghai_days(shop):
    member = shop.sign_up()
    shop.clock.set(datetime(2026, 3, 10, 15, 30, tzinfo=UTC))  # 23:30 in Shanghai
    first = shop.svc.points.check_in(member.card_no, shop.cashier)
    shop.clock.set(datetime(2026, 3, 10, 16, 30, tzinfo=UTC))  # 00:30 on 11 March in Shanghai
    second = shop.svc.points.check_in(member.card_no, shop.cashier)
    assert (first.reference, second.reference) == ("2026-03-10", "2026-03-11")
    assert second.streak == 2
    shop.clock.set(datetime(2026, 3, 11, 15, 59, tzinfo=UTC))  # 23:59 on 11 March
    with pytest.raises(Conflict):
        shop.svc.points.check_in(member.card_no, shop.cashier)


def test_check_in_points_follow_the_rules(shop):
    shop.svc.setup.set_rules(
        {"checkin_points": 2, "checkin_streak_days": 3, "checkin_streak_bonus": 10}, shop.manager
    )
    member = shop.sign_up()
    points = []
    for _ in range(3):
        points.append(shop.svc.points.check_in(member.card_no, shop.cashier).points)
        shop.clock.advance(days=1)
    assert points == [2, 2, 12]


# --- catalogue ---------------------------------------------------------------------------


def test_catalogue_add_list_and_update(shop):
    before = tally(shop)
    cup = shop.svc.points.add_item(" cup-1 ", " 保温杯 ", 3_000, 5, shop.manager)
    assert tally(shop) - before == (1, 1)
    assert (cup.sku, cup.name, cup.points_price, cup.stock) == ("CUP-1", "保温杯", 3_000, 5)
    shop.svc.points.add_item("BAG", "环保袋", 500, 100, shop.manager)
    assert [(i.sku, i.points_price) for i in shop.svc.points.catalogue()] == [
        ("BAG", 500),
        ("CUP-1", 3_000),
    ]
    # setting the same SKU again updates it
    shop.svc.points.add_item("cup-1", "保温杯 大", 2_800, 8, shop.manager)
    catalogue = {i.sku: i for i in shop.svc.points.catalogue()}
    assert len(catalogue) == 2
    assert (catalogue["CUP-1"].name, catalogue["CUP-1"].points_price) == ("保温杯 大", 2_800)
    assert catalogue["CUP-1"].stock == 8
    assert audit_rows(shop)[-1]["action"] == "catalogue.set"
    assert_books_ok(shop)


@pytest.mark.parametrize(
    "sku, name, price, stock",
    [("", "x", 100, 1), ("A", "  ", 100, 1), ("A", "x", 0, 1), ("A", "x", 100, -1)],
)
def test_catalogue_item_needs_good_values(shop, sku, name, price, stock):
    with pytest.raises(InvalidInput):
        shop.svc.points.add_item(sku, name, price, stock, shop.manager)
    assert shop.svc.points.catalogue() == []


def test_catalogue_changes_need_a_manager(shop):
    # The catalogue is a setting (points prices and stock): a manager's job, as for the
    # rules and coupons.
    before = tally(shop)
    with pytest.raises((InvalidInput, AuthError), match="manager"):
        shop.svc.points.add_item("CUP", "cup", 100, 5, shop.cashier)
    assert tally(shop) == before
    assert shop.svc.points.catalogue() == []


def test_redeem_takes_points_and_stock(shop):
    member = shop.sign_up()
    give_points(shop, member, 10_000)
    shop.svc.points.add_item("CUP", "保温杯", 3_000, 2, shop.manager)
    before = tally(shop)

    result = shop.svc.points.redeem(member.card_no, "cup", shop.cashier)

    assert tally(shop) - before == (1, 1)
    assert (result.points, result.points_balance) == (-3_000, 7_000)
    assert shop.svc.points.catalogue()[0].stock == 1
    with shop.svc.db.read() as s:
        row = s.get(Redemption, result.reference)
        assert (row.member_id, row.quantity, row.points) == (member.id, 1, 3_000)
    event = outbox_events(shop)[-1]
    assert (event["kind"], event["payload"]["sku"]) == ("points.redeemed", "CUP")
    assert audit_rows(shop)[-1]["details"] == {"sku": "CUP", "quantity": 1, "points": 3_000}

    second = shop.svc.points.redeem(member.card_no, "CUP", shop.cashier)
    assert second.points_balance == 4_000
    assert shop.svc.points.catalogue()[0].stock == 0
    with pytest.raises(LimitExceeded, match="stock"):
        shop.svc.points.redeem(member.card_no, "CUP", shop.cashier)
    assert _points(shop, member) == 4_000
    assert_books_ok(shop)


def test_redeem_several_at_once(shop):
    member = shop.sign_up()
    give_points(shop, member, 2_000)
    shop.svc.points.add_item("BAG", "环保袋", 500, 10, shop.manager)
    result = shop.svc.points.redeem(member.card_no, "BAG", shop.cashier, quantity=3)
    assert (result.points, result.points_balance) == (-1_500, 500)
    assert shop.svc.points.catalogue()[0].stock == 7
    with pytest.raises(LimitExceeded):
        shop.svc.points.redeem(member.card_no, "BAG", shop.cashier, quantity=8)


def test_redeem_without_enough_points_changes_nothing(shop):
    member = shop.sign_up()
    give_points(shop, member, 2_999)
    shop.svc.points.add_item("CUP", "保温杯", 3_000, 2, shop.manager)
    before = tally(shop)
    with pytest.raises(InsufficientFunds):
        shop.svc.points.redeem(member.card_no, "CUP", shop.cashier)
    assert tally(shop) == before
    assert shop.svc.points.catalogue()[0].stock == 2
    assert _points(shop, member) == 2_999


def test_redeem_unknown_item_or_bad_quantity(shop):
    member = shop.sign_up()
    give_points(shop, member, 2_000)
    shop.svc.points.add_item("BAG", "环保袋", 500, 10, shop.manager)
    with pytest.raises(NotFound):
        shop.svc.points.redeem(member.card_no, "NOPE", shop.cashier)
    for quantity in (0, 101, -1):
        with pytest.raises(InvalidInput):
            shop.svc.points.redeem(member.card_no, "BAG", shop.cashier, quantity=quantity)
    assert _points(shop, member) == 2_000


# --- expiry ------------------------------------------------------------------------------


def test_rolling_expiry_after_365_days(shop):
    member = shop.sign_up()
    buy(shop, member, 10_000)  # 100 points, last day 2027-03-10
    assert _lots(shop, member) == [("2026-03-10", "2027-03-10", 100, 100)]

    shop.clock.advance(days=365)  # 2027-03-10: the last day, nothing expires yet
    run = shop.svc.points.expire()
    assert (run.as_of, run.members, run.points) == (date(2027, 3, 10), 0, 0)
    assert _points(shop, member) == 100

    shop.clock.advance(days=1)
    before = tally(shop)
    run = shop.svc.points.expire(operator=shop.manager)

    assert (run.members, run.points) == (1, 100)
    assert _points(shop, member) == 0
    assert _lots(shop, member) == [("2026-03-10", "2027-03-10", 100, 0)]
    assert tally(shop) - before == (1, 2)  # an event per member; audit rows: a batch, the run
    event = outbox_events(shop)[-1]
    assert (event["kind"], event["payload"]["points"]) == ("points.expired", 100)
    audit = audit_rows(shop)[-1]
    assert audit["action"] == "points.expire_run"
    assert audit["details"] == {"as_of": "2027-03-11", "members": 1, "points": 100}
    with shop.svc.db.read() as s:
        entry = s.scalars(
            select(LedgerEntry).where(
                LedgerEntry.member_id == member.id, LedgerEntry.kind == "expire"
            )
        ).one()
    assert entry.amount == -100

    again = shop.svc.points.expire()
    assert (again.members, again.points) == (0, 0)
    assert _points(shop, member) == 0
    assert_books_ok(shop)


def test_expiry_run_covers_every_member_and_only_expired_lots(shop):
    old = shop.sign_up()
    young = shop.sign_up(phone="13900139000", name="李四")
    buy(shop, old, 10_000)
    give_points(shop, young, 50)
    shop.clock.advance(days=200)
    buy(shop, old, 20_000)
    give_points(shop, young, 70)
    shop.clock.advance(days=200)  # the first lots have expired, the later ones not
    before = tally(shop)

    run = shop.svc.points.expire()

    assert (run.members, run.points) == (2, 150)
    assert tally(shop) - before == (2, 2)  # one batch of changes, then the run
    assert (_points(shop, old), _points(shop, young)) == (200, 70)
    assert_books_ok(shop)


def test_expiry_as_of_a_past_day_and_never_ahead_of_today(shop):
    member = shop.sign_up()
    give_points(shop, member, 100)
    shop.clock.advance(days=400)
    with pytest.raises(Conflict):
        shop.svc.points.expire(as_of=date(2027, 4, 15))
    assert shop.svc.points.expire(as_of=date(2027, 3, 10)).points == 0
    assert shop.svc.points.expire(as_of=date(2027, 3, 11)).points == 100


def test_spending_takes_the_earliest_expiring_lot_first(shop):
    member = shop.sign_up()
    give_points(shop, member, 100)  # lot A: last day 2027-03-10
    shop.clock.advance(days=100)
    give_points(shop, member, 100)  # lot B: last day 2027-06-18
    shop.svc.points.adjust(member.card_no, -150, "spent", shop.cashier, shop.manager)
    assert [lot[3] for lot in _lots(shop, member)] == [0, 50]

    shop.clock.set(datetime(2027, 3, 20, 2, tzinfo=UTC))  # lot A has expired, B has not
    assert shop.svc.points.expire().points == 0
    assert _points(shop, member) == 50
    shop.clock.set(datetime(2027, 6, 19, 2, tzinfo=UTC))
    assert shop.svc.points.expire().points == 50
    assert _points(shop, member) == 0
    assert_books_ok(shop)


def test_fifo_is_by_expiry_date_not_by_earning_date(shop):
    member = shop.sign_up()
    give_points(shop, member, 1_000)  # rolling: last day 2027-03-10
    shop.svc.setup.set_rules({"expiry_mode": "annual", "expiry_years": 0}, shop.manager)
    shop.clock.advance(days=1)
    give_points(shop, member, 1_000)  # annual: last day 2026-12-31, earlier than the first
    assert _lots(shop, member) == [
        ("2026-03-10", "2027-03-10", 1_000, 1_000),
        ("2026-03-11", "2026-12-31", 1_000, 1_000),
    ]

    buy(shop, member, 10_000, points=1_500, cash_fen=8_500)  # a sale spends points too

    lots = _lots(shop, member)
    assert lots[1][3] == 0  # the lot expiring first is used up first
    assert lots[0][3] == 500
    assert_books_ok(shop)


def test_annual_expiry_clears_on_31_december(shop):
    version, rules = shop.svc.setup.set_rules(
        {"expiry_mode": "annual", "expiry_years": 0}, shop.manager
    )
    assert rules.expiry_mode == "annual"
    member = shop.sign_up()
    buy(shop, member, 10_000)
    assert _lots(shop, member) == [("2026-03-10", "2026-12-31", 100, 100)]

    shop.clock.set(datetime(2026, 12, 31, 15, 0, tzinfo=UTC))  # 23:00 on 31 December
    assert shop.svc.points.expire().points == 0
    shop.clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 00:30 on 1 January
    run = shop.svc.points.expire()
    assert (run.as_of, run.points) == (date(2027, 1, 1), 100)
    assert _points(shop, member) == 0
    assert_books_ok(shop)


def test_annual_expiry_with_a_year_of_grace(shop):
    shop.svc.setup.set_rules({"expiry_mode": "annual", "expiry_years": 1}, shop.manager)
    member = shop.sign_up()
    give_points(shop, member, 100)
    assert _lots(shop, member)[0][1] == "2027-12-31"
    shop.clock.set(datetime(2027, 12, 31, 2, tzinfo=UTC))
    assert shop.svc.points.expire().points == 0
    shop.clock.set(datetime(2028, 1, 1, 2, tzinfo=UTC))
    assert shop.svc.points.expire().points == 100


def test_rolling_expiry_days_follow_the_rules(shop):
    shop.svc.setup.set_rules({"expiry_days": 30}, shop.manager)
    member = shop.sign_up()
    give_points(shop, member, 100)
    assert _lots(shop, member)[0][1] == "2026-04-09"


def test_member_view_shows_points_expiring_within_30_days(shop):
    member = shop.sign_up()
    give_points(shop, member, 100)
    shop.clock.advance(days=100)
    give_points(shop, member, 40)
    assert shop.svc.members.find(member.card_no).points_expiring == 0
    shop.clock.set(datetime(2027, 2, 8, 2, tzinfo=UTC))  # 30 days before 2027-03-10
    view = shop.svc.members.find(member.card_no)
    assert (view.points, view.points_expiring) == (140, 100)
