import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.errors import InsufficientFunds, InvalidInput, LimitExceeded
from terminal.domain.money import format_fen
from terminal.domain.rules import BonusRule, Rules
from terminal.domain.wallet import (
    WalletBalance,
    bonus_for,
    check_topup,
    is_low,
    max_topup,
    split_spend,
)

FAST = settings(max_examples=200, deadline=None)

RULES = Rules()
EMPTY = WalletBalance(0, 0)

balances = st.builds(WalletBalance, st.integers(0, 10**7), st.integers(0, 10**7))


def test_total_is_principal_plus_bonus():
    assert WalletBalance(30_000, 4_000).total_fen == 34_000


@pytest.mark.parametrize(
    ("topup", "bonus"),
    [
        (1, 0),
        (49_999, 0),
        (50_000, 4_000),
        (99_999, 4_000),
        (100_000, 10_000),
        (400_000, 10_000),
    ],
)
def test_bonus_of_the_best_matching_rule(topup, bonus):
    assert bonus_for(topup, RULES) == bonus


def test_bonus_picks_the_largest_bonus_whatever_the_rule_order():
    rules = Rules(bonus_rules=(BonusRule(100_000, 10_000), BonusRule(50_000, 4_000)))
    assert bonus_for(150_000, rules) == 10_000
    assert bonus_for(60_000, rules) == 4_000


def test_no_bonus_rules_means_no_bonus():
    assert bonus_for(1_000_000, Rules(bonus_rules=())) == 0


@FAST
@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_a_bigger_top_up_never_earns_a_smaller_bonus(a, b):
    low, high = sorted((a, b))
    assert bonus_for(low, RULES) <= bonus_for(high, RULES)


def test_check_topup_returns_the_bonus():
    assert check_topup(50_000, EMPTY, RULES) == 4_000
    assert check_topup(10_000, EMPTY, RULES) == 0


@pytest.mark.parametrize("topup", [0, -100])
def test_check_topup_refuses_nothing_or_a_negative_amount(topup):
    with pytest.raises(InvalidInput, match="more than ¥0.00"):
        check_topup(topup, EMPTY, RULES)


@pytest.mark.parametrize("topup", [100.0, 0.5, "100", True, None])
def test_check_topup_refuses_what_is_not_whole_fen(topup):
    with pytest.raises(InvalidInput, match="whole number"):
        check_topup(topup, EMPTY, RULES)


def test_a_top_up_may_fill_the_card_exactly_to_the_cap():
    balance = WalletBalance(390_000, 0)
    assert check_topup(100_000, balance, RULES) == 10_000


def test_a_top_up_one_fen_over_the_cap_is_refused():
    balance = WalletBalance(390_001, 0)
    with pytest.raises(LimitExceeded, match="may not exceed ¥5,000.00"):
        check_topup(100_000, balance, RULES)


def test_the_bonus_counts_against_the_cap():
    balance = WalletBalance(400_000, 0)
    # ¥1,000 of room: ¥1,000 would bring ¥100 of bonus, so ¥960 + ¥40 is the most that fits
    with pytest.raises(
        LimitExceeded, match=r"at most ¥960.00 can be topped up now, with a bonus of ¥40.00"
    ):
        check_topup(100_000, balance, RULES)
    assert check_topup(100_000, balance, RULES.replace(card_cap_fen=510_000)) == 10_000


def test_a_card_already_over_the_cap_reports_no_room():
    balance = WalletBalance(600_000, 0)
    with pytest.raises(LimitExceeded, match="at most ¥0.00"):
        check_topup(1, balance, RULES)


@FAST
@given(balances, st.integers(1, 10**6))
def test_an_accepted_top_up_never_takes_the_card_over_the_cap(balance, topup):
    try:
        bonus = check_topup(topup, balance, RULES)
    except LimitExceeded:
        assert balance.total_fen + topup + bonus_for(topup, RULES) > RULES.card_cap_fen
        return
    assert bonus == bonus_for(topup, RULES)
    assert balance.total_fen + topup + bonus <= RULES.card_cap_fen


def test_split_spend_in_proportion():
    assert split_spend(1_000, WalletBalance(3_000, 1_000)) == (750, 250)


def test_split_spend_rounds_principal_down():
    assert split_spend(1, WalletBalance(1, 1)) == (0, 1)
    assert split_spend(3, WalletBalance(2, 1)) == (2, 1)
    assert split_spend(10, WalletBalance(20, 10)) == (6, 4)


def test_split_spend_of_principal_only():
    assert split_spend(777, WalletBalance(1_000, 0)) == (777, 0)


def test_split_spend_of_bonus_only():
    assert split_spend(777, WalletBalance(0, 1_000)) == (0, 777)


def test_split_spend_of_nothing():
    assert split_spend(0, EMPTY) == (0, 0)
    assert split_spend(0, WalletBalance(100, 10)) == (0, 0)


def test_split_spend_of_the_whole_balance_empties_both_parts():
    assert split_spend(34_567, WalletBalance(30_001, 4_566)) == (30_001, 4_566)


def test_split_spend_beyond_the_balance_is_refused():
    with pytest.raises(InsufficientFunds, match=r"stored value is ¥1.00, ¥1.01 requested"):
        split_spend(101, WalletBalance(60, 40))


def test_split_spend_from_an_empty_wallet_is_refused():
    with pytest.raises(InsufficientFunds):
        split_spend(1, EMPTY)


def test_a_negative_spend_is_refused():
    with pytest.raises(InvalidInput, match="cannot be negative"):
        split_spend(-1, WalletBalance(100, 0))


@FAST
@given(balances, st.data())
def test_split_spend_adds_up_and_stays_within_each_part(balance, data):
    amount = data.draw(st.integers(0, balance.total_fen))
    principal, bonus = split_spend(amount, balance)
    assert principal + bonus == amount
    assert 0 <= principal <= balance.principal_fen
    assert 0 <= bonus <= balance.bonus_fen


@FAST
@given(balances.filter(lambda b: b.total_fen > 0), st.data())
def test_split_spend_rounds_principal_down_by_less_than_a_fen(balance, data):
    amount = data.draw(st.integers(1, balance.total_fen))
    principal, _ = split_spend(amount, balance)
    exact = amount * balance.principal_fen
    assert principal * balance.total_fen <= exact < (principal + 1) * balance.total_fen


@FAST
@given(balances, st.integers(1, 10**8))
def test_split_spend_beyond_the_balance_always_refused(balance, extra):
    with pytest.raises(InsufficientFunds):
        split_spend(balance.total_fen + extra, balance)


@FAST
@given(balances, st.lists(st.integers(0, 10**6), max_size=20))
def test_repeated_spends_never_overdraw_either_part(balance, wishes):
    principal, bonus = balance.principal_fen, balance.bonus_fen
    for wish in wishes:
        amount = min(wish, principal + bonus)
        p, b = split_spend(amount, WalletBalance(principal, bonus))
        principal -= p
        bonus -= b
        assert principal >= 0
        assert bonus >= 0
    remaining = principal + bonus
    assert split_spend(remaining, WalletBalance(principal, bonus)) == (principal, bonus)


@pytest.mark.parametrize(
    ("total", "low"),
    [(0, True), (19_999, True), (20_000, False), (100_000, False)],
)
def test_is_low_below_the_threshold(total, low):
    assert is_low(WalletBalance(total, 0), RULES) is low


def test_is_low_counts_the_bonus_too():
    assert not is_low(WalletBalance(10_000, 10_000), RULES)
    assert is_low(WalletBalance(10_000, 10_000), RULES.replace(low_balance_fen=20_001))


_bonus_rules = st.lists(
    st.builds(BonusRule, st.integers(1, 600_000), st.integers(0, 200_000)), max_size=4
)


@FAST
@given(balances, _bonus_rules, st.integers(0, 700_000))
def test_the_largest_top_up_is_accepted_and_one_fen_more_refused(balance, bonus_rules, cap):
    rules = RULES.replace(bonus_rules=tuple(bonus_rules), card_cap_fen=cap)
    most = max_topup(balance, rules)
    if most:
        check_topup(most, balance, rules)
    with pytest.raises(LimitExceeded, match=f"at most {re.escape(format_fen(most))} can be"):
        check_topup(most + 1, balance, rules)
