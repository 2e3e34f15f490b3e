"""Top-ups of stored value: principal plus the bonus of the best rule, under the card cap."""

from dataclasses import dataclass

from terminal.domain.errors import InvalidInput, PosError
from terminal.domain.wallet import WalletBalance, bonus_for, check_topup, is_low, max_topup
from terminal.services.context import Context
from terminal.services.members import MemberService
from terminal.services.operators import OperatorView
from terminal.store.ids import new_id
from terminal.store.ledger import BONUS, PRINCIPAL
from terminal.store.models import TopUp

TOPUP_TENDERS = ("cash", "card", "mobile")


@dataclass(frozen=True)
class TopUpResult:
    topup_id: str
    receipt_no: str
    member_id: str
    amount_fen: int
    bonus_fen: int
    wallet_principal_fen: int
    wallet_bonus_fen: int
    low_balance: bool

    @property
    def wallet_fen(self) -> int:
        return self.wallet_principal_fen + self.wallet_bonus_fen


@dataclass(frozen=True)
class TopUpQuote:
    amount_fen: int
    bonus_fen: int
    balance_after_fen: int | None  # None: the top-up would be refused
    max_fen: int  # the largest top-up accepted now (its bonus under the card cap too)
    error: PosError | None  # why it would be refused


class WalletService:
    def __init__(self, ctx: Context, members: MemberService) -> None:
        self.ctx = ctx
        self.members = members

    def quote_top_up(self, query: str, amount_fen: int) -> TopUpQuote:
        """What a top-up of `amount_fen` would come to, checked as `top_up` checks it, on
        the member's balance as it is now; nothing is written."""
        with self.ctx.reading() as s:
            member = self.members.resolve(s, query)
            rules = self.ctx.current_rules(s)[1]
        balance = WalletBalance(member.wallet_principal_fen, member.wallet_bonus_fen)
        most = max_topup(balance, rules)
        bonus = bonus_for(amount_fen, rules)
        try:
            check_topup(amount_fen, balance, rules)
        except PosError as exc:
            return TopUpQuote(amount_fen, bonus, None, most, exc)
        return TopUpQuote(amount_fen, bonus, balance.total_fen + amount_fen + bonus, most, None)

    def top_up(
        self,
        query: str,
        amount_fen: int,
        tender: str,
        operator: OperatorView,
        reference: str | None = None,
    ) -> TopUpResult:
        if tender not in TOPUP_TENDERS:
            raise InvalidInput(
                "a top-up is paid by {tenders}",
                code="topup.bad_tender",
                tenders=", ".join(TOPUP_TENDERS),
            )
        if reference is not None and len(reference) > 64:
            raise InvalidInput(
                "a payment reference is at most 64 characters", code="payment.reference_too_long"
            )
        with self.ctx.transaction() as txn:
            member = self.members.resolve(txn.session, query)
            version, rules = txn.rules()
            balance = WalletBalance(member.wallet_principal_fen, member.wallet_bonus_fen)
            bonus = check_topup(amount_fen, balance, rules)
            topup = TopUp(
                id=new_id(),
                receipt_no=txn.next_receipt_no(),
                member_id=member.id,
                amount_fen=amount_fen,
                bonus_fen=bonus,
                tender=tender,
                reference=reference,
                rule_version=version,
                operator_id=operator.id,
                created_at=txn.at,
            )
            txn.session.add(topup)
            txn.session.flush()
            txn.post(member, PRINCIPAL, amount_fen, "topup", operator.id, topup_id=topup.id)
            if bonus:
                txn.post(member, BONUS, bonus, "bonus", operator.id, topup_id=topup.id)
            member.has_wallet = True
            member.updated_at = txn.at
            after = WalletBalance(member.wallet_principal_fen, member.wallet_bonus_fen)
            low = is_low(after, rules)
            details = {
                "receipt_no": topup.receipt_no,
                "amount_fen": amount_fen,
                "bonus_fen": bonus,
                "tender": tender,
                "rule_version": version,
            }
            txn.audit("wallet.topup", "member", member.id, details, operator.id)
            txn.event(
                "wallet.topped_up",
                topup.id,
                {"topup_id": topup.id, "member_id": member.id, "reference": reference, **details},
            )
            return TopUpResult(
                topup.id,
                topup.receipt_no,
                member.id,
                amount_fen,
                bonus,
                member.wallet_principal_fen,
                member.wallet_bonus_fen,
                low,
            )
