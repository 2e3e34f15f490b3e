"""A member's qualifying spend and points earned per tier period (what tiers are judged on)."""

from datetime import date

from terminal.domain.tiers import period_start
from terminal.services.context import Txn
from terminal.store.models import PeriodStats


def add_period_stats(
    txn: Txn, member_id: str, day: date, spend_fen: int, points: int
) -> PeriodStats:
    """Add to a member's spend and points earned in the tier period of `day`."""
    start = period_start(day, txn.rules()[1].tier_period_months)
    stats = txn.session.get(PeriodStats, (member_id, start))
    if stats is None:
        stats = PeriodStats(member_id=member_id, period_start=start, spend_fen=0, points_earned=0)
        txn.session.add(stats)
    stats.spend_fen += spend_fen
    stats.points_earned += points
    return stats
