from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminal.domain.offline_policy import (
    OfflinePolicy,
    OfflineSpend,
    SpendRefused,
    check_offline_spend,
    points_cap_value_fen,
)
from terminal.domain.rules import Rules

NOW = datetime(2026, 3, 10, 2, 0)
POLICY = OfflinePolicy(
    max_age_hours=24, sale_cap_fen=50_000, member_cap_fen=100_000, terminal_cap_fen=300_000
)


def spend(value=10_000, age_h=1.0, hot=False, member=0, terminal=0, never=False):
    return OfflineSpend(
        value_fen=value,
        now=NOW,
        last_sync_at=None if never else NOW - timedelta(hours=age_h),
        hotlisted=hot,
        member_spent_fen=member,
        terminal_spent_fen=terminal,
    )


def test_a_small_spend_soon_after_a_sync_goes_through():
    check_offline_spend(POLICY, spend())


def test_nothing_to_spend_is_always_allowed_even_when_never_synced():
    check_offline_spend(POLICY, spend(value=0, never=True, hot=True))


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"never": True}, "never synced"),
        ({"age_h": 25}, "last sync was 25 h ago"),
        ({"hot": True}, "hotlist"),
        ({"value": 50_001}, "on one sale"),
        ({"member": 95_000, "value": 6_000}, "¥50.00 is left"),
        ({"terminal": 299_000, "value": 2_000}, "this terminal may take ¥3,000.00"),
    ],
)
def test_each_limit_refuses_with_its_own_reason(kwargs, words):
    with pytest.raises(SpendRefused, match=words.replace("$", r"\$")) as err:
        check_offline_spend(POLICY, spend(**kwargs))
    assert "cash" in str(err.value)


def test_limits_are_inclusive():
    check_offline_spend(POLICY, spend(value=50_000, member=50_000, terminal=250_000, age_h=24))


def test_policy_comes_from_the_rules():
    rules = Rules().replace(offline_sale_cap_fen=1_000, offline_max_age_hours=2)
    policy = OfflinePolicy.from_rules(rules)
    assert policy.sale_cap_fen == 1_000 and policy.max_age_hours == 2


def test_points_are_valued_at_the_redemption_rate_rounded_up():
    rules = Rules()
    assert points_cap_value_fen(100, rules) == 100
    assert points_cap_value_fen(150, rules) == 150
    assert points_cap_value_fen(1, rules.replace(redeem_points_per_yuan=300)) == 1


@given(
    st.lists(st.integers(min_value=1, max_value=60_000), max_size=40),
)
def test_spends_let_through_never_exceed_the_member_and_terminal_caps(values):
    member = terminal = 0
    for value in values:
        try:
            check_offline_spend(POLICY, spend(value=value, member=member, terminal=terminal))
        except SpendRefused:
            continue
        member += value
        terminal += value
    assert member <= POLICY.member_cap_fen
    assert terminal <= POLICY.terminal_cap_fen
