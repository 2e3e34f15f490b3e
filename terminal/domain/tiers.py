"""The tier ladder: which tier a period's spend reaches, progress, and period bounds."""

from dataclasses import dataclass
from datetime import date

from terminal.domain.rules import Rules, TierRule


def period_start(day: date, months: int) -> date:
    """First day of the tier period containing `day` (periods are aligned to January)."""
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def next_period_start(start: date, months: int) -> date:
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def previous_period_start(start: date, months: int) -> date:
    month = start.month - 1 - months
    return date(start.year + month // 12, month % 12 + 1, 1)


def qualifies(tier: TierRule, spend_fen: int, points: int) -> bool:
    if spend_fen >= tier.threshold_fen:
        return True
    return tier.threshold_points > 0 and points >= tier.threshold_points


def tier_reached(rules: Rules, spend_fen: int, points: int = 0) -> TierRule:
    """The highest tier whose spend (or points) threshold the period's activity meets."""
    reached = rules.tiers[0]
    for tier in rules.tiers:
        if qualifies(tier, spend_fen, points):
            reached = tier
    return reached


def promoted(rules: Rules, current: str, spend_fen: int, points: int) -> str | None:
    """The tier to promote to at once, or None: promotion never lowers a tier."""
    reached = tier_reached(rules, spend_fen, points)
    if rules.tier_rank(reached.code) > rules.tier_rank(current):
        return reached.code
    return None


@dataclass(frozen=True)
class TierProgress:
    tier: str
    next_tier: str | None
    spend_fen: int
    remaining_fen: int  # spend still needed for the next tier; 0 at the top
    percent: int  # 0..100 of the way from this tier's threshold to the next


def progress(rules: Rules, current: str, spend_fen: int) -> TierProgress:
    rank = rules.tier_rank(current)
    if rank + 1 >= len(rules.tiers):
        return TierProgress(current, None, spend_fen, 0, 100)
    here, there = rules.tiers[rank], rules.tiers[rank + 1]
    remaining = max(0, there.threshold_fen - spend_fen)
    span = there.threshold_fen - here.threshold_fen
    done = min(max(spend_fen - here.threshold_fen, 0), span)
    return TierProgress(current, there.code, spend_fen, remaining, done * 100 // span)
