"""Points in lots: earning creates a lot, spending draws from the lots expiring first."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.domain.points import Lot, consume_fifo, expiry_date
from terminal.services.context import Txn
from terminal.store.ids import new_id
from terminal.store.ledger import POINTS
from terminal.store.models import LedgerEntry, LotMovement, Member, PointsLot


def earn(
    txn: Txn,
    member: Member,
    points: int,
    kind: str,
    operator_id: str | None,
    expires_on: date | None = None,
    **refs: str,
) -> LedgerEntry:
    """Credit `points` as a new lot (expiring by the rules unless `expires_on` is given)."""
    entry = txn.post(member, POINTS, points, kind, operator_id, **refs)
    txn.session.add(
        PointsLot(
            id=new_id(),
            member_id=member.id,
            entry_id=entry.id,
            earned_on=txn.today,
            expires_on=expires_on or expiry_date(txn.today, txn.rules()[1]),
            amount=points,
            remaining=points,
        )
    )
    return entry


def _lots(txn: Txn, member: Member) -> dict[str, PointsLot]:
    rows = txn.session.scalars(
        select(PointsLot).where(PointsLot.member_id == member.id, PointsLot.remaining > 0)
    )
    return {lot.id: lot for lot in rows}


def _draw(
    txn: Txn, entry: LedgerEntry, lots: dict[str, PointsLot], taken: list[tuple[str, int]]
) -> None:
    for lot_id, amount in taken:
        lots[lot_id].remaining -= amount
        txn.session.add(LotMovement(lot_id=lot_id, entry_id=entry.id, amount=-amount))


def spend(
    txn: Txn, member: Member, points: int, kind: str, operator_id: str | None, **refs: str
) -> LedgerEntry:
    """Debit `points` from live lots, first-to-expire first."""
    lots = _lots(txn, member)
    taken = consume_fifo([_as_lot(lot) for lot in lots.values()], points, txn.today)
    entry = txn.post(member, POINTS, -points, kind, operator_id, **refs)
    _draw(txn, entry, lots, taken)
    return entry


def take_back(
    txn: Txn, member: Member, points: int, kind: str, operator_id: str | None, **refs: str
) -> int:
    """Debit up to `points` from the member's spendable points; returns what was taken.

    Used to take back points earned on a refunded sale: what the member has already spent
    (or has let expire) cannot be taken back, and a balance never goes below zero.
    """
    lots = {k: lot for k, lot in _lots(txn, member).items() if lot.expires_on >= txn.today}
    available = sum(lot.remaining for lot in lots.values())
    amount = min(points, available)
    if amount <= 0:
        return 0
    # The sale's own lot first, then the others, first-to-expire first.
    sale_entries: set[str] = set()
    if refs.get("sale_id"):
        sale_entries = set(
            txn.session.scalars(
                select(LedgerEntry.id).where(
                    LedgerEntry.sale_id == refs["sale_id"], LedgerEntry.kind == "earn"
                )
            )
        )
    order = sorted(
        lots.values(),
        key=lambda lot: (
            lot.entry_id not in sale_entries,
            lot.expires_on,
            lot.earned_on,
            lot.id,
        ),
    )
    taken, need = [], amount
    for lot in order:
        take = min(lot.remaining, need)
        if take:
            taken.append((lot.id, take))
            need -= take
    entry = txn.post(member, POINTS, -amount, kind, operator_id, **refs)
    _draw(txn, entry, lots, taken)
    return amount


def expire_member(txn: Txn, member: Member, lots: list[PointsLot]) -> int:
    total = sum(lot.remaining for lot in lots)
    if total <= 0:
        return 0
    entry = txn.post(member, POINTS, -total, "expire", None)
    for lot in lots:
        txn.session.add(LotMovement(lot_id=lot.id, entry_id=entry.id, amount=-lot.remaining))
        lot.remaining = 0
    return total


def spendable_points(session: Session, member_id: str, today: date) -> int:
    """Points in lots that have not passed their last day."""
    return session.scalar(
        select(func.coalesce(func.sum(PointsLot.remaining), 0)).where(
            PointsLot.member_id == member_id, PointsLot.remaining > 0, PointsLot.expires_on >= today
        )
    )


def _as_lot(lot: PointsLot) -> Lot:
    return Lot(lot.id, lot.remaining, lot.expires_on, lot.earned_on)
