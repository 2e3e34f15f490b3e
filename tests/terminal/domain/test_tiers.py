from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.errors import InvalidInput
from terminal.domain.rules import Rules, TierRule
from terminal.domain.tiers import (
    TierProgress,
    next_period_start,
    period_start,
    previous_period_start,
    progress,
    promoted,
    qualifies,
    tier_reached,
)

FAST = settings(max_examples=150, deadline=None)

RULES = Rules()
PERIODS = [1, 2, 3, 4, 6, 12]
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))

POINTS_RULES = Rules(
    tiers=(
        TierRule("normal", "Normal", 0),
        TierRule("silver", "Silver", 500_000, threshold_points=3_000),
        TierRule("gold", "Gold", 1_000_000, threshold_points=8_000),
    )
)


@pytest.mark.parametrize(
    ("day", "months", "start"),
    [
        (date(2026, 3, 10), 12, date(2026, 1, 1)),
        (date(2026, 12, 31), 12, date(2026, 1, 1)),
        (date(2026, 3, 10), 6, date(2026, 1, 1)),
        (date(2026, 7, 1), 6, date(2026, 7, 1)),
        (date(2026, 6, 30), 6, date(2026, 1, 1)),
        (date(2026, 3, 31), 3, date(2026, 1, 1)),
        (date(2026, 4, 1), 3, date(2026, 4, 1)),
        (date(2026, 12, 31), 3, date(2026, 10, 1)),
        (date(2026, 8, 15), 4, date(2026, 5, 1)),
        (date(2026, 2, 28), 2, date(2026, 1, 1)),
        (date(2026, 3, 1), 2, date(2026, 3, 1)),
        (date(2024, 2, 29), 1, date(2024, 2, 1)),
    ],
)
def test_period_start(day, months, start):
    assert period_start(day, months) == start


@pytest.mark.parametrize(
    ("start", "months", "following"),
    [
        (date(2026, 1, 1), 12, date(2027, 1, 1)),
        (date(2026, 7, 1), 6, date(2027, 1, 1)),
        (date(2026, 10, 1), 3, date(2027, 1, 1)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
        (date(2026, 1, 1), 1, date(2026, 2, 1)),
        (date(2026, 9, 1), 4, date(2027, 1, 1)),
    ],
)
def test_next_period_start(start, months, following):
    assert next_period_start(start, months) == following


@pytest.mark.parametrize(
    ("start", "months", "before"),
    [
        (date(2026, 1, 1), 12, date(2025, 1, 1)),
        (date(2026, 1, 1), 6, date(2025, 7, 1)),
        (date(2026, 1, 1), 1, date(2025, 12, 1)),
        (date(2026, 4, 1), 3, date(2026, 1, 1)),
        (date(2026, 3, 1), 2, date(2026, 1, 1)),
        (date(2026, 1, 1), 4, date(2025, 9, 1)),
    ],
)
def test_previous_period_start(start, months, before):
    assert previous_period_start(start, months) == before


@FAST
@given(days, st.sampled_from(PERIODS))
def test_a_day_lies_inside_its_period(day, months):
    start = period_start(day, months)
    assert start.day == 1
    assert (start.month - 1) % months == 0
    assert start <= day < next_period_start(start, months)


@FAST
@given(days, st.sampled_from(PERIODS))
def test_next_and_previous_period_are_inverse(day, months):
    start = period_start(day, months)
    assert previous_period_start(next_period_start(start, months), months) == start
    assert next_period_start(previous_period_start(start, months), months) == start


@FAST
@given(days, st.sampled_from(PERIODS))
def test_the_day_before_a_period_belongs_to_the_previous_period(day, months):
    start = period_start(day, months)
    last_day_before = date.fromordinal(start.toordinal() - 1)
    assert period_start(last_day_before, months) == previous_period_start(start, months)


@FAST
@given(st.integers(2000, 2100), st.sampled_from(PERIODS))
def test_periods_tile_the_year(year, months):
    starts = [date(year, 1, 1)]
    while True:
        following = next_period_start(starts[-1], months)
        if following.year != year:
            break
        starts.append(following)
    assert len(starts) == 12 // months
    assert next_period_start(starts[-1], months) == date(year + 1, 1, 1)


def test_qualifies_on_spend_at_the_threshold():
    silver = RULES.tier("silver")
    assert qualifies(silver, 500_000, 0)
    assert not qualifies(silver, 499_999, 0)


def test_qualifies_on_points_when_the_tier_has_a_points_threshold():
    silver = POINTS_RULES.tier("silver")
    assert qualifies(silver, 0, 3_000)
    assert not qualifies(silver, 0, 2_999)


def test_points_do_not_count_when_the_points_threshold_is_unused():
    assert not qualifies(RULES.tier("silver"), 0, 10**9)


@pytest.mark.parametrize(
    ("spend", "tier"),
    [
        (0, "normal"),
        (499_999, "normal"),
        (500_000, "silver"),
        (999_999, "silver"),
        (1_000_000, "gold"),
        (2_999_999, "gold"),
        (3_000_000, "diamond"),
        (10**10, "diamond"),
    ],
)
def test_tier_reached_by_spend(spend, tier):
    assert tier_reached(RULES, spend).code == tier


@pytest.mark.parametrize(
    ("spend", "points", "tier"),
    [
        (0, 2_999, "normal"),
        (0, 3_000, "silver"),
        (0, 8_000, "gold"),
        (600_000, 0, "silver"),
        (600_000, 8_000, "gold"),
        (1_000_000, 0, "gold"),
    ],
)
def test_tier_reached_by_spend_or_points(spend, points, tier):
    assert tier_reached(POINTS_RULES, spend, points).code == tier


@FAST
@given(st.integers(0, 10**8), st.integers(0, 10**8), st.integers(0, 20_000))
def test_more_spend_never_reaches_a_lower_tier(a, b, points):
    low, high = sorted((a, b))
    assert POINTS_RULES.tier_rank(tier_reached(POINTS_RULES, low, points).code) <= (
        POINTS_RULES.tier_rank(tier_reached(POINTS_RULES, high, points).code)
    )


@FAST
@given(st.integers(0, 10**8))
def test_the_tier_reached_is_the_highest_whose_threshold_is_met(spend):
    reached = tier_reached(RULES, spend)
    assert reached.threshold_fen <= spend
    above = RULES.tiers[RULES.tier_rank(reached.code) + 1 :]
    assert all(t.threshold_fen > spend for t in above)


def test_promoted_to_a_higher_tier():
    assert promoted(RULES, "normal", 1_000_000, 0) == "gold"
    assert promoted(RULES, "silver", 3_000_000, 0) == "diamond"


def test_promoted_by_points():
    assert promoted(POINTS_RULES, "normal", 0, 3_000) == "silver"


def test_not_promoted_when_staying_in_the_same_tier():
    assert promoted(RULES, "silver", 600_000, 0) is None


def test_promotion_never_lowers_a_tier():
    assert promoted(RULES, "gold", 0, 0) is None
    assert promoted(RULES, "diamond", 500_000, 0) is None


def test_promoted_from_an_unknown_tier_is_invalid_input():
    with pytest.raises(InvalidInput):
        promoted(RULES, "platinum", 0, 0)


@FAST
@given(st.sampled_from([t.code for t in RULES.tiers]), st.integers(0, 10**8))
def test_promotion_result_is_always_higher_than_the_current_tier(current, spend):
    result = promoted(RULES, current, spend, 0)
    if result is not None:
        assert RULES.tier_rank(result) > RULES.tier_rank(current)
        assert result == tier_reached(RULES, spend).code


def test_progress_half_way_to_silver():
    assert progress(RULES, "normal", 250_000) == TierProgress(
        "normal", "silver", 250_000, 250_000, 50
    )


def test_progress_from_silver_to_gold():
    result = progress(RULES, "silver", 750_000)
    assert result.next_tier == "gold"
    assert result.remaining_fen == 250_000
    assert result.percent == 50


def test_progress_rounds_the_percentage_down():
    assert progress(RULES, "normal", 4_999).percent == 0
    assert progress(RULES, "normal", 5_000).percent == 1
    assert progress(RULES, "normal", 499_999).percent == 99


def test_progress_at_the_top_tier():
    assert progress(RULES, "diamond", 123) == TierProgress("diamond", None, 123, 0, 100)


def test_progress_when_the_next_threshold_is_already_met():
    result = progress(RULES, "normal", 700_000)
    assert result.remaining_fen == 0
    assert result.percent == 100


def test_progress_of_a_kept_tier_with_no_spend_yet():
    result = progress(RULES, "gold", 0)
    assert result.next_tier == "diamond"
    assert result.remaining_fen == 3_000_000
    assert result.percent == 0


def test_progress_of_an_unknown_tier_is_invalid_input():
    with pytest.raises(InvalidInput):
        progress(RULES, "platinum", 0)


@FAST
@given(st.sampled_from([t.code for t in RULES.tiers]), st.integers(0, 10**8))
def test_progress_is_always_in_range(current, spend):
    result = progress(RULES, current, spend)
    assert 0 <= result.percent <= 100
    assert result.remaining_fen >= 0
    if result.next_tier is not None:
        assert result.remaining_fen == max(0, RULES.tier(result.next_tier).threshold_fen - spend)
