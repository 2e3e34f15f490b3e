"""A sale as the refund screen shows it, found by its receipt number or id."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from terminal.domain.identity import mask_name
from terminal.services.context import Context
from terminal.services.sales import ACTIVE_CARD, SaleService
from terminal.store.models import Member, SaleTender


@dataclass(frozen=True)
class SaleSummary:
    sale_id: str
    receipt_no: str
    created_at: datetime  # UTC
    member_id: str
    card_no: str
    name_masked: str
    due_fen: int
    refunded_fen: int
    points_spent: int
    points_earned: int
    tenders: tuple[tuple[str, int], ...]  # (kind, fen) as paid

    @property
    def refundable_fen(self) -> int:
        return self.due_fen - self.refunded_fen


class SaleLookup:
    def __init__(self, ctx: Context, sales: SaleService) -> None:
        self.ctx = ctx
        self.sales = sales

    def summary(self, key: str) -> SaleSummary:
        """By receipt number or sale id; NotFound with a clear message otherwise."""
        with self.ctx.reading() as s:
            sale = self.sales.find_sale(s, str(key))
            member = s.get(Member, sale.member_id)
            tenders = tuple(
                (t.kind, t.amount_fen)
                for t in s.scalars(
                    select(SaleTender).where(SaleTender.sale_id == sale.id).order_by(SaleTender.id)
                )
            )
            return SaleSummary(
                sale_id=sale.id,
                receipt_no=sale.receipt_no,
                created_at=sale.created_at,
                member_id=sale.member_id,
                card_no=s.scalar(ACTIVE_CARD, {"id": sale.member_id}) or "",
                name_masked=mask_name(self.ctx.db.cipher.decrypt(member.name_enc, "name")),
                due_fen=sale.due_fen,
                refunded_fen=sale.refunded_fen,
                points_spent=sale.points_spent,
                points_earned=sale.points_earned,
                tenders=tenders,
            )
