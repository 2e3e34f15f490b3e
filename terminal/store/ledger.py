"""The two append-only ledgers (points, stored value) and their cached balances."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.store.ids import new_id
from terminal.store.models import LedgerEntry, LotMovement, Member, PointsLot

POINTS, PRINCIPAL, BONUS = "points", "principal", "bonus"
_CACHE = {POINTS: "points_balance", PRINCIPAL: "wallet_principal_fen", BONUS: "wallet_bonus_fen"}


def post(
    session: Session,
    member: Member,
    bucket: str,
    amount: int,
    kind: str,
    *,
    at: datetime,
    terminal: str,
    operator_id: str | None,
    sale_id: str | None = None,
    topup_id: str | None = None,
    refund_id: str | None = None,
    reference: str | None = None,
) -> LedgerEntry:
    """Append one entry and move the member's cached balance with it."""
    entry = LedgerEntry(
        id=new_id(),
        member_id=member.id,
        account="points" if bucket == POINTS else "wallet",
        bucket=bucket,
        amount=amount,
        kind=kind,
        sale_id=sale_id,
        topup_id=topup_id,
        refund_id=refund_id,
        reference=reference,
        terminal=terminal,
        operator_id=operator_id,
        created_at=at,
    )
    session.add(entry)
    attr = _CACHE[bucket]
    setattr(member, attr, getattr(member, attr) + amount)
    return entry


@dataclass(frozen=True)
class LedgerReport:
    members: int
    entries: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session) -> LedgerReport:
    """Recompute every balance from the entries and compare with the cached balances."""
    problems: list[str] = []
    sums: dict[tuple[str, str], int] = {}
    entries = 0
    for member_id, bucket, total, count in session.execute(
        select(
            LedgerEntry.member_id, LedgerEntry.bucket, func.sum(LedgerEntry.amount), func.count()
        ).group_by(LedgerEntry.member_id, LedgerEntry.bucket)
    ):
        sums[(member_id, bucket)] = total
        entries += count
    lots: dict[str, int] = dict(
        session.execute(
            select(PointsLot.member_id, func.sum(PointsLot.remaining)).group_by(PointsLot.member_id)
        ).all()
    )
    bad_lots = session.execute(
        select(
            PointsLot.id,
            PointsLot.amount,
            PointsLot.remaining,
            func.coalesce(func.sum(LotMovement.amount), 0),
        )
        .outerjoin(LotMovement, LotMovement.lot_id == PointsLot.id)
        .group_by(PointsLot.id)
        .having(
            PointsLot.amount + func.coalesce(func.sum(LotMovement.amount), 0) != PointsLot.remaining
        )
    ).all()
    for lot_id, amount, remaining, moved in bad_lots:
        problems.append(
            f"points lot {lot_id}: {amount} earned {moved:+d} moved, but {remaining} remaining"
        )
    members = 0
    for row in session.execute(
        select(
            Member.id, Member.points_balance, Member.wallet_principal_fen, Member.wallet_bonus_fen
        )
    ).yield_per(10000):
        members += 1
        for bucket, cached in ((POINTS, row[1]), (PRINCIPAL, row[2]), (BONUS, row[3])):
            actual = sums.get((row.id, bucket), 0)
            if actual != cached:
                problems.append(
                    f"member {row.id}: {bucket} balance is {cached} but its entries sum to {actual}"
                )
            if actual < 0:
                problems.append(f"member {row.id}: {bucket} balance is negative ({actual})")
        if lots.get(row.id, 0) != row[1]:
            problems.append(
                f"member {row.id}: points lots hold {lots.get(row.id, 0)} "
                f"but the balance is {row[1]}"
            )
    return LedgerReport(members, entries, problems)
