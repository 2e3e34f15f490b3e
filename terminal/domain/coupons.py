"""Coupons: money or percent off a bill, with a minimum spend and a validity window."""

from dataclasses import dataclass
from datetime import date

from terminal.domain.errors import Conflict, InvalidInput, LimitExceeded
from terminal.domain.money import percent_of

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
        raise Conflict(
            "coupon {coupon} has already been used", code="coupon.used", coupon=coupon.code
        )
    if coupon.member_id and coupon.member_id != member_id:
        raise Conflict(
            "coupon {coupon} belongs to another member",
            code="coupon.other_member",
            coupon=coupon.code,
        )
    if today < coupon.valid_from:
        raise InvalidInput(
            "coupon {coupon} is valid from {valid_from}",
            code="coupon.not_yet_valid",
            coupon=coupon.code,
            valid_from=coupon.valid_from,
        )
    if today > coupon.valid_until:
        raise InvalidInput(
            "coupon {coupon} expired on {valid_until}",
            code="coupon.expired",
            coupon=coupon.code,
            valid_until=coupon.valid_until,
        )
    if amount_fen < coupon.min_spend_fen:
        raise LimitExceeded(
            "coupon {coupon} needs a spend of {min_spend_fen}",
            code="coupon.min_spend",
            coupon=coupon.code,
            min_spend_fen=coupon.min_spend_fen,
        )
    if coupon.kind == AMOUNT:
        return min(coupon.value, amount_fen)
    if coupon.kind == PERCENT:
        return min(percent_of(amount_fen, coupon.value), amount_fen)
    raise InvalidInput(
        "coupon {coupon} has an unknown kind '{kind}'",
        code="coupon.unknown_kind",
        coupon=coupon.code,
        kind=coupon.kind,
    )
