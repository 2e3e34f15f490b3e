"""Small helpers for the service tests: counting outbox and audit rows, quick sales and
top-ups, and the integrity checks every scenario ends with."""

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.services.sales import SaleRequest, SaleResult
from terminal.store.models import AuditRow, OutboxEvent

_TENDERS = ("points", "wallet_fen", "cash_fen", "card_fen", "mobile_fen")


@dataclass(frozen=True)
class Tally:
    """How many outbox events and audit rows the database holds."""

    outbox: int
    audit: int

    def __sub__(self, other: "Tally") -> tuple[int, int]:
        return self.outbox - other.outbox, self.audit - other.audit


def tally(shop) -> Tally:
    with shop.svc.db.read() as s:
        return Tally(
            s.scalar(select(func.count()).select_from(OutboxEvent)),
            s.scalar(select(func.count()).select_from(AuditRow)),
        )


def outbox_events(shop, kind: str | None = None) -> list[dict[str, Any]]:
    """Outbox events in order, each as {"kind", "aggregate_id", "payload", "sealed"}."""
    with shop.svc.db.read() as s:
        query = select(OutboxEvent).order_by(OutboxEvent.seq)
        if kind is not None:
            query = query.where(OutboxEvent.kind == kind)
        return [
            {
                "kind": e.kind,
                "aggregate_id": e.aggregate_id,
                "payload": json.loads(e.payload),
                "raw": e.payload,
                "sealed": e.sealed,
            }
            for e in s.scalars(query)
        ]


def audit_rows(shop, action: str | None = None) -> list[dict[str, Any]]:
    """Audit rows in order, each with its details parsed."""
    with shop.svc.db.read() as s:
        query = select(AuditRow).order_by(AuditRow.seq)
        if action is not None:
            query = query.where(AuditRow.action == action)
        return [
            {
                "action": r.action,
                "entity": r.entity,
                "entity_id": r.entity_id,
                "operator_id": r.operator_id,
                "approver_id": r.approver_id,
                "details": json.loads(r.details),
                "raw": r.details,
            }
            for r in s.scalars(query)
        ]


def sale_request(card: str, amount_fen: int | list[int], coupon: str | None = None, **tenders):
    amounts = amount_fen if isinstance(amount_fen, list) else [amount_fen]
    lines = tuple(SaleLine("food", a) for a in amounts)
    unknown = set(tenders) - set(_TENDERS)
    if unknown:
        raise TypeError(f"unknown tenders {unknown}")
    if not any(tenders.values()):
        tenders = {"cash_fen": sum(amounts)}
    return SaleRequest(card, lines, TenderRequest(**tenders), coupon=coupon)


def buy(shop, member, amount_fen: int | list[int], coupon: str | None = None, **tenders):
    """A sale for `member` (a MemberView or a card/phone); cash for the whole subtotal
    unless tenders are given (change comes back when a discount applies)."""
    card = member if isinstance(member, str) else member.card_no
    result: SaleResult = shop.svc.sales.checkout(
        sale_request(card, amount_fen, coupon, **tenders), shop.cashier
    )
    return result


def give_points(shop, member, points: int, reason: str = "goodwill"):
    card = member if isinstance(member, str) else member.card_no
    return shop.svc.points.adjust(card, points, reason, shop.cashier, shop.manager)


def top_up(shop, member, amount_fen: int, tender: str = "cash"):
    card = member if isinstance(member, str) else member.card_no
    return shop.svc.wallet.top_up(card, amount_fen, tender, shop.cashier)


def assert_books_ok(shop) -> None:
    ledger = shop.svc.setup.verify_ledger()
    assert ledger.ok, ledger.problems
    audit = shop.svc.setup.verify_audit()
    assert audit.ok, audit.problems
