"""Checkout: price the sale, take the tenders, book points and stored value, credit the
points earned, promote the tier, reward a referrer, all in one transaction."""

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from terminal.domain import coupons as coupon_rules
from terminal.domain.checkout import PricedSale, SaleLine, TenderRequest, price_sale
from terminal.domain.errors import InvalidInput, NotFound
from terminal.domain.tiers import promoted
from terminal.domain.wallet import WalletBalance, is_low
from terminal.services.context import Context, Txn
from terminal.services.members import MemberService
from terminal.services.operators import OperatorView
from terminal.services.points_book import earn, spend, spendable_points
from terminal.services.spend import SpendGrant, SpendRequest, grant_fields, spend_held
from terminal.services.tier_spend import add_period_stats
from terminal.store.ids import new_id
from terminal.store.ledger import BONUS, PRINCIPAL
from terminal.store.models import Coupon, Member, Sale, SaleTender
from terminal.store.models import SaleLine as SaleLineRow

# The member's card in use (the newest active one); receipts and sale lookups ask too.
ACTIVE_CARD = text(
    "SELECT card_no FROM cards WHERE member_id = :id AND status = 'active' "
    "ORDER BY issued_at DESC LIMIT 1"
)


@dataclass(frozen=True)
class SaleRequest:
    member: str  # card or phone
    lines: tuple[SaleLine, ...]
    tenders: TenderRequest
    coupon: str | None = None
    card_reference: str | None = None
    mobile_reference: str | None = None


@dataclass(frozen=True)
class SaleResult:
    sale_id: str
    receipt_no: str
    member_id: str
    card_no: str
    priced: PricedSale
    points_balance: int
    wallet_principal_fen: int
    wallet_bonus_fen: int
    tier: str
    promoted_to: str | None
    low_balance: bool
    referral_rewarded: str | None  # the referrer's member id, on a first purchase
    rule_version: int


def load_coupon(s: Session, code: str) -> Coupon:
    row = s.get(Coupon, code.strip().upper())
    if row is None:
        raise NotFound("no coupon {coupon}", code="coupon.unknown", coupon=code)
    return row


def coupon_value(row: Coupon) -> coupon_rules.Coupon:
    return coupon_rules.Coupon(
        row.code,
        row.kind,
        row.value,
        row.min_spend_fen,
        row.valid_from,
        row.valid_until,
        row.member_id,
        row.used_at is not None,
    )


class SaleService:
    def __init__(self, ctx: Context, members: MemberService) -> None:
        self.ctx = ctx
        self.members = members

    def checkout(self, req: SaleRequest, operator: OperatorView) -> SaleResult:
        for ref in (req.card_reference, req.mobile_reference):
            if ref is not None and len(ref) > 64:
                raise InvalidInput(
                    "a payment reference is at most 64 characters",
                    code="payment.reference_too_long",
                )
        request = None
        if req.tenders.points or req.tenders.wallet_fen:
            # Asked before the transaction: the database is never held while the network
            # answers. A failed sale gives the hold back.
            with self.ctx.reading() as s:
                member_id = self.members.resolve_id(s, req.member)
            request = SpendRequest(member_id, req.tenders.points, req.tenders.wallet_fen)
        with spend_held(self.ctx.spend_authoriser, request) as grant:
            return self._checkout(req, operator, grant)

    def _checkout(
        self, req: SaleRequest, operator: OperatorView, grant: SpendGrant | None
    ) -> SaleResult:
        # One flush at commit instead of one before every query: a sale adds a dozen rows.
        with self.ctx.transaction() as txn, txn.session.no_autoflush:
            s = txn.session
            member = self.members.resolve(s, req.member)
            version, rules = txn.rules()
            tier = rules.tier_or_entry(member.tier)
            coupon_row = load_coupon(s, req.coupon) if req.coupon else None
            # Only a sale paid partly with points needs to know how many can be spent.
            spendable = spendable_points(s, member.id, txn.today) if req.tenders.points else 0
            wallet = WalletBalance(member.wallet_principal_fen, member.wallet_bonus_fen)
            priced = price_sale(
                list(req.lines),
                tier,
                req.tenders,
                spendable,
                wallet,
                rules,
                coupon=coupon_value(coupon_row) if coupon_row else None,
                coupon_context=(txn.today, member.id),
            )
            sale = Sale(
                id=new_id(),
                receipt_no=txn.next_receipt_no(),
                member_id=member.id,
                operator_id=operator.id,
                rule_version=version,
                tier=tier.code,
                subtotal_fen=priced.subtotal_fen,
                tier_discount_fen=priced.tier_discount_fen,
                coupon_discount_fen=priced.coupon_discount_fen,
                coupon_code=coupon_row.code if coupon_row else None,
                due_fen=priced.due_fen,
                change_fen=priced.change_fen,
                earn_base_fen=priced.earn_base_fen,
                points_earned=priced.points_earned,
                points_spent=priced.points_spent,
                refunded_fen=0,
                business_day=txn.today,
                created_at=txn.at,
            )
            s.add(sale)
            s.flush()  # the sale row first: lines, tenders and entries refer to it
            for no, line in enumerate(req.lines, 1):
                s.add(
                    SaleLineRow(
                        sale_id=sale.id,
                        line_no=no,
                        category=line.category,
                        amount_fen=line.amount_fen,
                    )
                )
            self._tenders(s, sale.id, priced, req)
            self._book(txn, member, sale, priced, operator)
            if coupon_row is not None:
                coupon_row.used_at, coupon_row.sale_id = txn.at, sale.id
            stats = add_period_stats(
                txn, member.id, txn.today, priced.earn_base_fen, priced.points_earned
            )
            new_tier = promoted(rules, tier.code, stats.spend_fen, stats.points_earned)
            if new_tier:
                member.tier = new_tier
            referrer_id = self._reward_referrer(txn, member, sale, operator)
            member.updated_at = txn.at
            low = (
                member.has_wallet
                and priced.wallet_fen > 0
                and is_low(
                    WalletBalance(member.wallet_principal_fen, member.wallet_bonus_fen), rules
                )
            )
            card_no = s.scalar(ACTIVE_CARD, {"id": member.id})
            txn.audit(
                "sale.complete",
                "sale",
                sale.id,
                {
                    "receipt_no": sale.receipt_no,
                    "due_fen": priced.due_fen,
                    "points_spent": priced.points_spent,
                    "wallet_fen": priced.wallet_fen,
                    "points_earned": priced.points_earned,
                    "promoted_to": new_tier,
                },
                operator.id,
            )
            txn.event(
                "sale.completed",
                sale.id,
                {
                    "sale_id": sale.id,
                    "receipt_no": sale.receipt_no,
                    "member_id": member.id,
                    "rule_version": version,
                    "tier": tier.code,
                    "lines": [
                        {"category": line.category, "amount_fen": line.amount_fen}
                        for line in req.lines
                    ],
                    "subtotal_fen": priced.subtotal_fen,
                    "tier_discount_fen": priced.tier_discount_fen,
                    "coupon": sale.coupon_code,
                    "coupon_discount_fen": priced.coupon_discount_fen,
                    "due_fen": priced.due_fen,
                    "points_spent": priced.points_spent,
                    "points_value_fen": priced.points_value_fen,
                    "wallet_principal_fen": priced.wallet_principal_fen,
                    "wallet_bonus_fen": priced.wallet_bonus_fen,
                    "cash_fen": priced.cash_fen,
                    "card_fen": priced.card_fen,
                    "mobile_fen": priced.mobile_fen,
                    "points_earned": priced.points_earned,
                    "promoted_to": new_tier,
                    "referrer_rewarded": referrer_id,
                    "low_balance": low,
                    "operator_id": operator.id,
                    **grant_fields(grant),
                },
            )
            return SaleResult(
                sale_id=sale.id,
                receipt_no=sale.receipt_no,
                member_id=member.id,
                card_no=card_no,
                priced=priced,
                points_balance=member.points_balance,
                wallet_principal_fen=member.wallet_principal_fen,
                wallet_bonus_fen=member.wallet_bonus_fen,
                tier=member.tier,
                promoted_to=new_tier,
                low_balance=low,
                referral_rewarded=referrer_id,
                rule_version=version,
            )

    @staticmethod
    def _tenders(s: Session, sale_id: str, priced: PricedSale, req: SaleRequest) -> None:
        tenders = (
            ("points", priced.points_value_fen, {"points": priced.points_spent}),
            (
                "wallet",
                priced.wallet_fen,
                {
                    "principal_fen": priced.wallet_principal_fen,
                    "bonus_fen": priced.wallet_bonus_fen,
                },
            ),
            ("cash", priced.cash_fen, {"tendered_fen": priced.cash_tendered_fen}),
            ("card", priced.card_fen, {"reference": req.card_reference}),
            ("mobile", priced.mobile_fen, {"reference": req.mobile_reference}),
        )
        for kind, amount, details in tenders:
            if amount:
                s.add(SaleTender(sale_id=sale_id, kind=kind, amount_fen=amount, **details))

    @staticmethod
    def _book(
        txn: Txn, member: Member, sale: Sale, priced: PricedSale, operator: OperatorView
    ) -> None:
        if priced.points_spent:
            spend(txn, member, priced.points_spent, "spend", operator.id, sale_id=sale.id)
        if priced.wallet_principal_fen:
            txn.post(
                member,
                PRINCIPAL,
                -priced.wallet_principal_fen,
                "spend",
                operator.id,
                sale_id=sale.id,
            )
        if priced.wallet_bonus_fen:
            txn.post(member, BONUS, -priced.wallet_bonus_fen, "spend", operator.id, sale_id=sale.id)
        if priced.points_earned:
            earn(txn, member, priced.points_earned, "earn", operator.id, sale_id=sale.id)

    @staticmethod
    def _reward_referrer(
        txn: Txn, member: Member, sale: Sale, operator: OperatorView
    ) -> str | None:
        first = member.first_purchase_at is None
        if first:
            member.first_purchase_at = txn.at
        if not (first and member.referrer_id and not member.referral_rewarded):
            return None
        points = txn.rules()[1].referral_points
        member.referral_rewarded = True
        if points <= 0:
            return None
        referrer = txn.session.get(Member, member.referrer_id)
        if referrer is None or referrer.status != "active":
            return None
        earn(txn, referrer, points, "referral", operator.id, sale_id=sale.id)
        return referrer.id

    def find_sale(self, s: Session, key: str) -> Sale:
        key = key.strip()
        sale = s.get(Sale, key) or s.scalar(select(Sale).where(Sale.receipt_no == key))
        if sale is None:
            raise NotFound(
                "no sale with id or receipt number '{key}'", code="sale.not_found", key=key
            )
        return sale
