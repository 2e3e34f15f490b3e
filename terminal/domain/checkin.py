"""Daily check-in: a few points a day, and a bonus on every completed streak."""

from datetime import date, timedelta

from terminal.domain.errors import Conflict
from terminal.domain.rules import Rules


def next_streak(last_day: date | None, last_streak: int, today: date) -> int:
    if last_day is not None and last_day >= today:
        # Later than today only if the clock went back: still one check-in per day.
        raise Conflict("member has already checked in today", code="checkin.already_today")
    if last_day is not None and last_day == today - timedelta(days=1):
        return last_streak + 1
    return 1


def checkin_points(streak: int, rules: Rules) -> int:
    bonus = rules.checkin_streak_bonus if streak % rules.checkin_streak_days == 0 else 0
    return rules.checkin_points + bonus
