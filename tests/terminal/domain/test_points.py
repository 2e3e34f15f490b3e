from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.errors import InsufficientFunds, InvalidInput, LimitExceeded, PosError
from terminal.domain.points import (
    Lot,
    check_points_tender,
    consume_fifo,
    expiry_date,
    points_earned,
    points_value_fen,
)
from terminal.domain.rules import ANNUAL, ROLLING, Rules

FAST = settings(max_examples=150, deadline=None)

RULES = Rules()
TODAY = date(2026, 3, 10)


def lot(lot_id, remaining, expires_in, earned_ago=0):
    return Lot(
        lot_id,
        remaining,
        TODAY + timedelta(days=expires_in),
        TODAY - timedelta(days=earned_ago),
    )


@st.composite
def lot_lists(draw):
    count = draw(st.integers(0, 8))
    return [
        Lot(
            f"L{i}",
            draw(st.integers(0, 500)),
            TODAY + timedelta(days=draw(st.integers(-30, 400))),
            TODAY - timedelta(days=draw(st.integers(0, 400))),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize(
    ("base", "rate", "multiplier", "points"),
    [
        (10_000, 1, 100, 100),
        (10_000, 1, 150, 150),
        (10_000, 1, 200, 200),
        (10_000, 2, 120, 240),
        (99, 1, 100, 0),
        (199, 1, 100, 1),
        (8_888, 1, 150, 133),
        (10_000, 0, 150, 0),
        (10_000, 1, 0, 0),
        (0, 1, 100, 0),
        (-500, 1, 100, 0),
    ],
)
def test_points_earned_are_whole_points_rounded_down(base, rate, multiplier, points):
    assert points_earned(base, rate, multiplier) == points


@FAST
@given(st.integers(0, 10**9), st.integers(0, 1000), st.integers(0, 500))
def test_points_earned_never_exceed_the_exact_amount(base, rate, multiplier):
    earned = points_earned(base, rate, multiplier)
    assert earned >= 0
    assert earned * 10_000 <= base * rate * multiplier < (earned + 1) * 10_000


@FAST
@given(st.integers(0, 10**8), st.integers(0, 10**8), st.integers(0, 10), st.integers(0, 300))
def test_paying_more_never_earns_fewer_points(a, b, rate, multiplier):
    low, high = sorted((a, b))
    assert points_earned(low, rate, multiplier) <= points_earned(high, rate, multiplier)


def test_rolling_expiry_is_n_days_after_earning():
    assert expiry_date(date(2026, 3, 10), RULES) == date(2027, 3, 10)
    assert expiry_date(date(2026, 3, 10), Rules(expiry_days=30)) == date(2026, 4, 9)


def test_rolling_expiry_across_a_leap_day():
    assert expiry_date(date(2024, 2, 1), Rules(expiry_days=365)) == date(2025, 1, 31)


@pytest.mark.parametrize(
    ("earned", "years", "expires"),
    [
        (date(2026, 3, 10), 0, date(2026, 12, 31)),
        (date(2026, 3, 10), 1, date(2027, 12, 31)),
        (date(2026, 12, 31), 1, date(2027, 12, 31)),
        (date(2026, 1, 1), 2, date(2028, 12, 31)),
    ],
)
def test_annual_expiry_is_31_december_of_year_plus_n(earned, years, expires):
    rules = Rules(expiry_mode=ANNUAL, expiry_years=years)
    assert expiry_date(earned, rules) == expires


@FAST
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 5))
def test_expiry_is_never_before_the_day_points_are_earned(earned, years):
    assert expiry_date(earned, Rules(expiry_mode=ANNUAL, expiry_years=years)) >= earned
    assert expiry_date(earned, Rules(expiry_mode=ROLLING, expiry_days=1)) > earned


@pytest.mark.parametrize(
    ("points", "rate", "fen"),
    [
        (0, 100, 0),
        (100, 100, 100),
        (150, 100, 150),
        (1, 100, 1),
        (300, 150, 200),
        (10, 10, 100),
        (1, 1, 100),
        (3, 30, 10),
    ],
)
def test_points_value_in_fen(points, rate, fen):
    assert points_value_fen(points, Rules(redeem_points_per_yuan=rate)) == fen


@pytest.mark.parametrize(
    ("points", "rate", "step"),
    [(100, 150, 3), (1, 150, 3), (1, 30, 3), (5, 200, 2), (7, 1000, 10)],
)
def test_points_that_do_not_convert_to_whole_fen_are_refused(points, rate, step):
    with pytest.raises(InvalidInput, match=f"steps of {step}$"):
        points_value_fen(points, Rules(redeem_points_per_yuan=rate))


@FAST
@given(st.integers(1, 1000), st.integers(0, 10**6))
def test_points_in_the_announced_steps_always_convert(rate, count):
    rules = Rules(redeem_points_per_yuan=rate)
    try:
        points_value_fen(1, rules)
        step = 1
    except InvalidInput as exc:
        step = int(str(exc).rsplit(" ", 1)[1])
    value = points_value_fen(step * count, rules)
    assert value * rate == step * count * 100


def test_negative_points_are_refused():
    with pytest.raises(InvalidInput, match="negative"):
        points_value_fen(-100, RULES)


def test_points_tender_of_zero_is_free():
    assert check_points_tender(0, 10_000, 0, RULES) == 0


def test_points_tender_returns_its_value():
    assert check_points_tender(500, 10_000, 1_000, RULES) == 500


def test_points_tender_below_the_minimum_is_refused():
    with pytest.raises(LimitExceeded, match="at least 100 points"):
        check_points_tender(99, 10_000, 1_000, RULES)


def test_points_tender_at_the_minimum_is_fine():
    assert check_points_tender(100, 10_000, 100, RULES) == 100


def test_points_tender_beyond_the_balance_is_refused():
    with pytest.raises(InsufficientFunds, match="has 300 points, 400 requested"):
        check_points_tender(400, 10_000, 300, RULES)


def test_points_may_pay_exactly_half_the_bill():
    assert check_points_tender(5_000, 10_000, 10_000, RULES) == 5_000


def test_points_may_not_pay_more_than_half_the_bill():
    with pytest.raises(LimitExceeded, match=r"at most 50% of the bill \(¥50.00\)"):
        check_points_tender(5_001, 10_000, 10_000, RULES)


def test_points_share_rounds_down_on_an_odd_bill():
    assert check_points_tender(500, 1_001, 1_000, RULES) == 500
    with pytest.raises(LimitExceeded):
        check_points_tender(501, 1_001, 1_000, RULES)


def test_points_share_follows_the_rules():
    rules = Rules(redeem_max_share_bp=10_000)
    assert check_points_tender(10_000, 10_000, 10_000, rules) == 10_000
    with pytest.raises(LimitExceeded, match="at most 20%"):
        check_points_tender(300, 1_000, 1_000, Rules(redeem_max_share_bp=2_000))


def test_points_tender_with_a_fractional_fen_value_is_invalid_input():
    rules = Rules(redeem_points_per_yuan=150, redeem_min_points=0)
    with pytest.raises(InvalidInput, match="steps of 3"):
        check_points_tender(100, 10_000, 1_000, rules)


def test_negative_points_tender_is_invalid_input():
    with pytest.raises(InvalidInput):
        check_points_tender(-100, 10_000, 1_000, RULES)


@FAST
@given(
    st.integers(0, 20_000),
    st.integers(0, 10**6),
    st.integers(0, 20_000),
    st.sampled_from([1, 10, 100, 150, 200]),
    st.integers(0, 10_000),
)
def test_an_accepted_points_tender_respects_every_limit(points, due, balance, rate, share):
    rules = Rules(redeem_points_per_yuan=rate, redeem_max_share_bp=share)
    try:
        value = check_points_tender(points, due, balance, rules)
    except PosError:
        return
    assert value * rate == points * 100
    if points:
        assert points >= rules.redeem_min_points
        assert points <= balance
        assert value * 10_000 <= due * share


def test_consume_fifo_takes_the_lot_that_expires_first():
    lots = [lot("late", 100, 200), lot("soon", 100, 10)]
    assert consume_fifo(lots, 50, TODAY) == [("soon", 50)]


def test_consume_fifo_moves_on_to_the_next_lot():
    lots = [lot("late", 100, 200), lot("soon", 30, 10), lot("mid", 40, 50)]
    assert consume_fifo(lots, 100, TODAY) == [("soon", 30), ("mid", 40), ("late", 30)]


def test_consume_fifo_can_empty_every_lot():
    lots = [lot("a", 10, 5), lot("b", 20, 6)]
    assert consume_fifo(lots, 30, TODAY) == [("a", 10), ("b", 20)]


def test_consume_fifo_skips_expired_and_empty_lots():
    lots = [lot("expired", 500, -1), lot("empty", 0, 1), lot("live", 100, 100)]
    assert consume_fifo(lots, 60, TODAY) == [("live", 60)]


def test_a_lot_can_still_be_spent_on_its_expiry_day():
    assert consume_fifo([lot("today", 10, 0)], 10, TODAY) == [("today", 10)]


def test_consume_fifo_breaks_ties_by_earning_date_then_id():
    lots = [lot("b", 10, 30, earned_ago=1), lot("c", 10, 30, earned_ago=5), lot("a", 10, 30, 1)]
    assert consume_fifo(lots, 30, TODAY) == [("c", 10), ("a", 10), ("b", 10)]


@pytest.mark.parametrize("points", [0, -5])
def test_consume_fifo_of_nothing_takes_nothing(points):
    assert consume_fifo([lot("a", 10, 5)], points, TODAY) == []


def test_consume_fifo_beyond_the_spendable_points_is_refused():
    lots = [lot("expired", 500, -1), lot("a", 30, 5), lot("b", 20, 6)]
    with pytest.raises(InsufficientFunds, match="has 50 spendable points, 60 requested"):
        consume_fifo(lots, 60, TODAY)


def test_consume_fifo_with_no_lots_is_refused():
    with pytest.raises(InsufficientFunds):
        consume_fifo([], 1, TODAY)


@FAST
@given(lot_lists(), st.integers(1, 5_000))
def test_consume_fifo_takes_exactly_what_is_asked_from_live_lots(lots, points):
    live = {x.id: x for x in lots if x.remaining > 0 and x.expires_on >= TODAY}
    spendable = sum(x.remaining for x in live.values())
    if points > spendable:
        with pytest.raises(InsufficientFunds):
            consume_fifo(lots, points, TODAY)
        return
    taken = consume_fifo(lots, points, TODAY)
    assert sum(n for _, n in taken) == points
    assert len({lot_id for lot_id, _ in taken}) == len(taken)
    for lot_id, n in taken:
        assert lot_id in live
        assert 0 < n <= live[lot_id].remaining
    for lot_id, n in taken[:-1]:
        assert n == live[lot_id].remaining
    expiries = [live[lot_id].expires_on for lot_id, _ in taken]
    assert expiries == sorted(expiries)
    untouched = set(live) - {lot_id for lot_id, _ in taken}
    if untouched:
        assert max(expiries) <= min(live[i].expires_on for i in untouched)
