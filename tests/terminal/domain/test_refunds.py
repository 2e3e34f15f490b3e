import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.errors import Conflict, InvalidInput
from terminal.domain.refunds import TENDERS, RefundSplit, split_refund

FAST = settings(max_examples=200, deadline=None)

NOTHING = dict.fromkeys(TENDERS, 0)


def tenders(**amounts):
    return {**NOTHING, **amounts}


def refund_in_steps(paid, steps, points_spent=0, points_earned=0):
    refunded = dict(NOTHING)
    splits = []
    for step in steps:
        split = split_refund(paid, refunded, step, points_spent, points_earned)
        splits.append(split)
        for name in TENDERS:
            refunded[name] += split.amounts[name]
    return refunded, splits


def test_tender_names():
    assert TENDERS == ("points_value", "wallet_principal", "wallet_bonus", "cash", "card", "mobile")


def test_a_full_refund_of_a_cash_sale_returns_the_cash():
    split = split_refund(tenders(cash=8_850), NOTHING, 8_850, 0, 88)
    assert split.amounts == tenders(cash=8_850)
    assert split.points_back == 0
    assert split.points_clawback == 88
    assert split.money_fen == 8_850
    assert split.earn_base_fen == 8_850


def test_a_full_refund_returns_every_tender_exactly():
    paid = tenders(points_value=2_000, wallet_principal=3_000, wallet_bonus=1_000, card=4_000)
    split = split_refund(paid, NOTHING, 10_000, 2_000, 80)
    assert split.amounts == paid
    assert split.points_back == 2_000
    assert split.points_clawback == 80
    assert split.earn_base_fen == 8_000


def test_a_half_refund_splits_in_proportion():
    paid = tenders(points_value=2_000, cash=4_000, card=4_000)
    split = split_refund(paid, NOTHING, 5_000, 2_000, 80)
    assert split.amounts == tenders(points_value=1_000, cash=2_000, card=2_000)
    assert split.points_back == 1_000
    assert split.points_clawback == 40


def test_odd_fen_go_to_the_largest_remainder():
    paid = tenders(cash=1, card=1, mobile=1)
    split = split_refund(paid, NOTHING, 1, 0, 0)
    assert split.money_fen == 1
    assert split.amounts == tenders(cash=1)


def test_odd_fen_prefer_the_larger_fraction():
    paid = tenders(cash=2, card=1)
    split = split_refund(paid, NOTHING, 1, 0, 0)
    assert split.amounts == tenders(cash=1)


def test_points_back_are_in_proportion_to_the_points_value_refunded():
    paid = tenders(points_value=150, cash=150)
    split = split_refund(paid, NOTHING, 100, 225, 1)
    assert split.amounts["points_value"] == 50
    assert split.points_back == 75


def test_clawback_is_in_proportion_to_the_bill_refunded():
    split = split_refund(tenders(cash=10_000), NOTHING, 2_500, 0, 150)
    assert split.points_clawback == 37


def test_a_second_partial_refund_continues_from_the_first():
    paid = tenders(cash=6_000, card=4_000)
    refunded, splits = refund_in_steps(paid, [3_000, 3_000, 4_000], points_earned=100)
    assert [s.amounts for s in splits] == [
        tenders(cash=1_800, card=1_200),
        tenders(cash=1_800, card=1_200),
        tenders(cash=2_400, card=1_600),
    ]
    assert [s.points_clawback for s in splits] == [30, 30, 40]
    assert refunded == paid


def test_money_and_earn_base_of_a_split():
    split = RefundSplit(tenders(points_value=100, cash=50, wallet_bonus=7), 100, 1)
    assert split.money_fen == 157
    assert split.earn_base_fen == 57


@pytest.mark.parametrize("amount", [0, -1])
def test_a_refund_of_nothing_is_refused(amount):
    with pytest.raises(InvalidInput, match="more than ¥0.00"):
        split_refund(tenders(cash=100), NOTHING, amount, 0, 0)


@pytest.mark.parametrize("amount", [50.0, "50", True, None])
def test_a_refund_must_be_whole_fen(amount):
    with pytest.raises(InvalidInput, match="whole number"):
        split_refund(tenders(cash=100), NOTHING, amount, 0, 0)


def test_a_refund_of_more_than_is_left_is_refused():
    with pytest.raises(InvalidInput, match=r"at most ¥0.40 of this sale"):
        split_refund(tenders(cash=100), tenders(cash=60), 41, 0, 0)


def test_a_refund_of_a_fully_refunded_sale_is_a_conflict():
    with pytest.raises(Conflict, match="already been refunded in full"):
        split_refund(tenders(cash=100), tenders(cash=100), 1, 0, 0)


def test_a_refund_of_a_free_sale_is_a_conflict():
    with pytest.raises(Conflict):
        split_refund(NOTHING, NOTHING, 1, 0, 0)


def test_a_refund_after_one_tender_was_refunded_ahead_returns_what_was_asked():
    paid = tenders(cash=100, card=100)
    split = split_refund(paid, tenders(cash=100), 50, 0, 0)
    assert split.money_fen == 50
    assert split.amounts == tenders(card=50)


def test_one_fen_refunds_never_ask_for_two_fen():
    paid = tenders(points_value=9, wallet_principal=5, wallet_bonus=8, cash=684, card=8, mobile=949)
    refunded, splits = refund_in_steps(paid, [1_593, 1, 1], points_spent=900, points_earned=16)
    assert [s.money_fen for s in splits] == [1_593, 1, 1]


def test_a_one_fen_refund_after_a_partial_refund_returns_one_fen():
    paid = tenders(wallet_principal=2, wallet_bonus=2, cash=2, card=39, mobile=39)
    refunded, splits = refund_in_steps(paid, [27, 1])
    assert [s.money_fen for s in splits] == [27, 1]
    assert sum(refunded.values()) == 28


any_mix = st.fixed_dictionaries(
    {
        name: st.one_of(st.just(0), st.integers(1, 5), st.integers(1, 60), st.integers(1, 100_000))
        for name in TENDERS
    }
)


@st.composite
def lopsided_mix(draw):
    names = draw(st.permutations(TENDERS))
    return {
        name: draw(st.integers(1, 5)) if i < 4 else draw(st.integers(10, 100))
        for i, name in enumerate(names)
    }


paid_tenders = st.one_of(any_mix, lopsided_mix()).filter(lambda paid: sum(paid.values()) > 0)


@st.composite
def part_refunded_sales(draw):
    paid = draw(paid_tenders)
    refunded = {name: draw(st.integers(0, paid[name])) for name in TENDERS}
    left = sum(paid.values()) - sum(refunded.values())
    if left == 0:
        refunded[draw(st.sampled_from([n for n in TENDERS if paid[n]]))] -= 1
        left = 1
    amount = draw(st.one_of(st.just(1), st.integers(1, left), st.just(left)))
    return paid, refunded, amount


@st.composite
def refund_cases(draw):
    paid = draw(paid_tenders)
    due = sum(paid.values())
    points_spent = paid["points_value"] * draw(st.sampled_from([1, 2, 3])) // 2
    points_earned = draw(st.integers(0, due // 50 + 5))
    steps = []
    left = due
    while left > 0 and len(steps) < 12:
        size = draw(st.one_of(st.just(1), st.integers(1, left), st.just(left)))
        steps.append(size)
        left -= size
    if left:
        steps.append(left)
    return paid, points_spent, points_earned, steps


@FAST
@given(refund_cases())
def test_refunds_in_steps_are_exact_and_never_over_refund(case):
    paid, points_spent, points_earned, steps = case
    refunded = dict(NOTHING)
    points_back = 0
    clawback = 0
    for step in steps:
        split = split_refund(paid, refunded, step, points_spent, points_earned)
        assert sum(split.amounts.values()) == step
        assert set(split.amounts) == set(TENDERS)
        for name in TENDERS:
            assert split.amounts[name] >= 0
            refunded[name] += split.amounts[name]
            assert refunded[name] <= paid[name]
        assert split.points_back >= 0
        assert split.points_clawback >= 0
        points_back += split.points_back
        clawback += split.points_clawback
        assert points_back <= points_spent
        assert clawback <= points_earned
    assert refunded == paid
    assert points_back == (points_spent if paid["points_value"] else 0)
    assert clawback == points_earned


@FAST
@given(refund_cases())
def test_after_a_full_refund_nothing_more_can_be_refunded(case):
    paid, points_spent, points_earned, steps = case
    refunded = dict(NOTHING)
    for step in steps:
        split = split_refund(paid, refunded, step, points_spent, points_earned)
        for name in TENDERS:
            refunded[name] += split.amounts[name]
    with pytest.raises(Conflict):
        split_refund(paid, refunded, 1, points_spent, points_earned)


@FAST
@given(paid_tenders, st.data())
def test_a_single_partial_refund_is_close_to_proportional(paid, data):
    due = sum(paid.values())
    amount = data.draw(st.integers(1, due))
    split = split_refund(paid, NOTHING, amount, 0, 0)
    assert split.money_fen == amount
    for name in TENDERS:
        assert abs(split.amounts[name] * due - paid[name] * amount) < due


@FAST
@given(paid_tenders, st.data())
def test_a_tender_that_paid_nothing_gets_nothing_back(paid, data):
    amount = data.draw(st.integers(1, sum(paid.values())))
    split = split_refund(paid, NOTHING, amount, 0, 0)
    for name in TENDERS:
        if paid[name] == 0:
            assert split.amounts[name] == 0


@FAST
@given(paid_tenders, st.integers(1, 10))
def test_refunding_the_rest_in_one_step_returns_what_each_tender_still_holds(paid, first_share):
    due = sum(paid.values())
    first = max(1, due * first_share // 11)
    refunded, _ = refund_in_steps(paid, [first])
    if first == due:
        return
    split = split_refund(paid, refunded, due - first, 0, 0)
    assert split.amounts == {name: paid[name] - refunded[name] for name in TENDERS}


@FAST
@given(part_refunded_sales())
def test_any_refund_of_a_part_refunded_sale_pays_exactly_what_was_asked(case):
    paid, refunded, amount = case
    split = split_refund(paid, refunded, amount, 0, 0)
    assert split.money_fen == amount
    for name in TENDERS:
        assert 0 <= split.amounts[name] <= paid[name] - refunded[name]
