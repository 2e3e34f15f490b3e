"""Stored value top-ups: bonus rules, the card cap, the low-balance flag, tenders."""

import pytest
from sqlalchemy import select

from terminal.domain.errors import InvalidInput, LimitExceeded, NotFound
from terminal.domain.money import format_fen
from terminal.store.models import LedgerEntry, TopUp
from tests.helpers.services_kit import (
    assert_books_ok,
    audit_rows,
    outbox_events,
    tally,
    top_up,
)


def _entries(shop, topup_id):
    with shop.svc.db.read() as s:
        return sorted(
            (e.bucket, e.kind, e.amount)
            for e in s.scalars(select(LedgerEntry).where(LedgerEntry.topup_id == topup_id))
        )


def test_top_up_with_bonus_books_principal_and_bonus_apart(shop):
    member = shop.sign_up()
    before = tally(shop)

    result = shop.svc.wallet.top_up(member.card_no, 100_000, "mobile", shop.cashier, "WX-1")

    assert tally(shop) - before == (1, 1)
    assert (result.amount_fen, result.bonus_fen) == (100_000, 10_000)
    assert (result.wallet_principal_fen, result.wallet_bonus_fen) == (100_000, 10_000)
    assert result.wallet_fen == 110_000
    assert result.low_balance is False
    assert result.receipt_no == "0012-03-000001"
    assert _entries(shop, result.topup_id) == [
        ("bonus", "bonus", 10_000),
        ("principal", "topup", 100_000),
    ]
    with shop.svc.db.read() as s:
        row = s.get(TopUp, result.topup_id)
        assert (row.tender, row.reference, row.rule_version) == ("mobile", "WX-1", 1)
        assert row.operator_id == shop.cashier.id
    view = shop.svc.members.find(member.card_no)
    assert (view.wallet_principal_fen, view.wallet_bonus_fen) == (100_000, 10_000)
    audit = audit_rows(shop)[-1]
    assert (audit["action"], audit["entity_id"]) == ("wallet.topup", member.id)
    assert audit["details"]["bonus_fen"] == 10_000
    event = outbox_events(shop)[-1]
    assert (event["kind"], event["aggregate_id"]) == ("wallet.topped_up", result.topup_id)
    assert event["payload"]["amount_fen"] == 100_000
    assert event["payload"]["reference"] == "WX-1"
    assert_books_ok(shop)


@pytest.mark.parametrize(
    "amount, bonus",
    [
        (1, 0),
        (49_999, 0),
        (50_000, 4_000),  # 500 yuan -> +40
        (99_999, 4_000),
        (100_000, 10_000),  # 1000 yuan -> +100, not 140: the best rule wins alone
        (200_000, 10_000),
    ],
)
def test_bonus_rules(shop, amount, bonus):
    member = shop.sign_up()
    assert shop.svc.wallet.quote_top_up(member.card_no, amount).bonus_fen == bonus
    result = top_up(shop, member, amount)
    assert result.bonus_fen == bonus
    assert (result.wallet_principal_fen, result.wallet_bonus_fen) == (amount, bonus)
    assert_books_ok(shop)


def test_best_bonus_rule_wins_whatever_the_order(shop):
    shop.svc.setup.set_rules(
        {
            "bonus_rules": [
                {"min_topup_fen": 100_000, "bonus_fen": 3_000},
                {"min_topup_fen": 20_000, "bonus_fen": 1_000},
                {"min_topup_fen": 50_000, "bonus_fen": 5_000},
            ]
        },
        shop.manager,
    )
    member = shop.sign_up()
    assert top_up(shop, member, 100_000).bonus_fen == 5_000
    assert top_up(shop, member, 30_000).bonus_fen == 1_000
    assert shop.svc.wallet.quote_top_up(member.card_no, 60_000).bonus_fen == 5_000


def test_top_up_records_the_rule_version(shop):
    member = shop.sign_up()
    version, _ = shop.svc.setup.set_rules({"bonus_rules": []}, shop.manager)
    result = top_up(shop, member, 100_000)
    assert result.bonus_fen == 0
    with shop.svc.db.read() as s:
        assert s.get(TopUp, result.topup_id).rule_version == version == 2


def test_card_cap_of_5000_yuan_counts_the_bonus(shop):
    member = shop.sign_up()
    before = tally(shop)
    # 4950 yuan of principal is under the cap, but with its 100 yuan bonus it is not
    with pytest.raises(LimitExceeded, match="5,000.00"):
        top_up(shop, member, 495_000)
    assert tally(shop) == before
    assert shop.svc.members.find(member.card_no).wallet_fen == 0

    top_up(shop, member, 400_000)  # + 100 bonus = 4100 yuan
    # ¥900 of room, but ¥900 brings ¥40 of bonus: ¥860 + ¥40 is the most that fits
    with pytest.raises(LimitExceeded, match="at most ¥860.00 can be topped up now"):
        top_up(shop, member, 90_000)  # + 40 bonus = 5040 yuan
    result = top_up(shop, member, 49_999)  # no bonus: 4599.99
    assert result.wallet_fen == 459_999
    result = top_up(shop, member, 40_001)  # exactly the cap
    assert result.wallet_fen == 500_000
    with pytest.raises(LimitExceeded):
        top_up(shop, member, 1)
    assert shop.svc.members.find(member.card_no).wallet_fen == 500_000
    assert_books_ok(shop)


def test_card_cap_follows_the_rules(shop):
    shop.svc.setup.set_rules({"card_cap_fen": 1_000_000}, shop.manager)
    member = shop.sign_up()
    assert top_up(shop, member, 800_000).wallet_fen == 810_000


@pytest.mark.parametrize(
    "amount, low",
    [(10_000, True), (19_999, True), (20_000, False), (50_000, False)],
)
def test_low_balance_flag_under_200_yuan(shop, amount, low):
    member = shop.sign_up()
    result = top_up(shop, member, amount)
    assert result.low_balance is low
    assert shop.svc.members.find(member.card_no).low_balance is low


def test_a_member_without_stored_value_is_not_flagged_low(shop):
    member = shop.sign_up()
    assert shop.svc.members.find(member.card_no).low_balance is False


def test_low_balance_threshold_follows_the_rules(shop):
    shop.svc.setup.set_rules({"low_balance_fen": 5_000}, shop.manager)
    member = shop.sign_up()
    assert top_up(shop, member, 4_999).low_balance is True
    assert top_up(shop, member, 1).low_balance is False


@pytest.mark.parametrize("tender", ["bitcoin", "wallet", "points", "", "CASH"])
def test_bad_tender_is_refused(shop, tender):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput, match="paid by"):
        shop.svc.wallet.top_up(member.card_no, 10_000, tender, shop.cashier)
    assert tally(shop) == before


@pytest.mark.parametrize("tender", ["cash", "card", "mobile"])
def test_every_good_tender_is_accepted(shop, tender):
    member = shop.sign_up()
    result = shop.svc.wallet.top_up(member.card_no, 10_000, tender, shop.cashier)
    with shop.svc.db.read() as s:
        assert s.get(TopUp, result.topup_id).tender == tender


@pytest.mark.parametrize("amount", [0, -100])
def test_top_up_amount_must_be_positive(shop, amount):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput):
        top_up(shop, member, amount)
    assert tally(shop) == before


def test_a_fractional_fen_top_up_is_refused(shop):
    # Money is integer fen; 100.005 yuan is not an amount the ledger can hold.
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput):
        top_up(shop, member, 10_000.5)
    assert tally(shop) == before


def test_too_long_reference_is_refused(shop):
    member = shop.sign_up()
    with pytest.raises(InvalidInput, match="reference"):
        shop.svc.wallet.top_up(member.card_no, 10_000, "card", shop.cashier, "r" * 65)


def test_top_up_for_an_unknown_member(shop):
    with pytest.raises(NotFound):
        top_up(shop, "13900139000", 10_000)


def test_top_ups_by_phone_add_up(shop):
    member = shop.sign_up()
    top_up(shop, "13800138000", 30_000)
    result = top_up(shop, "+86 138 0013 8000", 50_000)
    assert (result.wallet_principal_fen, result.wallet_bonus_fen) == (80_000, 4_000)
    assert result.member_id == member.id
    assert len(outbox_events(shop, "wallet.topped_up")) == 2
    assert_books_ok(shop)


@pytest.mark.parametrize("balance_fen", [205_000, 410_000, 450_000, 492_000, 500_000, 0])
def test_the_largest_top_up_stated_is_accepted_and_one_fen_more_refused(shop, balance_fen):
    member = shop.sign_up()
    if balance_fen:
        shop.svc.setup.set_rules({"bonus_rules": []}, shop.manager)
        top_up(shop, member, balance_fen)
        shop.svc.setup.set_rules(
            {
                "bonus_rules": [
                    {"min_topup_fen": 50_000, "bonus_fen": 4_000},
                    {"min_topup_fen": 100_000, "bonus_fen": 10_000},
                ]
            },
            shop.manager,
        )
    quote = shop.svc.wallet.quote_top_up(member.card_no, 10**8)
    assert quote.error is not None and quote.balance_after_fen is None
    most = quote.max_fen
    assert format_fen(most) in str(quote.error)  # the figure the screen states
    if most:
        assert shop.svc.wallet.quote_top_up(member.card_no, most).error is None
    assert shop.svc.wallet.quote_top_up(member.card_no, most + 1).error is not None
    with pytest.raises(LimitExceeded):
        top_up(shop, member, most + 1)
    if most:
        assert top_up(shop, member, most).wallet_fen <= 500_000
    assert_books_ok(shop)


def test_the_issue_case_a_balance_of_2050_may_take_2850_not_2950(shop):
    member = shop.sign_up()
    shop.svc.setup.set_rules({"bonus_rules": []}, shop.manager)
    top_up(shop, member, 205_000)
    shop.svc.setup.set_rules(
        {"bonus_rules": [{"min_topup_fen": 100_000, "bonus_fen": 10_000}]}, shop.manager
    )
    quote = shop.svc.wallet.quote_top_up(member.card_no, 295_000)
    assert quote.max_fen == 285_000 and "at most ¥2,850.00" in str(quote.error)
    assert top_up(shop, member, 285_000).wallet_fen == 500_000
