"""Receipts from the books: the receipt model of a sale, top-up, refund or sign-up, found
by id or receipt number, and the member's statement over a period. Reading only: a reprint
(marked, approved and audited) is `terminal.services.reprints`."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, bindparam, func, select, text
from sqlalchemy.orm import Session

from terminal.domain import identity
from terminal.domain import receipt as r
from terminal.domain.errors import InvalidInput, NotFound
from terminal.domain.tiers import period_start, progress
from terminal.services.context import Context
from terminal.services.members import MemberService
from terminal.services.sales import ACTIVE_CARD
from terminal.store.models import (
    LedgerEntry,
    Member,
    Operator,
    Refund,
    Sale,
    SaleLine,
    SaleTender,
    TopUp,
)

MAX_STATEMENT_DAYS = 366 * 3

# The balances just after a transaction: every entry of the member up to the last one that
# transaction wrote (rowid is the order entries were written in).
_BALANCES_UPTO = text("""
SELECT bucket, coalesce(sum(amount), 0) AS total FROM ledger_entries
WHERE member_id = :member AND rowid <= :upto GROUP BY bucket
""")
_LAST_ROWID = {
    "sale": text(
        "SELECT max(rowid) FROM ledger_entries WHERE member_id = :member AND sale_id = :id"
        " AND refund_id IS NULL"
    ),
    "topup": text("SELECT max(rowid) FROM ledger_entries WHERE topup_id = :id"),
    "refund": text("SELECT max(rowid) FROM ledger_entries WHERE refund_id = :id"),
}
_ROWID_AT = text(
    "SELECT coalesce(max(rowid), 0) FROM ledger_entries "
    "WHERE member_id = :member AND created_at <= :at"
).bindparams(bindparam("at", type_=DateTime))
_SPEND = text(
    "SELECT spend_fen FROM member_period_stats WHERE member_id = :member AND period_start = :p"
)
_RECEIPT_OF_SALE = text("SELECT receipt_no FROM sales WHERE id = :id")
_RECEIPT_OF_TOPUP = text("SELECT receipt_no FROM topups WHERE id = :id")
_RECEIPT_OF_REFUND = text("SELECT receipt_no FROM refunds WHERE id = :id")


class ReceiptService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # --- receipts -------------------------------------------------------------------------

    def build(self, key: str) -> r.Receipt:
        """The receipt of the sale, top-up or refund with this id or receipt number."""
        with self.ctx.reading() as s:
            return self._build(s, key)

    def build_in(self, s: Session, key: str) -> r.Receipt:
        """`build` inside a transaction the caller holds (a reprint audits in it)."""
        return self._build(s, key)

    def sign_up(self, member_query: str) -> r.Receipt:
        """The welcome slip of a member (by id, card or phone): card number and QR code."""
        with self.ctx.reading() as s:
            member = self._member_row(s, member_query)
            card = self._card_no(s, member.id)
            info = self.ctx.terminal_info(s)
            op_row = s.execute(
                text(
                    "SELECT operator_id FROM audit_log WHERE action = 'member.sign_up' "
                    "AND entity_id = :id ORDER BY seq LIMIT 1"
                ),
                {"id": member.id},
            ).first()
            return r.Receipt(
                kind=r.SIGNUP,
                receipt_no=card,
                store_name=info.store_name,
                store_no=info.number.store_no,
                terminal=info.code,
                operator=self._operator_name(s, op_row.operator_id if op_row else None),
                at=self.local(s, member.created_at),
                member=self._member_part(s, member, card),
                codes=(r.Code(r.QR, r.member_qr(card)),),
            )

    def _build(self, s: Session, key: str) -> r.Receipt:
        key = str(key or "").strip()
        if not key or len(key) > 64:
            raise InvalidInput(
                "give a sale, top-up or refund id, or a receipt number", code="receipt.key_needed"
            )
        for model, build in ((Sale, self._sale), (TopUp, self._topup), (Refund, self._refund)):
            row = s.get(model, key) or s.scalar(select(model).where(model.receipt_no == key))
            if row is not None:
                return build(s, row)
        raise NotFound(
            "no sale, top-up or refund with id or receipt number '{key}'",
            code="receipt.not_found",
            key=key,
        )

    def _head(self, s: Session, kind: str, row, member: Member) -> dict:
        info = self.ctx.terminal_info(s)
        card = self._card_no(s, member.id)
        return {
            "kind": kind,
            "receipt_no": row.receipt_no,
            "store_name": info.store_name,
            "store_no": info.number.store_no,
            "terminal": info.code,
            "operator": self._operator_name(s, row.operator_id),
            "at": self.local(s, row.created_at),
            "member": self._member_part(s, member, card),
        }

    def _sale(self, s: Session, sale: Sale) -> r.Receipt:
        member = s.get(Member, sale.member_id)
        lines = s.scalars(
            select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)
        )
        tenders = s.scalars(
            select(SaleTender).where(SaleTender.sale_id == sale.id).order_by(SaleTender.id)
        )
        return r.Receipt(
            **self._head(s, r.SALE, sale, member),
            lines=tuple(r.ReceiptLine(x.category, x.amount_fen) for x in lines),
            subtotal_fen=sale.subtotal_fen,
            tier_discount_fen=sale.tier_discount_fen,
            coupon_code=sale.coupon_code,
            coupon_discount_fen=sale.coupon_discount_fen,
            due_fen=sale.due_fen,
            tenders=tuple(_tender(t) for t in tenders),
            change_fen=sale.change_fen,
            points_earned=sale.points_earned,
            points_spent=sale.points_spent,
            balances=self._balances_after(s, "sale", sale.id, member.id, sale.created_at),
            codes=(r.Code(r.CODE128, sale.receipt_no),),
        )

    def _topup(self, s: Session, topup: TopUp) -> r.Receipt:
        member = s.get(Member, topup.member_id)
        return r.Receipt(
            **self._head(s, r.TOPUP, topup, member),
            topup_fen=topup.amount_fen,
            bonus_fen=topup.bonus_fen,
            tenders=(r.Tender(topup.tender, topup.amount_fen),),
            balances=self._balances_after(s, "topup", topup.id, member.id, topup.created_at),
            codes=(r.Code(r.CODE128, topup.receipt_no),),
        )

    def _refund(self, s: Session, refund: Refund) -> r.Receipt:
        sale = s.get(Sale, refund.sale_id)
        member = s.get(Member, sale.member_id)
        points = s.execute(
            select(LedgerEntry.amount).where(
                LedgerEntry.refund_id == refund.id, LedgerEntry.bucket == "points"
            )
        ).scalars()
        amounts = list(points)
        tenders = [
            r.Tender("points", refund.points_value_fen, points=refund.points_back),
            r.Tender(
                "wallet",
                refund.wallet_principal_fen + refund.wallet_bonus_fen,
                principal_fen=refund.wallet_principal_fen,
                bonus_fen=refund.wallet_bonus_fen,
            ),
            r.Tender("cash", refund.cash_fen),
            r.Tender("card", refund.card_fen),
            r.Tender("mobile", refund.mobile_fen),
        ]
        return r.Receipt(
            **self._head(s, r.REFUND, refund, member),
            original_receipt_no=sale.receipt_no,
            refund_fen=sum(t.amount_fen for t in tenders),
            tenders=tuple(t for t in tenders if t.amount_fen),
            points_back=sum(a for a in amounts if a > 0),
            points_clawback=-sum(a for a in amounts if a < 0),
            balances=self._balances_after(s, "refund", refund.id, member.id, refund.created_at),
            codes=(r.Code(r.CODE128, refund.receipt_no),),
        )

    # --- the member's statement ---------------------------------------------------------

    def statement(self, member_query: str, start: date, end: date) -> r.Statement:
        """The member's ledger lines from `start` to `end` (store dates, inclusive)."""
        if end < start:
            raise InvalidInput(
                "the statement ends before it starts", code="statement.ends_before_start"
            )
        if (end - start).days > MAX_STATEMENT_DAYS:
            raise InvalidInput("a statement covers at most three years", code="statement.too_long")
        with self.ctx.reading() as s:
            member = self._member_row(s, member_query)
            tz = self._tz(s)
            lo = _utc(datetime.combine(start, time.min), tz)
            hi = _utc(datetime.combine(end + timedelta(days=1), time.min), tz)
            opening = self._sums(s, member.id, LedgerEntry.created_at < lo)
            running = dict(opening)
            lines = []
            rows = s.scalars(
                select(LedgerEntry)
                .where(
                    LedgerEntry.member_id == member.id,
                    LedgerEntry.created_at >= lo,
                    LedgerEntry.created_at < hi,
                )
                .order_by(LedgerEntry.created_at, LedgerEntry.id)
            )
            for e in rows:
                running[e.bucket] = running.get(e.bucket, 0) + e.amount
                balance = (
                    running.get("points", 0)
                    if e.account == "points"
                    else running.get("principal", 0) + running.get("bonus", 0)
                )
                lines.append(
                    r.StatementLine(
                        at=self.local(s, e.created_at),
                        kind=e.kind,
                        account=e.account,
                        amount=e.amount,
                        reference=self._reference(s, e),
                        balance_after=balance,
                    )
                )
            card = self._card_no(s, member.id)
            return r.Statement(
                store_name=self.ctx.terminal_info(s).store_name,
                member=self._member_part(s, member, card),
                period_start=start,
                period_end=end,
                printed_at=self.local(s, self.ctx.now_utc()),
                opening=_balances(opening),
                closing=_balances(running),
                lines=tuple(lines),
            )

    @staticmethod
    def _sums(s: Session, member_id: str, condition) -> dict[str, int]:
        rows = s.execute(
            select(LedgerEntry.bucket, func.coalesce(func.sum(LedgerEntry.amount), 0))
            .where(LedgerEntry.member_id == member_id, condition)
            .group_by(LedgerEntry.bucket)
        )
        return {bucket: int(total) for bucket, total in rows}

    @staticmethod
    def _reference(s: Session, e: LedgerEntry) -> str:
        if e.refund_id:
            return s.scalar(_RECEIPT_OF_REFUND, {"id": e.refund_id}) or ""
        if e.sale_id:
            return s.scalar(_RECEIPT_OF_SALE, {"id": e.sale_id}) or ""
        if e.topup_id:
            return s.scalar(_RECEIPT_OF_TOPUP, {"id": e.topup_id}) or ""
        return e.reference or ""

    # --- shared pieces ------------------------------------------------------------------

    def _tz(self, s: Session) -> ZoneInfo:
        return ZoneInfo(self.ctx.terminal_info(s).timezone)

    def local(self, s: Session, at_utc: datetime) -> datetime:
        """Stored naive UTC -> the store's wall-clock time (naive, seconds)."""
        local = at_utc.replace(tzinfo=UTC).astimezone(self._tz(s))
        return local.replace(tzinfo=None, microsecond=0)

    def _member_row(self, s: Session, query: str) -> Member:
        """By member id (as the sign-up screen knows it), card or phone."""
        by_id = s.get(Member, str(query).strip()) if len(str(query).strip()) == 36 else None
        if by_id is not None:
            return by_id
        return s.get(Member, MemberService(self.ctx).resolve_id(s, query))

    @staticmethod
    def _card_no(s: Session, member_id: str) -> str:
        return s.scalar(ACTIVE_CARD, {"id": member_id}) or ""

    @staticmethod
    def _operator_name(s: Session, operator_id: str | None) -> str:
        if operator_id is None:
            return ""
        op = s.get(Operator, operator_id)
        return op.name if op else ""

    def _member_part(self, s: Session, member: Member, card: str) -> r.MemberPart:
        cipher = self.ctx.db.cipher
        _, rules = self.ctx.current_rules(s)
        tier = rules.tier_or_entry(member.tier)
        today = self.ctx.business_day(self.ctx.now_utc())
        spend = s.scalar(
            _SPEND,
            {"member": member.id, "p": period_start(today, rules.tier_period_months)},
        )
        step = progress(rules, tier.code, spend or 0)
        next_name = rules.tier_or_entry(step.next_tier).name if step.next_tier else None
        if member.status != "active":
            name, phone = "", ""
        else:
            name = identity.mask_name(cipher.decrypt(member.name_enc, "name"))
            phone = identity.mask_phone(cipher.decrypt(member.phone_enc, "phone"))
        return r.MemberPart(
            card_no=card,
            name_masked=name,
            phone_masked=phone,
            tier_name=tier.name,
            next_tier_name=next_name,
            tier_remaining_fen=step.remaining_fen,
            tier_percent=step.percent,
        )

    @staticmethod
    def _balances_after(
        s: Session, kind: str, row_id: str, member_id: str, at: datetime
    ) -> r.Balances:
        upto = s.scalar(_LAST_ROWID[kind], {"id": row_id, "member": member_id})
        if upto is None:  # nothing booked (e.g. a small cash sale): as of its time
            upto = s.scalar(_ROWID_AT, {"member": member_id, "at": at})
        totals = {
            row.bucket: int(row.total)
            for row in s.execute(_BALANCES_UPTO, {"member": member_id, "upto": upto})
        }
        return _balances(totals)


def _balances(totals: dict[str, int]) -> r.Balances:
    return r.Balances(totals.get("points", 0), totals.get("principal", 0), totals.get("bonus", 0))


def _tender(t: SaleTender) -> r.Tender:
    return r.Tender(
        kind=t.kind,
        amount_fen=t.amount_fen,
        points=t.points,
        principal_fen=t.principal_fen,
        bonus_fen=t.bonus_fen,
        tendered_fen=t.tendered_fen,
    )


def _utc(local: datetime, tz: ZoneInfo) -> datetime:
    return local.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
