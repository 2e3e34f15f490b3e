"""Points: earning, expiry dates of lots, FIFO spending, and points as money off a bill."""

from dataclasses import dataclass
from datetime import date, timedelta

from terminal.domain.errors import InsufficientFunds, InvalidInput, LimitExceeded
from terminal.domain.rules import ANNUAL, Rules


def points_earned(base_fen: int, earn_points_per_yuan: int, multiplier_pct: int) -> int:
    """Points for `base_fen` paid: whole points only, rounded down."""
    if base_fen <= 0:
        return 0
    return base_fen * earn_points_per_yuan * multiplier_pct // (100 * 100)


def expiry_date(earned_on: date, rules: Rules) -> date:
    """The last day on which points earned on `earned_on` can be spent."""
    if rules.expiry_mode == ANNUAL:
        return date(earned_on.year + rules.expiry_years, 12, 31)
    return earned_on + timedelta(days=rules.expiry_days)


def points_value_fen(points: int, rules: Rules) -> int:
    """Money off a bill for `points`; the count must convert to whole fen."""
    if points < 0:
        raise InvalidInput("points cannot be negative", code="points.negative")
    value, rest = divmod(points * 100, rules.redeem_points_per_yuan)
    if rest:
        raise InvalidInput(
            "points are spent in steps of {step}", code="points.step", step=points_step(rules)
        )
    return value


def check_points_tender(points: int, due_fen: int, balance: int, rules: Rules) -> int:
    """Validate paying `points` towards a bill of `due_fen`; return their value in fen."""
    if points == 0:
        return 0
    value = points_value_fen(points, rules)
    if points < rules.redeem_min_points:
        raise LimitExceeded(
            "at least {minimum} points must be used at once",
            code="points.below_minimum",
            minimum=rules.redeem_min_points,
        )
    if points > balance:
        raise InsufficientFunds(
            "member has {balance} points, {requested} requested",
            code="points.not_enough",
            balance=balance,
            requested=points,
        )
    max_value = due_fen * rules.redeem_max_share_bp // 10000
    if value > max_value:
        raise LimitExceeded(
            "points may pay at most {percent:g}% of the bill "
            "({max_fen}); {requested_fen} requested",
            code="points.over_share",
            percent=rules.redeem_max_share_bp / 100,
            max_fen=max_value,
            requested_fen=value,
        )
    return value


def points_step(rules: Rules) -> int:
    """Points are spent in multiples of this, so that they convert to whole fen."""
    return rules.redeem_points_per_yuan // _gcd(rules.redeem_points_per_yuan, 100)


def max_points_tender(due_fen: int, balance: int, rules: Rules) -> int:
    """The most points `check_points_tender` accepts towards a bill of `due_fen` (0: none)."""
    max_value = due_fen * rules.redeem_max_share_bp // 10000
    step = points_step(rules)
    most = min(balance, max_value * rules.redeem_points_per_yuan // 100)
    most -= most % step
    return most if most >= max(rules.redeem_min_points, 1) else 0


@dataclass(frozen=True)
class Lot:
    id: str
    remaining: int
    expires_on: date
    earned_on: date


def consume_fifo(lots: list[Lot], points: int, today: date) -> list[tuple[str, int]]:
    """Take `points` from the live lots that expire first: [(lot_id, taken), ...]."""
    if points <= 0:
        return []
    live = sorted(
        (lot for lot in lots if lot.remaining > 0 and lot.expires_on >= today),
        key=lambda lot: (lot.expires_on, lot.earned_on, lot.id),
    )
    taken: list[tuple[str, int]] = []
    need = points
    for lot in live:
        take = min(lot.remaining, need)
        taken.append((lot.id, take))
        need -= take
        if need == 0:
            return taken
    raise InsufficientFunds(
        "member has {spendable} spendable points, {requested} requested",
        code="points.not_enough_spendable",
        spendable=points - need,
        requested=points,
    )


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a
