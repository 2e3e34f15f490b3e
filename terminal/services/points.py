"""Points outside a sale: manual adjustments, daily check-in, the points catalogue,
and the expiry run."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, text

from terminal.domain.checkin import checkin_points, next_streak
from terminal.domain.errors import Conflict, InvalidInput, LimitExceeded, NotFound
from terminal.domain.money import require_fen
from terminal.domain.rules import MAX_POINTS
from terminal.services.batches import check_run_date, in_batches
from terminal.services.context import Context
from terminal.services.members import MemberService
from terminal.services.operators import OperatorView
from terminal.services.points_book import earn, expire_member, spend
from terminal.services.spend import SpendGrant, SpendRequest, grant_fields, spend_held
from terminal.store.ids import new_id
from terminal.store.models import (
    Adjustment,
    CatalogueItem,
    CheckIn,
    Member,
    PointsLot,
    Redemption,
    SyncState,
)

MAX_ADJUST = 1_000_000


@dataclass(frozen=True)
class PointsResult:
    member_id: str
    points: int  # the change
    points_balance: int
    reference: str  # adjustment, redemption or check-in id/day
    streak: int = 0


@dataclass(frozen=True)
class CatalogueEntry:
    sku: str
    name: str
    points_price: int
    stock: int


@dataclass(frozen=True)
class ExpiryRun:
    as_of: date
    members: int
    points: int


class PointsService:
    def __init__(self, ctx: Context, members: MemberService) -> None:
        self.ctx = ctx
        self.members = members

    def adjust(
        self, query: str, points: int, reason: str, operator: OperatorView, approver: OperatorView
    ) -> PointsResult:
        reason = reason.strip()
        if not reason:
            raise InvalidInput("a points adjustment needs a reason", code="adjust.no_reason")
        require_fen(points, "an adjustment")
        if points == 0 or abs(points) > MAX_ADJUST:
            raise InvalidInput(
                "adjust by 1 to {maximum:,} points, up or down",
                code="adjust.range",
                maximum=MAX_ADJUST,
            )
        if not approver.is_manager:
            raise InvalidInput(
                "a points adjustment needs a manager's approval", code="adjust.needs_manager"
            )
        with self.ctx.transaction() as txn:
            member = self.members.resolve(txn.session, query)
            adj = Adjustment(
                id=new_id(),
                member_id=member.id,
                points=points,
                reason=reason[:200],
                operator_id=operator.id,
                approver_id=approver.id,
                created_at=txn.at,
            )
            txn.session.add(adj)
            if points > 0:
                earn(txn, member, points, "adjust", operator.id, reference=adj.id)
            else:
                spend(txn, member, -points, "adjust", operator.id, reference=adj.id)
            details = {"points": points, "reason": adj.reason}
            txn.audit("points.adjust", "member", member.id, details, operator.id, approver.id)
            txn.event(
                "points.adjusted",
                adj.id,
                {
                    "adjustment_id": adj.id,
                    "member_id": member.id,
                    "approver_id": approver.id,
                    **details,
                },
            )
            return PointsResult(member.id, points, member.points_balance, adj.id)

    def check_in(self, query: str, operator: OperatorView) -> PointsResult:
        with self.ctx.transaction() as txn:
            member = self.members.resolve(txn.session, query)
            _, rules = txn.rules()
            streak = next_streak(member.last_checkin_day, member.checkin_streak, txn.today)
            points = checkin_points(streak, rules)
            member.last_checkin_day, member.checkin_streak = txn.today, streak
            txn.session.add(
                CheckIn(member_id=member.id, day=txn.today, streak=streak, points=points)
            )
            if points:
                earn(txn, member, points, "checkin", operator.id, reference=txn.today.isoformat())
            details = {"day": txn.today.isoformat(), "streak": streak, "points": points}
            txn.audit("points.checkin", "member", member.id, details, operator.id)
            txn.event("points.checked_in", member.id, {"member_id": member.id, **details})
            return PointsResult(
                member.id, points, member.points_balance, txn.today.isoformat(), streak
            )

    # --- catalogue -----------------------------------------------------------------------

    def add_item(
        self, sku: str, name: str, points_price: int, stock: int, approver: OperatorView
    ) -> CatalogueEntry:
        sku, name = sku.strip().upper(), name.strip()
        if not sku or not name:
            raise InvalidInput(
                "a catalogue item needs a SKU and a name", code="catalogue.sku_and_name"
            )
        if not approver.is_manager:
            raise InvalidInput(
                "changing the points catalogue needs a manager", code="catalogue.needs_manager"
            )
        if not (0 < points_price <= MAX_POINTS and 0 <= stock <= 1_000_000):
            raise InvalidInput(
                "points price must be 1 to 100,000,000 and stock 0 to 1,000,000",
                code="catalogue.price_stock_range",
            )
        with self.ctx.transaction() as txn:
            if txn.session.get(SyncState, 1) is not None:
                # Head office holds an enrolled terminal's catalogue and its stock.
                raise Conflict(
                    "this terminal takes its catalogue from head office; change it there",
                    code="catalogue.from_headoffice",
                )
            item = txn.session.scalar(select(CatalogueItem).where(CatalogueItem.sku == sku))
            if item is None:
                item = CatalogueItem(
                    id=new_id(),
                    sku=sku,
                    name=name,
                    points_price=points_price,
                    stock=stock,
                    active=True,
                )
                txn.session.add(item)
            else:
                item.name, item.points_price, item.stock = name, points_price, stock
            details = {"sku": sku, "name": name, "points_price": points_price, "stock": stock}
            txn.audit("catalogue.set", "catalogue", item.id, details, approver.id, approver.id)
            txn.event("catalogue.item_set", item.id, details)
            return CatalogueEntry(sku, name, points_price, stock)

    def catalogue(self) -> list[CatalogueEntry]:
        with self.ctx.reading() as s:
            return [
                CatalogueEntry(i.sku, i.name, i.points_price, max(i.stock, 0))
                for i in s.scalars(
                    select(CatalogueItem)
                    .where(CatalogueItem.active)
                    .order_by(CatalogueItem.points_price)
                )
            ]

    def redeem(
        self, query: str, sku: str, operator: OperatorView, quantity: int = 1
    ) -> PointsResult:
        if not 1 <= quantity <= 100:
            raise InvalidInput("quantity must be 1 to 100", code="redeem.quantity_range")
        with self.ctx.reading() as s:
            member_id = self.members.resolve_id(s, query)
            price = s.scalar(
                select(CatalogueItem.points_price).where(
                    CatalogueItem.sku == sku.strip().upper(), CatalogueItem.active
                )
            )
        sku = sku.strip().upper()
        request = (
            SpendRequest(member_id, price * quantity, 0, "redemption", sku, quantity)
            if price
            else None
        )
        with spend_held(self.ctx.spend_authoriser, request) as grant:
            return self._redeem(query, sku, operator, quantity, grant)

    def _redeem(
        self, query: str, sku: str, operator: OperatorView, quantity: int, grant: SpendGrant | None
    ) -> PointsResult:
        with self.ctx.transaction() as txn:
            s = txn.session
            member = self.members.resolve(s, query)
            item = s.scalar(
                select(CatalogueItem).where(
                    CatalogueItem.sku == sku.strip().upper(), CatalogueItem.active
                )
            )
            if item is None:
                raise NotFound("no catalogue item '{sku}'", code="catalogue.unknown_item", sku=sku)
            # Head office reserved it online (its stock is the one that counts); otherwise
            # what this counter knows must cover it.
            if item.stock < quantity and not (grant and grant.mode == "online"):
                raise LimitExceeded(
                    "only {stock} of '{item}' left in stock",
                    code="redeem.out_of_stock",
                    stock=max(item.stock, 0),
                    item=item.name,
                )
            points = item.points_price * quantity
            redemption = Redemption(
                id=new_id(),
                member_id=member.id,
                item_id=item.id,
                quantity=quantity,
                points=points,
                operator_id=operator.id,
                created_at=txn.at,
            )
            s.add(redemption)
            spend(txn, member, points, "redeem", operator.id, reference=redemption.id)
            item.stock -= quantity
            details = {"sku": item.sku, "quantity": quantity, "points": points}
            txn.audit("points.redeem", "member", member.id, details, operator.id)
            txn.event(
                "points.redeemed",
                redemption.id,
                {
                    "redemption_id": redemption.id,
                    "member_id": member.id,
                    **details,
                    **grant_fields(grant),
                },
            )
            return PointsResult(member.id, -points, member.points_balance, redemption.id)

    # --- expiry --------------------------------------------------------------------------

    def expire(self, as_of: date | None = None, operator: OperatorView | None = None) -> ExpiryRun:
        """Expire every lot whose last day is before `as_of` (default: today), a batch of
        members per transaction so the counter keeps selling meanwhile."""
        day = check_run_date(as_of, self.ctx.business_day(self.ctx.now_utc()), "points expiry")
        with self.ctx.reading() as s:
            member_ids = list(s.scalars(_EXPIRED_MEMBERS, {"day": day.isoformat()}))
        members = total = 0
        run_id = new_id()
        for batch in in_batches(member_ids):
            with self.ctx.transaction(business=False) as txn:
                batch_members = batch_points = 0
                lots = txn.session.scalars(
                    select(PointsLot).where(
                        PointsLot.member_id.in_(batch),
                        PointsLot.remaining > 0,
                        PointsLot.expires_on < day,
                    )
                ).all()
                by_member: dict[str, list[PointsLot]] = {}
                for lot in lots:
                    by_member.setdefault(lot.member_id, []).append(lot)
                for member_id, member_lots in by_member.items():
                    points = expire_member(txn, txn.session.get(Member, member_id), member_lots)
                    batch_members, batch_points = batch_members + 1, batch_points + points
                    txn.event(
                        "points.expired",
                        member_id,
                        {"member_id": member_id, "points": points, "as_of": day.isoformat()},
                    )
                # Each batch is audited with it: an interrupted run leaves no silent changes.
                txn.audit(
                    "points.expire_batch",
                    "run",
                    run_id,
                    {"as_of": day.isoformat(), "members": batch_members, "points": batch_points},
                    operator.id if operator else None,
                )
                members, total = members + batch_members, total + batch_points
        with self.ctx.transaction(business=False) as txn:
            txn.audit(
                "points.expire_run",
                "run",
                run_id,
                {"as_of": day.isoformat(), "members": members, "points": total},
                operator.id if operator else None,
            )
        return ExpiryRun(day, members, total)


_EXPIRED_MEMBERS = text(
    "SELECT DISTINCT member_id FROM points_lots WHERE remaining > 0 AND expires_on < :day"
)
