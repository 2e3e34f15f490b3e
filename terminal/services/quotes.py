"""What a sale would come to before the cashier confirms it: the bill after discounts, the
points the member may use on it, and what is still due or comes back as change.

Computed by the same domain code as the checkout itself (`price_bill`, `settle`), on
the member's balances as they are now; nothing is written.
"""

from dataclasses import dataclass

from terminal.domain.checkout import (
    Bill,
    PricedSale,
    SaleLine,
    TenderRequest,
    check_tenders,
    price_bill,
    settle,
)
from terminal.domain.errors import PosError
from terminal.domain.points import max_points_tender, points_step, points_value_fen
from terminal.domain.wallet import WalletBalance
from terminal.services.context import Context
from terminal.services.coupons import CouponService, CouponView
from terminal.services.members import MemberService
from terminal.services.points_book import spendable_points
from terminal.services.sales import coupon_value, load_coupon


@dataclass(frozen=True)
class SaleQuote:
    bill: Bill
    tier: str
    tier_discount_bp: int
    points_balance: int  # spendable now
    points_max: int  # the most points this bill accepts (0: none)
    points_min: int  # the fewest points used at once
    points_step: int
    wallet_fen: int
    remaining_fen: int  # still to pay after the tenders given (negative: change in cash)
    priced: PricedSale | None  # the sale as it would be booked, when the tenders are complete
    error: PosError | None  # why the tenders cannot be booked as they are (None: they can)
    refused: str | None  # the tender at fault (domain.checkout.TENDERS); None: just not paid


class QuoteService:
    def __init__(self, ctx: Context, members: MemberService, coupons: CouponService) -> None:
        self.ctx = ctx
        self.members = members
        self.coupons = coupons

    def usable_coupons(self, member: str) -> list[CouponView]:
        """The member's unused coupons that are valid today, the soonest to expire first."""
        today = self.ctx.business_day(self.ctx.now_utc())
        return sorted(
            (c for c in self.coupons.for_member(member) if c.valid_from <= today <= c.valid_until),
            key=lambda c: (c.valid_until, c.code),
        )

    def sale(
        self,
        member: str,
        lines: list[SaleLine],
        tenders: TenderRequest | None = None,
        coupon: str | None = None,
    ) -> SaleQuote:
        """Price a sale for `member` (card or phone). Raises PosError only when the bill
        itself cannot be priced (no lines, unknown or unusable coupon); problems with the
        tenders are reported in `error` and `refused`."""
        tenders = tenders or TenderRequest()
        with self.ctx.reading() as s:
            row = self.members.resolve(s, member)
            _, rules = self.ctx.current_rules(s)
            today = self.ctx.business_day(self.ctx.now_utc())
            tier = rules.tier_or_entry(row.tier)
            coupon_row = coupon_value(load_coupon(s, coupon)) if coupon else None
            bill = price_bill(lines, tier, coupon_row, (today, row.id))
            balance = spendable_points(s, row.id, today)
            wallet = WalletBalance(row.wallet_principal_fen, row.wallet_bonus_fen)
        try:
            points_value = points_value_fen(tenders.points, rules)
        except PosError:
            points_value = 0
        paid = points_value + tenders.wallet_fen + tenders.card_fen + tenders.mobile_fen
        remaining = bill.due_fen - paid - tenders.cash_fen
        check = check_tenders(bill.due_fen, tenders, balance, wallet, rules)
        priced = None
        if check.error is None:
            priced = settle(bill, tier, tenders, balance, wallet, rules)
        return SaleQuote(
            bill=bill,
            tier=tier.code,
            tier_discount_bp=tier.discount_bp,
            points_balance=balance,
            points_max=max_points_tender(bill.due_fen, balance, rules),
            points_min=rules.redeem_min_points,
            points_step=points_step(rules),
            wallet_fen=wallet.total_fen,
            remaining_fen=remaining,
            priced=priced,
            error=check.error,
            refused=check.refused,
        )
