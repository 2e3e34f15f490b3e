"""Setting a terminal up, versioned rules, the integrity checks, and the rule that every
business transaction writes exactly one outbox event."""

from datetime import date

import pytest
from sqlalchemy import func, select

from terminal.domain.errors import Conflict, InvalidInput
from terminal.services.context import NotInitialised
from terminal.services.facade import Services
from terminal.services.members import SignUp
from terminal.services.operators import OperatorView
from terminal.store.models import OutboxEvent, RuleVersion, TerminalConfig
from tests.helpers.clock import FakeClock
from tests.helpers.services_kit import (
    assert_books_ok,
    audit_rows,
    buy,
    give_points,
    outbox_events,
    tally,
    top_up,
)


def _rule_versions(shop) -> int:
    with shop.svc.db.read() as s:
        return s.scalar(select(func.count()).select_from(RuleVersion))


# --- init --------------------------------------------------------------------------------


def test_init_twice_with_the_same_identity_is_fine(shop):
    before = tally(shop)
    status = shop.svc.setup.init(12, 3, "测试门店")
    assert (status.store_no, status.terminal_no) == (12, 3)
    assert (status.store_name, status.timezone) == ("测试门店", "Asia/Shanghai")
    assert status.rule_version == 1
    assert tally(shop) == before
    assert _rule_versions(shop) == 1
    assert len(audit_rows(shop, "terminal.init")) == 1


def test_init_with_another_identity_is_a_conflict(shop):
    before = tally(shop)
    for store, terminal in ((12, 4), (13, 3), (1, 1)):
        with pytest.raises(Conflict, match="cannot change"):
            shop.svc.setup.init(store, terminal)
    assert tally(shop) == before
    status = shop.svc.setup.status()
    assert (status.store_no, status.terminal_no) == (12, 3)
    assert shop.sign_up().card_no.startswith("001203")


def test_a_fresh_database_must_be_initialised_first(tmp_path):
    svc = Services.open(tmp_path / "fresh.db", FakeClock())
    try:
        with pytest.raises(NotInitialised):
            svc.setup.status()
        with pytest.raises(NotInitialised):
            svc.members.sign_up(
                SignUp(phone="13800138000", name="张三", consent=True),
                OperatorView("nobody", "nobody", "cashier"),
            )
        with pytest.raises(InvalidInput):
            svc.setup.init(0, 1)
        with pytest.raises(InvalidInput):
            svc.setup.init(1, 100)
        with pytest.raises(InvalidInput, match="time zone"):
            svc.setup.init(1, 1, timezone="Mars/Olympus")

        status = svc.setup.init(7, 2, "二号店")

        assert (status.store_no, status.terminal_no, status.rule_version) == (7, 2, 1)
        assert (status.members, status.outbox_pending) == (0, 0)
        version, rules = svc.setup.rules()
        assert version == 1
        assert rules.card_cap_fen == 500_000 and rules.expiry_days == 365
        assert [t.code for t in rules.tiers] == ["normal", "silver", "gold", "diamond"]
        assert svc.setup.verify_audit().ok and svc.setup.verify_audit().rows == 1
        manager = svc.operators.add("boss", "manager", "2468")
        member = svc.members.sign_up(SignUp("13800138000", "张三", True), manager)
        assert member.card_no.startswith("000702")
        assert svc.setup.status().members == 1
    finally:
        svc.close()


def test_status_counts_members_and_pending_events(shop):
    before = shop.svc.setup.status()
    shop.sign_up()
    shop.sign_up(phone="13900139000", name="李四")
    after = shop.svc.setup.status()
    assert after.members == before.members + 2
    assert after.outbox_pending == before.outbox_pending + 2


# --- rules -------------------------------------------------------------------------------


def test_set_rules_creates_a_new_audited_version(shop):
    before = tally(shop)

    version, rules = shop.svc.setup.set_rules(
        {"card_cap_fen": 1_000_000, "checkin_points": 8}, shop.manager
    )

    assert version == 2
    assert (rules.card_cap_fen, rules.checkin_points) == (1_000_000, 8)
    assert rules.low_balance_fen == 20_000  # the rest is unchanged
    assert shop.svc.setup.rules() == (2, rules)
    assert shop.svc.setup.status().rule_version == 2
    assert _rule_versions(shop) == 2
    assert tally(shop) - before == (1, 1)
    audit = audit_rows(shop)[-1]
    assert (audit["action"], audit["entity_id"]) == ("rules.change", "2")
    assert audit["approver_id"] == shop.manager.id
    assert audit["details"] == {
        "old": {"card_cap_fen": 500_000, "checkin_points": 5},
        "new": {"card_cap_fen": 1_000_000, "checkin_points": 8},
    }
    event = outbox_events(shop)[-1]
    assert (event["kind"], event["payload"]["version"]) == ("rules.changed", 2)
    with shop.svc.db.read() as s:
        assert s.get(RuleVersion, 2).operator_id == shop.manager.id
        assert s.get(RuleVersion, 1) is not None  # older versions are kept

    version, rules = shop.svc.setup.set_rules({"card_cap_fen": 600_000}, shop.manager)
    assert version == 3
    assert (rules.card_cap_fen, rules.checkin_points) == (600_000, 8)
    assert_books_ok(shop)


def test_set_rules_refuses_unknown_keys(shop):
    before = tally(shop)
    with pytest.raises(InvalidInput, match="unknown rule setting"):
        shop.svc.setup.set_rules({"card_cap_fen": 1_000, "free_lunch": True}, shop.manager)
    assert tally(shop) == before
    assert shop.svc.setup.rules()[0] == 1
    assert shop.svc.setup.rules()[1].card_cap_fen == 500_000


@pytest.mark.parametrize(
    "changes",
    [
        {"card_cap_fen": -1},
        {"card_cap_fen": "500000"},
        {"card_cap_fen": 1.5},
        {"card_cap_fen": True},
        {"card_cap_fen": None},
        {"expiry_mode": "weekly"},
        {"expiry_days": 0},
        {"tier_period_months": 5},
        {"redeem_points_per_yuan": 0},
        {"redeem_max_share_bp": 10_001},
        {"checkin_streak_days": 0},
        {"tiers": []},
        {"tiers": [{"code": "x"}]},
        {"tiers": [{"code": "a", "name": "A", "threshold_fen": 100}]},
        {
            "tiers": [
                {"code": "a", "name": "A", "threshold_fen": 0},
                {"code": "b", "name": "B", "threshold_fen": 0},
            ]
        },
        {
            "tiers": [
                {"code": "a", "name": "A", "threshold_fen": 0},
                {"code": "a", "name": "B", "threshold_fen": 10},
            ]
        },
        {"tiers": [{"code": "a", "name": "A", "threshold_fen": 0, "discount_bp": 10_001}]},
        {"bonus_rules": [{"min_topup_fen": 0, "bonus_fen": 100}]},
        {"bonus_rules": [{"min_topup_fen": 100}]},
    ],
)
def test_set_rules_refuses_invalid_values(shop, changes):
    before = tally(shop)
    with pytest.raises(InvalidInput):
        shop.svc.setup.set_rules(changes, shop.manager)
    assert tally(shop) == before
    assert _rule_versions(shop) == 1


def test_set_rules_needs_a_manager(shop):
    before = tally(shop)
    with pytest.raises(InvalidInput, match="manager"):
        shop.svc.setup.set_rules({"card_cap_fen": 1_000_000}, shop.cashier)
    assert tally(shop) == before


# --- integrity checks --------------------------------------------------------------------


def test_verify_audit_detects_an_edited_or_deleted_row(shop):
    shop.sign_up()
    shop.sign_up(phone="13900139000", name="李四")
    assert shop.svc.setup.verify_audit().ok
    conn = shop.svc.db.raw_connection()
    try:
        conn.execute(
            "UPDATE audit_log SET details = replace(details, 'counter', 'self') "
            "WHERE action = 'member.sign_up' AND seq = (SELECT max(seq) FROM audit_log)"
        )
        report = shop.svc.setup.verify_audit()
        assert not report.ok
        assert any("altered" in p for p in report.problems)
        conn.execute("DELETE FROM audit_log WHERE seq = 2")
        report = shop.svc.setup.verify_audit()
        assert any("missing" in p for p in report.problems)
    finally:
        conn.close()


def test_verify_ledger_detects_a_cached_balance_that_drifted(shop):
    member = shop.sign_up()
    buy(shop, member, 10_000)
    top_up(shop, member, 10_000)
    assert shop.svc.setup.verify_ledger().ok
    conn = shop.svc.db.raw_connection()
    try:
        conn.execute("UPDATE members SET wallet_principal_fen = wallet_principal_fen + 1")
        report = shop.svc.setup.verify_ledger()
        assert not report.ok
        assert any("principal" in p for p in report.problems)
    finally:
        conn.close()


# --- every business transaction: one outbox event, one audit row -------------------------


def test_every_business_transaction_writes_exactly_one_outbox_event(shop):
    svc = shop.svc

    def step(action):
        with svc.db.read() as s:
            before = s.scalar(select(func.count()).select_from(OutboxEvent))
        out = action()
        with svc.db.read() as s:
            after = s.scalar(select(func.count()).select_from(OutboxEvent))
        assert after - before == 1, action
        return out

    shop.svc.points.add_item("BAG", "环保袋", 100, 5, shop.manager)
    referrer = step(lambda: shop.sign_up(phone="13700137000", name="王五"))
    member = step(lambda: shop.sign_up(birthday=date(1990, 7, 1), referrer=referrer.card_no))
    card = member.card_no
    step(lambda: top_up(shop, member, 50_000))
    step(lambda: give_points(shop, member, 1_000))
    sale = step(lambda: buy(shop, member, 30_000, points=1_000, wallet_fen=10_000, cash_fen=20_000))
    step(lambda: svc.refunds.refund(sale.sale_id, shop.cashier, shop.manager, 5_000))
    step(lambda: svc.points.check_in(card, shop.cashier))
    step(lambda: svc.points.redeem(card, "BAG", shop.cashier))
    step(lambda: svc.members.update(card, shop.cashier, name="张三丰", approver=shop.manager))
    step(lambda: svc.members.update(card, shop.cashier, phone="13900139123", approver=shop.manager))
    step(lambda: svc.tiers.set_tier(card, "gold", "vip", shop.cashier, shop.manager))
    step(lambda: svc.coupons.issue("amount", 500, shop.manager, member=card))
    step(lambda: svc.setup.set_rules({"checkin_points": 6}, shop.manager))
    step(lambda: svc.operators.add("trainee", "cashier", "13579", by=shop.manager))

    kinds = [e["kind"] for e in outbox_events(shop)]
    for kind in (
        "member.signed_up",
        "wallet.topped_up",
        "points.adjusted",
        "sale.completed",
        "sale.refunded",
        "points.checked_in",
        "points.redeemed",
        "member.updated",
        "member.tier_changed",
        "coupon.issued",
        "rules.changed",
        "operator.added",
    ):
        assert kind in kinds
    # every event carries the terminal and its own id, in order
    events = outbox_events(shop)
    assert all(e["payload"]["terminal"] == "001203" for e in events)
    with svc.db.read() as s:
        rows = s.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)).all()
        assert len({r.id for r in rows}) == len(rows)
        assert all(r.status == "pending" for r in rows)
    assert_books_ok(shop)


def test_a_refused_transaction_writes_no_event_and_no_audit_row(shop):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput):
        buy(shop, member, 10_000, cash_fen=1)
    with pytest.raises(InvalidInput):
        top_up(shop, member, 10_000, tender="iou")
    with pytest.raises(InvalidInput):
        shop.svc.points.adjust(member.card_no, 5, "", shop.cashier, shop.manager)
    assert tally(shop) == before
    assert_books_ok(shop)


# --- the transaction guard ---------------------------------------------------------------


def test_a_business_transaction_without_exactly_one_event_is_rolled_back(shop):

    ctx = shop.svc.ctx
    before = tally(shop)
    with pytest.raises(AssertionError, match="0 outbox events"), ctx.transaction() as txn:
        txn.session.get(TerminalConfig, 1).receipt_seq += 10
    with pytest.raises(AssertionError, match="2 outbox events"), ctx.transaction() as txn:
        txn.event("coupon.issued", None, {})
        txn.event("coupon.issued", None, {})
    assert tally(shop) == before
    with shop.svc.db.read() as s:
        assert s.get(TerminalConfig, 1).receipt_seq == 0
    # a housekeeping transaction may write any number of events
    with ctx.transaction(business=False) as txn:
        txn.audit("test.run", "run", None, {}, None)
    assert tally(shop) - before == (0, 1)


def test_an_event_head_office_would_refuse_is_refused_before_anything_is_written(shop):
    ctx = shop.svc.ctx
    before = tally(shop)
    with pytest.raises(InvalidInput, match="'points'"), ctx.transaction() as txn:
        txn.session.get(TerminalConfig, 1).receipt_seq += 1
        txn.event("points.adjusted", "m1", {"member_id": "m1", "points": 10**12})
    with pytest.raises(InvalidInput, match="'name'"), ctx.transaction() as txn:
        txn.event("member.updated", "m1", {"member_id": "m1"}, sealed={"name": 12345})
    with pytest.raises(InvalidInput, match="unknown event kind"), ctx.transaction() as txn:
        txn.event("test.one", None, {})
    assert tally(shop) == before
    with shop.svc.db.read() as s:
        assert s.get(TerminalConfig, 1).receipt_seq == 0


def test_services_default_to_the_system_clock(tmp_path):
    from datetime import UTC, datetime

    svc = Services.open(tmp_path / "sys.db")
    try:
        now = svc.ctx.clock.now()
        assert now.tzinfo is not None
        assert abs((datetime.now(UTC) - now).total_seconds()) < 60
        assert svc.ctx.now_utc().tzinfo is None  # stored naive, in UTC
    finally:
        svc.close()
