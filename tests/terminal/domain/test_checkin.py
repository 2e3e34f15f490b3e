from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.checkin import checkin_points, next_streak
from terminal.domain.errors import Conflict
from terminal.domain.rules import Rules

FAST = settings(max_examples=150, deadline=None)

RULES = Rules()
TODAY = date(2026, 3, 10)


def test_first_ever_check_in_starts_a_streak():
    assert next_streak(None, 0, TODAY) == 1


def test_check_in_the_day_after_continues_the_streak():
    assert next_streak(TODAY - timedelta(days=1), 4, TODAY) == 5


def test_a_missed_day_restarts_the_streak():
    assert next_streak(TODAY - timedelta(days=2), 6, TODAY) == 1


def test_a_second_check_in_on_the_same_day_is_refused():
    with pytest.raises(Conflict, match="already checked in today"):
        next_streak(TODAY, 3, TODAY)


@pytest.mark.parametrize(
    ("last", "today"),
    [
        (date(2025, 12, 31), date(2026, 1, 1)),
        (date(2026, 2, 28), date(2026, 3, 1)),
        (date(2024, 2, 28), date(2024, 2, 29)),
        (date(2024, 2, 29), date(2024, 3, 1)),
    ],
)
def test_streak_continues_across_month_and_year_ends(last, today):
    assert next_streak(last, 2, today) == 3


def test_after_a_leap_day_the_first_of_march_is_not_consecutive_with_the_28th():
    assert next_streak(date(2024, 2, 28), 2, date(2024, 3, 1)) == 1


@FAST
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 400))
def test_checking_in_every_day_grows_the_streak_by_one(start, days):
    last, streak = None, 0
    for offset in range(min(days, 40)):
        today = start + timedelta(days=offset)
        streak = next_streak(last, streak, today)
        last = today
        assert streak == offset + 1


@FAST
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(2, 1000),
    st.integers(0, 1000),
)
def test_any_gap_restarts_the_streak(last, gap, streak):
    assert next_streak(last, streak, last + timedelta(days=gap)) == 1


@pytest.mark.parametrize(("streak", "points"), [(1, 5), (2, 5), (6, 5), (7, 25), (8, 5), (14, 25)])
def test_check_in_points_with_a_bonus_on_each_completed_streak(streak, points):
    assert checkin_points(streak, RULES) == points


def test_check_in_points_follow_the_rules():
    rules = Rules(checkin_points=2, checkin_streak_days=3, checkin_streak_bonus=10)
    assert [checkin_points(s, rules) for s in range(1, 7)] == [2, 2, 12, 2, 2, 12]


def test_a_one_day_streak_earns_the_bonus_every_day():
    rules = Rules(checkin_streak_days=1, checkin_streak_bonus=3)
    assert checkin_points(1, rules) == checkin_points(2, rules) == 8


def test_check_in_without_points_earns_only_the_streak_bonus():
    rules = Rules(checkin_points=0)
    assert checkin_points(1, rules) == 0
    assert checkin_points(7, rules) == 20


@FAST
@given(st.integers(1, 100), st.integers(1, 30))
def test_every_completed_streak_earns_exactly_one_bonus(weeks, streak_days):
    rules = Rules(checkin_streak_days=streak_days)
    total = sum(checkin_points(s, rules) for s in range(1, weeks * streak_days + 1))
    expected = weeks * streak_days * rules.checkin_points + weeks * rules.checkin_streak_bonus
    assert total == expected
