"""The most points a bill accepts: exactly what `check_points_tender` lets through."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.errors import PosError
from terminal.domain.points import check_points_tender, max_points_tender, points_step
from terminal.domain.rules import Rules

FAST = settings(max_examples=200, deadline=None)


def test_default_rules_half_the_bill():
    rules = Rules()
    assert max_points_tender(10_000, 50_000, rules) == 5_000  # ¥100 bill: ¥50 of points
    assert max_points_tender(10_000, 1_234, rules) == 1_234
    assert max_points_tender(10_000, 99, rules) == 0  # below the minimum of 100
    assert max_points_tender(100, 10_000, rules) == 0  # ¥1 bill: 50 points, under the minimum


def test_steps_follow_the_rate():
    rules = Rules(redeem_points_per_yuan=300, redeem_min_points=0)
    assert points_step(rules) == 3
    assert max_points_tender(10_000, 20_000, rules) == 15_000  # ¥50 at 300 points per ¥1
    assert max_points_tender(10_000, 10_000, rules) == 9_999  # whole fen only


@FAST
@given(
    due=st.integers(0, 10_000_000),
    balance=st.integers(0, 2_000_000),
    rate=st.sampled_from([1, 3, 7, 50, 100, 150, 300, 1000]),
    minimum=st.integers(0, 500),
    share=st.integers(0, 10_000),
)
def test_the_maximum_is_accepted_and_one_step_more_is_not(due, balance, rate, minimum, share):
    rules = Rules(redeem_points_per_yuan=rate, redeem_min_points=minimum, redeem_max_share_bp=share)
    most = max_points_tender(due, balance, rules)
    step = points_step(rules)
    if most:
        check_points_tender(most, due, balance, rules)  # does not raise
        more = most + step
    else:  # the smallest count that could be used: every larger one fails the same way
        more = max(minimum, 1)
        more += (-more) % step
    with pytest.raises(PosError):
        check_points_tender(more, due, balance, rules)
