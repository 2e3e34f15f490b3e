"""Splitting a (partial) refund back over the tenders of the original sale.

A refund of `r` fen out of a bill of `due` fen goes back to each tender in proportion.
The split is made against what is still unrefunded on each tender, so refunds in several
steps never give back more than a tender took, never a negative amount, and once the
whole bill is refunded every tender is back exactly.
"""

from dataclasses import dataclass

from terminal.domain.errors import Conflict, InvalidInput
from terminal.domain.money import prorate, require_fen

TENDERS = ("points_value", "wallet_principal", "wallet_bonus", "cash", "card", "mobile")


@dataclass(frozen=True)
class RefundSplit:
    amounts: dict[str, int]  # fen back per tender (points_value is the value of points)
    points_back: int  # points returned for the points tender
    points_clawback: int  # points earned on the sale taken back

    @property
    def money_fen(self) -> int:
        return sum(self.amounts.values())

    @property
    def earn_base_fen(self) -> int:
        return self.money_fen - self.amounts["points_value"]


def split_refund(
    paid: dict[str, int],
    refunded: dict[str, int],
    refund_fen: int,
    points_spent: int,
    points_earned: int,
) -> RefundSplit:
    """`paid` and `refunded` map each name in TENDERS to fen (sale, earlier refunds)."""
    due = sum(paid[name] for name in TENDERS)
    done = sum(refunded[name] for name in TENDERS)
    left = due - done
    if left <= 0:
        raise Conflict("this sale has already been refunded in full", code="refund.already_full")
    require_fen(refund_fen, "a refund")
    if refund_fen <= 0:
        raise InvalidInput("a refund must be more than ¥0.00", code="refund.not_positive")
    if refund_fen > left:
        raise InvalidInput(
            "at most {left_fen} of this sale can still be refunded",
            code="refund.over_left",
            left_fen=left,
        )
    target = done + refund_fen
    room = {name: paid[name] - refunded[name] for name in TENDERS}
    # Each tender's fair share of the refunded total so far, in units of 1/due fen, less
    # what it already got back. Start from the whole-fen part (kept within what the tender
    # still holds), then move single fen by the largest remainders until the step adds up.
    want = {name: paid[name] * target - refunded[name] * due for name in TENDERS}
    amounts = {name: min(max(want[name] // due, 0), room[name]) for name in TENDERS}
    short = refund_fen - sum(amounts.values())
    while short:

        def gap(name: str) -> int:
            return want[name] - amounts[name] * due

        if short > 0:
            name = max((n for n in TENDERS if amounts[n] < room[n]), key=gap)
            amounts[name] += 1
            short -= 1
        else:
            name = min((n for n in TENDERS if amounts[n] > 0), key=gap)
            amounts[name] -= 1
            short += 1
    value_before = refunded["points_value"]
    value_after = value_before + amounts["points_value"]
    points_back = prorate(points_spent, value_after, paid["points_value"]) - prorate(
        points_spent, value_before, paid["points_value"]
    )
    clawback = prorate(points_earned, target, due) - prorate(points_earned, done, due)
    return RefundSplit(amounts, points_back, clawback)
