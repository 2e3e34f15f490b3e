"""Coupons: money or percent off a bill, with a minimum spend and a validity window."""

from dataclasses import dataclass
from datetime import date

from terminal.domain.errors import Conflict, InvalidInput, LimitExceeded
from terminal.domain.money import format_fen, percent_of

AMOUNT = "amount"
PERCENT = "percent"


@dataclass(frozen=True)
class Coupon:
    code: str
    kind: str  # AMOUNT: value is fen off; PERCENT: value is basis points off
    value: int
    min_spend_fen: int
    valid_from: date
    valid_until: date
    member_id: str | None = None
    used: bool = False


def coupon_discount(coupon: Coupon, amount_fen: int, today: date, member_id: str) -> int:
    """Money off `amount_fen` for this coupon, or raise why it cannot be used."""
    if coupon.used:
        raise Conflict(f"coupon {coupon.code} has already been used")
    if coupon.member_id and coupon.member_id != member_id:
        raise Conflict(f"coupon {coupon.code} belongs to another member")
    if today < coupon.valid_from:
        raise InvalidInput(f"coupon {coupon.code} is valid from {coupon.valid_from}")
    if today > coupon.valid_until:
        raise InvalidInput(f"coupon {coupon.code} expired on {coupon.valid_until}")
    if amount_fen < coupon.min_spend_fen:
        raise LimitExceeded(
            f"coupon {coupon.code} needs a spend of {format_fen(coupon.min_spend_fen)}"
        )
    if coupon.kind == AMOUNT:
        return min(coupon.value, amount_fen)
    if coupon.kind == PERCENT:
        return min(percent_of(amount_fen, coupon.value), amount_fen)
    raise InvalidInput(f"coupon {coupon.code} has an unknown kind '{coupon.kind}'")
