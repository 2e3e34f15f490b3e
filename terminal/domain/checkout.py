"""Pricing a sale: tier discount, coupon, split tenders, change and points earned.

`price_sale` is the whole calculation; the checkout service only loads the inputs and
writes the result. Discounts apply in a fixed order: the tier discount on the lines,
then the coupon on what is left.
"""

from dataclasses import dataclass

from terminal.domain.coupons import Coupon, coupon_discount
from terminal.domain.errors import InvalidInput, LimitExceeded, PosError
from terminal.domain.money import percent_of, require_fen
from terminal.domain.points import check_points_tender, points_earned
from terminal.domain.rules import Rules, TierRule
from terminal.domain.wallet import WalletBalance, split_spend

MAX_SALE_FEN = 100_000_000  # ¥1,000,000: a guard against a mistyped amount


@dataclass(frozen=True)
class SaleLine:
    category: str
    amount_fen: int


@dataclass(frozen=True)
class TenderRequest:
    points: int = 0
    wallet_fen: int = 0
    cash_fen: int = 0  # what the customer handed over; change comes back from it
    card_fen: int = 0
    mobile_fen: int = 0


@dataclass(frozen=True)
class PricedSale:
    subtotal_fen: int
    tier_discount_fen: int
    coupon_discount_fen: int
    due_fen: int
    points_spent: int
    points_value_fen: int
    wallet_fen: int
    wallet_principal_fen: int
    wallet_bonus_fen: int
    cash_tendered_fen: int
    cash_fen: int  # cash kept: tendered minus change
    change_fen: int
    card_fen: int
    mobile_fen: int
    earn_base_fen: int  # money and stored value paid: earns points and counts as spend
    points_earned: int

    @property
    def discount_fen(self) -> int:
        return self.tier_discount_fen + self.coupon_discount_fen


@dataclass(frozen=True)
class Bill:
    """What the member owes before tenders: the subtotal less the tier and coupon discounts."""

    subtotal_fen: int
    tier_discount_fen: int
    coupon_discount_fen: int
    due_fen: int


def price_bill(
    lines: list[SaleLine],
    tier: TierRule,
    coupon: Coupon | None = None,
    coupon_context: tuple | None = None,
) -> Bill:
    if not lines:
        raise InvalidInput("a sale needs at least one line", code="sale.no_lines")
    for line in lines:
        require_fen(line.amount_fen, "a line amount")
        if line.amount_fen <= 0:
            raise InvalidInput("every line must be more than ¥0.00", code="sale.line_not_positive")
    subtotal = sum(line.amount_fen for line in lines)
    if subtotal > MAX_SALE_FEN:
        raise LimitExceeded(
            "a sale may not exceed {max_fen}", code="sale.too_large", max_fen=MAX_SALE_FEN
        )
    tier_discount = percent_of(subtotal, tier.discount_bp)
    after_tier = subtotal - tier_discount
    coupon_off = 0
    if coupon is not None:
        if coupon_context is None:
            raise InvalidInput(
                "a coupon can only be checked for a given day and member",
                code="coupon.needs_context",
            )
        today, member_id = coupon_context
        coupon_off = coupon_discount(coupon, after_tier, today, member_id)
    return Bill(subtotal, tier_discount, coupon_off, after_tier - coupon_off)


TENDERS = ("points", "wallet", "card", "mobile", "cash")  # in the order they are checked


@dataclass(frozen=True)
class TenderCheck:
    """The tenders weighed against a bill: what they are worth, or the first refused.

    `refused` names the tender at fault (one of TENDERS); with an `error` but nothing
    refused, every tender is acceptable and the bill is just not paid in full yet.
    """

    points_value_fen: int = 0
    remaining_fen: int = 0  # due after points, stored value, card and mobile: paid in cash
    refused: str | None = None
    error: PosError | None = None


def check_tenders(
    due_fen: int, tenders: TenderRequest, points_balance: int, wallet: WalletBalance, rules: Rules
) -> TenderCheck:
    """Weigh `tenders` against `due_fen`, in a fixed order, naming the first one refused."""
    amounts = {
        "points": tenders.points,
        "wallet": tenders.wallet_fen,
        "card": tenders.card_fen,
        "mobile": tenders.mobile_fen,
        "cash": tenders.cash_fen,
    }
    for kind in TENDERS:
        try:
            require_fen(amounts[kind], kind)
        except PosError as exc:
            return TenderCheck(refused=kind, error=exc)
        if amounts[kind] < 0:
            return TenderCheck(
                refused=kind,
                error=InvalidInput("tenders cannot be negative", code="tender.negative"),
            )
    try:
        points_value = check_points_tender(tenders.points, due_fen, points_balance, rules)
    except PosError as exc:
        return TenderCheck(refused="points", error=exc)
    try:
        split_spend(tenders.wallet_fen, wallet)
    except PosError as exc:
        return TenderCheck(points_value, refused="wallet", error=exc)
    non_cash = 0
    for kind in ("points", "wallet", "card", "mobile"):
        non_cash += points_value if kind == "points" else amounts[kind]
        if non_cash > due_fen:
            over = points_value + sum(amounts[k] for k in ("wallet", "card", "mobile")) - due_fen
            error = LimitExceeded(
                "tenders exceed the amount due by {over_fen}", code="tender.over_due", over_fen=over
            )
            return TenderCheck(points_value, refused=kind, error=error)
    remaining = due_fen - non_cash
    if tenders.cash_fen < remaining:
        error = InvalidInput(
            "{due_fen} is still due", code="tender.still_due", due_fen=remaining - tenders.cash_fen
        )
        return TenderCheck(points_value, remaining, error=error)
    if remaining == 0 and tenders.cash_fen > 0:
        error = InvalidInput("nothing is left to pay in cash", code="tender.no_cash_left")
        return TenderCheck(points_value, remaining, refused="cash", error=error)
    return TenderCheck(points_value, remaining)


def price_sale(
    lines: list[SaleLine],
    tier: TierRule,
    tenders: TenderRequest,
    points_balance: int,
    wallet: WalletBalance,
    rules: Rules,
    coupon: Coupon | None = None,
    coupon_context: tuple | None = None,
) -> PricedSale:
    bill = price_bill(lines, tier, coupon, coupon_context)
    return settle(bill, tier, tenders, points_balance, wallet, rules)


def settle(
    bill: Bill,
    tier: TierRule,
    tenders: TenderRequest,
    points_balance: int,
    wallet: WalletBalance,
    rules: Rules,
) -> PricedSale:
    """The sale as booked when `tenders` pay `bill`; raises the first tender's refusal."""
    taken = check_tenders(bill.due_fen, tenders, points_balance, wallet, rules)
    if taken.error is not None:
        raise taken.error
    points_value, remaining = taken.points_value_fen, taken.remaining_fen
    wallet_principal, wallet_bonus = split_spend(tenders.wallet_fen, wallet)
    change = tenders.cash_fen - remaining
    earn_base = bill.due_fen - points_value
    return PricedSale(
        subtotal_fen=bill.subtotal_fen,
        tier_discount_fen=bill.tier_discount_fen,
        coupon_discount_fen=bill.coupon_discount_fen,
        due_fen=bill.due_fen,
        points_spent=tenders.points,
        points_value_fen=points_value,
        wallet_fen=tenders.wallet_fen,
        wallet_principal_fen=wallet_principal,
        wallet_bonus_fen=wallet_bonus,
        cash_tendered_fen=tenders.cash_fen,
        cash_fen=remaining,
        change_fen=change,
        card_fen=tenders.card_fen,
        mobile_fen=tenders.mobile_fen,
        earn_base_fen=earn_base,
        points_earned=points_earned(earn_base, rules.earn_points_per_yuan, tier.multiplier_pct),
    )
