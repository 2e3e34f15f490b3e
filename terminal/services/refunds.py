"""Refunds of a whole sale or part of it, with a manager's approval.

Each tender gets back its share (domain.refunds); stored value returns to the bucket it
came from; points paid come back with the expiry they had; points earned on the refunded
part are taken back as far as the member still holds them. Never more than was paid.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from terminal.domain.errors import InvalidInput
from terminal.domain.refunds import TENDERS, split_refund
from terminal.services.context import Context
from terminal.services.operators import OperatorView
from terminal.services.points_book import earn, take_back
from terminal.services.sales import SaleService
from terminal.services.tier_spend import add_period_stats
from terminal.store.ids import new_id
from terminal.store.ledger import BONUS, PRINCIPAL
from terminal.store.models import (
    LedgerEntry,
    LotMovement,
    Member,
    PointsLot,
    Refund,
    SaleTender,
)


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    receipt_no: str
    sale_id: str
    amount_fen: int
    amounts: dict[str, int]
    points_back: int
    points_clawback: int
    points_unrecovered: int  # earned points already spent by the member
    refunded_total_fen: int
    sale_due_fen: int
    points_balance: int
    wallet_principal_fen: int
    wallet_bonus_fen: int


class RefundService:
    def __init__(self, ctx: Context, sales: SaleService) -> None:
        self.ctx = ctx
        self.sales = sales

    def refund(
        self,
        sale_key: str,
        operator: OperatorView,
        approver: OperatorView,
        amount_fen: int | None = None,
        reason: str = "",
    ) -> RefundResult:
        if not approver.is_manager:
            raise InvalidInput("a refund needs a manager's approval", code="refund.needs_manager")
        with self.ctx.transaction() as txn:
            s = txn.session
            sale = self.sales.find_sale(s, sale_key)
            member = s.get(Member, sale.member_id)
            paid = dict.fromkeys(TENDERS, 0)
            for tender in s.scalars(select(SaleTender).where(SaleTender.sale_id == sale.id)):
                if tender.kind == "wallet":
                    paid["wallet_principal"] += tender.principal_fen
                    paid["wallet_bonus"] += tender.bonus_fen
                elif tender.kind == "points":
                    paid["points_value"] += tender.amount_fen
                else:
                    paid[tender.kind] += tender.amount_fen
            columns = {
                "points_value": Refund.points_value_fen,
                "wallet_principal": Refund.wallet_principal_fen,
                "wallet_bonus": Refund.wallet_bonus_fen,
                "cash": Refund.cash_fen,
                "card": Refund.card_fen,
                "mobile": Refund.mobile_fen,
            }
            done_row = s.execute(
                select(*[func.coalesce(func.sum(c), 0) for c in columns.values()]).where(
                    Refund.sale_id == sale.id
                )
            ).one()
            refunded = dict(zip(columns, done_row, strict=True))
            left = sale.due_fen - sale.refunded_fen
            split = split_refund(
                paid,
                refunded,
                left if amount_fen is None else amount_fen,
                sale.points_spent,
                sale.points_earned,
            )
            refund = Refund(
                id=new_id(),
                receipt_no=txn.next_receipt_no(),
                sale_id=sale.id,
                amount_fen=split.money_fen,
                points_value_fen=split.amounts["points_value"],
                wallet_principal_fen=split.amounts["wallet_principal"],
                wallet_bonus_fen=split.amounts["wallet_bonus"],
                cash_fen=split.amounts["cash"],
                card_fen=split.amounts["card"],
                mobile_fen=split.amounts["mobile"],
                points_back=split.points_back,
                points_clawback=split.points_clawback,
                reason=reason.strip()[:200],
                operator_id=operator.id,
                approver_id=approver.id,
                created_at=txn.at,
            )
            s.add(refund)
            s.flush()
            refs = {"refund_id": refund.id, "sale_id": sale.id}
            if split.amounts["wallet_principal"]:
                txn.post(
                    member,
                    PRINCIPAL,
                    split.amounts["wallet_principal"],
                    "refund",
                    operator.id,
                    **refs,
                )
            if split.amounts["wallet_bonus"]:
                txn.post(
                    member, BONUS, split.amounts["wallet_bonus"], "refund", operator.id, **refs
                )
            if split.points_back:
                # Points come back with the date they had, but never with less than the
                # reminder window left to use them.
                grace = txn.today + timedelta(days=txn.rules()[1].expiry_reminder_days)
                expires_on = max(self._spent_expiry(s, sale.id) or grace, grace)
                earn(
                    txn,
                    member,
                    split.points_back,
                    "refund",
                    operator.id,
                    expires_on=expires_on,
                    **refs,
                )
            taken = (
                take_back(txn, member, split.points_clawback, "clawback", operator.id, **refs)
                if split.points_clawback
                else 0
            )
            add_period_stats(txn, member.id, sale.business_day, -split.earn_base_fen, -taken)
            sale.refunded_fen += split.money_fen
            member.updated_at = txn.at
            details = {
                "receipt_no": refund.receipt_no,
                "sale_receipt_no": sale.receipt_no,
                "amount_fen": split.money_fen,
                **{f"{k}_fen": v for k, v in split.amounts.items()},
                "points_back": split.points_back,
                "points_clawback": taken,
                "points_unrecovered": split.points_clawback - taken,
                "reason": refund.reason,
            }
            txn.audit("sale.refund", "sale", sale.id, details, operator.id, approver.id)
            txn.event(
                "sale.refunded",
                refund.id,
                {
                    "refund_id": refund.id,
                    "sale_id": sale.id,
                    "member_id": member.id,
                    "approver_id": approver.id,
                    **details,
                },
            )
            return RefundResult(
                refund_id=refund.id,
                receipt_no=refund.receipt_no,
                sale_id=sale.id,
                amount_fen=split.money_fen,
                amounts=split.amounts,
                points_back=split.points_back,
                points_clawback=taken,
                points_unrecovered=split.points_clawback - taken,
                refunded_total_fen=sale.refunded_fen,
                sale_due_fen=sale.due_fen,
                points_balance=member.points_balance,
                wallet_principal_fen=member.wallet_principal_fen,
                wallet_bonus_fen=member.wallet_bonus_fen,
            )

    @staticmethod
    def _spent_expiry(s, sale_id: str):
        """The latest expiry among the lots the sale's points were drawn from."""
        return s.scalar(
            select(func.max(PointsLot.expires_on))
            .join(LotMovement, LotMovement.lot_id == PointsLot.id)
            .join(LedgerEntry, LedgerEntry.id == LotMovement.entry_id)
            .where(
                LedgerEntry.sale_id == sale_id,
                LedgerEntry.kind == "spend",
                LedgerEntry.bucket == "points",
            )
        )
