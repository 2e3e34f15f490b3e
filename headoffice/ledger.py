"""The central ledgers: append-only entries per member and account; the balance cached on
the member row moves in the same transaction and `verify` recomputes every one."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from headoffice.models import LedgerEntry, Member
from headoffice.work import Work

POINTS = "points"
PRINCIPAL = "wallet_principal"
BONUS = "wallet_bonus"
ACCOUNTS = (POINTS, PRINCIPAL, BONUS)
_FIELD = {POINTS: "points", PRINCIPAL: "wallet_principal_fen", BONUS: "wallet_bonus_fen"}


def post(
    work: Work,
    member: Member,
    account: str,
    amount: int,
    kind: str,
    *,
    event_id: str | None = None,
    reference: str | None = None,
    terminal_id: str | None = None,
) -> None:
    if amount == 0:
        return
    field = _FIELD[account]
    setattr(member, field, getattr(member, field) + amount)
    work.entries.append(
        {
            "member_id": member.id,
            "account": account,
            "amount": amount,
            "kind": kind,
            "event_id": event_id,
            "reference": reference,
            "terminal_id": terminal_id,
            "at": work.at,
        }
    )
    work.touch(member.id)


def balance(member: Member, account: str) -> int:
    return getattr(member, _FIELD[account])


@dataclass(frozen=True)
class Mismatch:
    member_id: str
    account: str
    cached: int
    entries: int


def verify(session: Session) -> tuple[int, list[Mismatch]]:
    """Every member's cached balances against the sum of their entries."""
    sums: dict[tuple[str, str], int] = {
        (m, a): int(total)
        for m, a, total in session.execute(
            select(
                LedgerEntry.member_id, LedgerEntry.account, func.sum(LedgerEntry.amount)
            ).group_by(LedgerEntry.member_id, LedgerEntry.account)
        )
    }
    bad: list[Mismatch] = []
    count = 0
    for member in session.scalars(select(Member).execution_options(yield_per=2000)):
        count += 1
        for account in ACCOUNTS:
            cached, summed = balance(member, account), sums.get((member.id, account), 0)
            if cached != summed:
                bad.append(Mismatch(member.id, account, cached, summed))
    return count, bad
