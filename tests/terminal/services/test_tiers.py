"""Tier evaluation at the end of a period, and a manager's tier override."""

from datetime import UTC, date, datetime

import pytest

from terminal.domain.errors import Conflict, InvalidInput, NotFound, PosError
from tests.helpers.services_kit import (
    assert_books_ok,
    audit_rows,
    buy,
    outbox_events,
    tally,
)

NEW_YEAR_2027 = datetime(2027, 1, 1, 2, tzinfo=UTC)  # 10:00 on 1 January in Shanghai


def _tier(shop, member):
    return shop.svc.members.find(member.card_no).tier


def _override(shop, member, tier, reason="VIP guest"):
    return shop.svc.tiers.set_tier(member.card_no, tier, reason, shop.cashier, shop.manager)


def test_evaluation_demotes_when_the_period_spend_fell_short(shop):
    member = shop.sign_up()
    _override(shop, member, "gold")
    buy(shop, member, 100_000)  # 1000 yuan in 2026, far below gold's 10000
    shop.clock.set(NEW_YEAR_2027)
    before = tally(shop)

    run = shop.svc.tiers.evaluate(operator=shop.manager)

    assert run.as_of == date(2027, 1, 1)
    assert run.period_start == date(2026, 1, 1)
    assert (run.members, run.promoted, run.demoted) == (1, 0, 1)
    assert _tier(shop, member) == "normal"
    assert tally(shop) - before == (1, 2)  # one batch of changes, then the run
    event = outbox_events(shop)[-1]
    assert event["kind"] == "member.tier_changed"
    assert (event["payload"]["from"], event["payload"]["to"]) == ("gold", "normal")
    assert event["payload"]["reason"] == "evaluation"
    audit = audit_rows(shop)[-1]
    assert audit["action"] == "tiers.evaluate"
    assert audit["details"]["demoted"] == 1
    assert_books_ok(shop)


def test_demotion_stops_at_the_tier_the_spend_reached(shop):
    member = shop.sign_up()
    _override(shop, member, "diamond")
    buy(shop, member, 600_000)
    shop.clock.set(NEW_YEAR_2027)
    shop.svc.tiers.evaluate()
    assert _tier(shop, member) == "silver"


def test_evaluation_keeps_a_tier_that_was_reached_and_is_idempotent(shop):
    silver = shop.sign_up()
    gold = shop.sign_up(phone="13900139000", name="李四")
    idle = shop.sign_up(phone="13700137000", name="王五")
    assert buy(shop, silver, 500_000).promoted_to == "silver"
    assert buy(shop, gold, 1_200_000).promoted_to == "gold"
    shop.clock.set(NEW_YEAR_2027)

    run = shop.svc.tiers.evaluate(date(2027, 1, 1))

    assert (run.members, run.promoted, run.demoted) == (3, 0, 0)
    assert (_tier(shop, silver), _tier(shop, gold), _tier(shop, idle)) == (
        "silver",
        "gold",
        "normal",
    )
    before = tally(shop)
    again = shop.svc.tiers.evaluate(date(2027, 1, 1))
    assert (again.promoted, again.demoted) == (0, 0)
    assert tally(shop) - before == (0, 1)  # only the run's audit row

    # a year without purchases: the next evaluation demotes both
    shop.clock.set(datetime(2028, 1, 1, 2, tzinfo=UTC))
    run = shop.svc.tiers.evaluate()
    assert (run.period_start, run.demoted) == (date(2027, 1, 1), 2)
    assert (_tier(shop, silver), _tier(shop, gold)) == ("normal", "normal")
    assert shop.svc.tiers.evaluate().demoted == 0
    assert_books_ok(shop)


def test_demotion_then_idempotent_second_run(shop):
    member = shop.sign_up()
    _override(shop, member, "silver")
    shop.clock.set(NEW_YEAR_2027)
    assert shop.svc.tiers.evaluate().demoted == 1
    before = tally(shop)
    second = shop.svc.tiers.evaluate()
    assert (second.promoted, second.demoted) == (0, 0)
    assert tally(shop) - before == (0, 1)
    assert _tier(shop, member) == "normal"


def test_spend_reached_in_the_current_period_is_kept(shop):
    member = shop.sign_up()
    shop.clock.set(datetime(2027, 2, 1, 2, tzinfo=UTC))
    assert buy(shop, member, 500_000).promoted_to == "silver"
    shop.clock.set(datetime(2027, 3, 1, 2, tzinfo=UTC))
    run = shop.svc.tiers.evaluate()
    assert run.demoted == 0
    assert _tier(shop, member) == "silver"


def test_evaluation_promotes_to_catch_up_with_new_thresholds(shop):
    member = shop.sign_up()
    buy(shop, member, 400_000)
    assert _tier(shop, member) == "normal"
    _, rules = shop.svc.setup.rules()
    tiers = [
        {**t, "threshold_fen": 300_000} if t["code"] == "silver" else t
        for t in rules.to_dict()["tiers"]
    ]
    shop.svc.setup.set_rules({"tiers": tiers}, shop.manager)
    shop.clock.set(NEW_YEAR_2027)

    run = shop.svc.tiers.evaluate()

    assert (run.promoted, run.demoted) == (1, 0)
    assert _tier(shop, member) == "silver"


def test_a_refund_lowers_the_spend_the_evaluation_sees(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 500_000)
    assert sale.tier == "silver"
    shop.svc.refunds.refund(sale.sale_id, shop.cashier, shop.manager, 10_000)
    assert _tier(shop, member) == "silver"  # kept until the evaluation
    shop.clock.set(NEW_YEAR_2027)
    assert shop.svc.tiers.evaluate().demoted == 1
    assert _tier(shop, member) == "normal"


def test_quarterly_periods(shop):
    shop.svc.setup.set_rules({"tier_period_months": 3}, shop.manager)
    member = shop.sign_up()
    buy(shop, member, 500_000)  # in Q1 2026
    shop.clock.set(datetime(2026, 4, 1, 2, tzinfo=UTC))
    run = shop.svc.tiers.evaluate()
    assert run.period_start == date(2026, 1, 1)
    assert _tier(shop, member) == "silver"
    shop.clock.set(datetime(2026, 7, 1, 2, tzinfo=UTC))
    run = shop.svc.tiers.evaluate()
    assert (run.period_start, run.demoted) == (date(2026, 4, 1), 1)
    assert _tier(shop, member) == "normal"


def test_evaluation_cannot_run_ahead_of_today(shop):
    # Like the expiry run, an evaluation "as of" a future day would judge a period that
    # has not ended yet and demote members who still have months to spend.
    member = shop.sign_up()
    shop.clock.set(datetime(2025, 6, 1, 2, tzinfo=UTC))
    assert buy(shop, member, 500_000).promoted_to == "silver"
    shop.clock.set(datetime(2026, 3, 10, 2, tzinfo=UTC))
    assert shop.svc.tiers.evaluate().demoted == 0  # 2025 reached silver: kept for 2026
    before = tally(shop)
    with pytest.raises(PosError):
        shop.svc.tiers.evaluate(date(2027, 1, 1))
    assert tally(shop) == before
    assert _tier(shop, member) == "silver"


# --- manager override --------------------------------------------------------------------


def test_manager_sets_a_tier_by_hand(shop):
    member = shop.sign_up()
    before = tally(shop)

    tier = _override(shop, member, "gold", "  corporate account ")

    assert tier == "gold"
    assert tally(shop) - before == (1, 1)
    view = shop.svc.members.find(member.card_no)
    assert (view.tier, view.tier_name) == ("gold", "Gold")
    audit = audit_rows(shop)[-1]
    assert audit["action"] == "member.tier_override"
    assert (audit["operator_id"], audit["approver_id"]) == (shop.cashier.id, shop.manager.id)
    assert audit["details"] == {"from": "normal", "to": "gold", "reason": "corporate account"}
    event = outbox_events(shop)[-1]
    assert (event["kind"], event["payload"]["to"]) == ("member.tier_changed", "gold")
    # the new tier prices the next sale at once
    assert buy(shop, member, 10_000).priced.tier_discount_fen == 500
    assert_books_ok(shop)


def test_override_needs_a_manager_and_a_reason(shop):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput, match="manager"):
        shop.svc.tiers.set_tier(member.card_no, "gold", "vip", shop.cashier, shop.cashier)
    with pytest.raises(InvalidInput, match="reason"):
        shop.svc.tiers.set_tier(member.card_no, "gold", "  ", shop.cashier, shop.manager)
    assert tally(shop) == before
    assert _tier(shop, member) == "normal"


def test_override_to_an_unknown_or_the_same_tier(shop):
    member = shop.sign_up()
    with pytest.raises(InvalidInput, match="unknown tier"):
        _override(shop, member, "platinum")
    with pytest.raises(Conflict):
        _override(shop, member, "normal")
    with pytest.raises(NotFound):
        shop.svc.tiers.set_tier("13900139000", "gold", "vip", shop.cashier, shop.manager)
    assert _tier(shop, member) == "normal"
