"""Reprints of past receipts: found by receipt number (or id) or picked from a member's
history, printed again only with a manager's approval, marked as a reprint with its time,
and written to the audit log in the same transaction (no outbox event: nothing was sold).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from terminal.domain import receipt as r
from terminal.domain.errors import AuthError, InvalidInput
from terminal.services.context import Context
from terminal.services.members import MemberService
from terminal.services.operators import OperatorView
from terminal.services.receipts import ReceiptService

HISTORY_LIMIT = 30
REPRINT_ACTION = "receipt.reprint"

# A member's receipts, newest first: sales, top-ups and refunds of their sales.
_HISTORY = text("""
SELECT kind, receipt_no, amount_fen, created_at FROM (
  SELECT 'sale' AS kind, receipt_no, due_fen AS amount_fen, created_at
  FROM sales WHERE member_id = :member
  UNION ALL
  SELECT 'topup', receipt_no, amount_fen, created_at FROM topups WHERE member_id = :member
  UNION ALL
  SELECT 'refund', r.receipt_no, r.amount_fen, r.created_at
  FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE s.member_id = :member
) ORDER BY created_at DESC, receipt_no DESC LIMIT :limit
""")


@dataclass(frozen=True)
class PastReceipt:
    """One receipt as the reprint screen lists it."""

    receipt_no: str
    kind: str  # sale | topup | refund
    at: datetime  # store-local time of the transaction
    amount_fen: int


@dataclass(frozen=True)
class Reprint:
    """The marked receipt to print and who approved it."""

    receipt: r.Receipt
    approver: str


class ReprintService:
    def __init__(self, ctx: Context, receipts: ReceiptService) -> None:
        self.ctx = ctx
        self.receipts = receipts

    def find(self, key: str) -> PastReceipt:
        """The receipt with this number or id; a clear NotFound / InvalidInput otherwise."""
        receipt = self.receipts.build(key)
        return PastReceipt(receipt.receipt_no, receipt.kind, receipt.at, _amount(receipt))

    def history(self, member_query: str, limit: int = HISTORY_LIMIT) -> list[PastReceipt]:
        """The member's receipts (by id, card or phone), newest first."""
        if not 1 <= limit <= 200:
            raise InvalidInput(
                "a receipt history lists 1 to 200 receipts", code="reprint.list_range"
            )
        with self.ctx.reading() as s:
            query = str(member_query or "").strip()
            member_id = query if len(query) == 36 else MemberService(self.ctx).resolve_id(s, query)
            rows = s.execute(_HISTORY, {"member": member_id, "limit": limit}).all()
            found = []
            for row in rows:
                at = row.created_at
                if isinstance(at, str):  # a raw SQL union returns SQLite's text
                    at = datetime.fromisoformat(at)
                local = self.receipts.local(s, at)
                found.append(PastReceipt(row.receipt_no, row.kind, local, row.amount_fen))
            return found

    def reprint(self, key: str, operator: OperatorView, approver: OperatorView) -> Reprint:
        """The receipt again, marked as a reprint with its time; audited under the operator
        and the approving manager in the same transaction."""
        if approver is None or not approver.is_manager:
            raise AuthError("a reprint needs a manager's approval", code="reprint.needs_manager")
        with self.ctx.transaction(business=False) as txn:
            receipt = self.receipts.build_in(txn.session, key)
            receipt = receipt.as_reprint(self.receipts.local(txn.session, txn.at))
            txn.audit(
                REPRINT_ACTION,
                receipt.kind,
                receipt.receipt_no,
                {
                    "receipt_no": receipt.receipt_no,
                    "kind": receipt.kind,
                    "reprinted_at": receipt.reprinted_at.isoformat(),
                },
                operator.id,
                approver.id,
            )
            return Reprint(receipt, approver.name)


def _amount(receipt: r.Receipt) -> int:
    if receipt.kind == r.TOPUP:
        return receipt.topup_fen
    if receipt.kind == r.REFUND:
        return receipt.refund_fen
    return receipt.due_fen
