"""The one receipt model: what a sale, top-up, refund or sign-up slip says, independent
of how it is printed. The ESC/POS and PDF back ends both render it; the print queue
keeps it (as JSON) so that a failed print can be printed again after a restart.

Money is integer fen, points integers; times are the store's local wall-clock time.
"""

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

SALE = "sale"
TOPUP = "topup"
REFUND = "refund"
SIGNUP = "signup"
TEST = "test"
KINDS = (SALE, TOPUP, REFUND, SIGNUP, TEST)

# What a code on the slip is for: the receipt number (scanned for refunds) or the card.
CODE128 = "code128"
QR = "qr"

MEMBER_QR_PREFIX = "POSM:"  # the member QR of the scan nomenclature (terminal.domain.barcodes)


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    amount_fen: int


@dataclass(frozen=True)
class Tender:
    kind: str  # points | wallet | cash | card | mobile
    amount_fen: int
    points: int = 0  # for points: how many were spent
    principal_fen: int = 0  # for stored value: the parts taken
    bonus_fen: int = 0
    tendered_fen: int = 0  # for cash: what the customer handed over


@dataclass(frozen=True)
class MemberPart:
    card_no: str
    name_masked: str
    phone_masked: str
    tier_name: str
    next_tier_name: str | None = None
    tier_remaining_fen: int = 0  # spend still needed for the next tier
    tier_percent: int = 0


@dataclass(frozen=True)
class Balances:
    """The member's balances just after this transaction."""

    points: int
    wallet_principal_fen: int
    wallet_bonus_fen: int

    @property
    def wallet_fen(self) -> int:
        return self.wallet_principal_fen + self.wallet_bonus_fen


@dataclass(frozen=True)
class Code:
    kind: str  # code128 | qr
    content: str


@dataclass(frozen=True)
class Receipt:
    kind: str
    receipt_no: str
    store_name: str
    store_no: int
    terminal: str  # store + terminal number, e.g. "001203"
    operator: str
    at: datetime  # store-local wall-clock time (naive)
    member: MemberPart | None = None
    lines: tuple[ReceiptLine, ...] = ()
    subtotal_fen: int = 0
    tier_discount_fen: int = 0
    coupon_code: str | None = None
    coupon_discount_fen: int = 0
    due_fen: int = 0
    tenders: tuple[Tender, ...] = ()
    change_fen: int = 0
    points_earned: int = 0
    points_spent: int = 0
    # top-up
    topup_fen: int = 0
    bonus_fen: int = 0
    # refund
    original_receipt_no: str | None = None
    refund_fen: int = 0
    points_back: int = 0
    points_clawback: int = 0
    balances: Balances | None = None
    codes: tuple[Code, ...] = ()
    notes: tuple[str, ...] = ()
    reprint: bool = False
    reprinted_at: datetime | None = None  # store-local time of the reprint

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown receipt kind {self.kind!r}")
        for name in _INT_FIELDS:
            if type(getattr(self, name)) is not int:
                raise TypeError(f"{name} must be an integer (fen or points)")

    @property
    def cash_tendered(self) -> bool:
        """Whether cash changed hands, so the drawer opens when it prints."""
        if self.kind == TOPUP:
            return any(t.kind == "cash" for t in self.tenders)
        return any(t.kind == "cash" and t.amount_fen > 0 for t in self.tenders)

    def as_reprint(self, at: datetime) -> "Receipt":
        return replace(self, reprint=True, reprinted_at=at)

    # --- JSON (the print spool) ----------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        data["reprinted_at"] = self.reprinted_at.isoformat() if self.reprinted_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Receipt":
        data = dict(data)
        data["at"] = datetime.fromisoformat(data["at"])
        if data.get("reprinted_at"):
            data["reprinted_at"] = datetime.fromisoformat(data["reprinted_at"])
        if data.get("member"):
            data["member"] = MemberPart(**data["member"])
        if data.get("balances"):
            data["balances"] = Balances(**data["balances"])
        data["lines"] = tuple(ReceiptLine(**x) for x in data.get("lines", ()))
        data["tenders"] = tuple(Tender(**x) for x in data.get("tenders", ()))
        data["codes"] = tuple(Code(**x) for x in data.get("codes", ()))
        data["notes"] = tuple(data.get("notes", ()))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


_INT_FIELDS = (
    "subtotal_fen",
    "tier_discount_fen",
    "coupon_discount_fen",
    "due_fen",
    "change_fen",
    "points_earned",
    "points_spent",
    "topup_fen",
    "bonus_fen",
    "refund_fen",
    "points_back",
    "points_clawback",
)


def member_qr(card_no: str) -> str:
    return f"{MEMBER_QR_PREFIX}{card_no}"


# --- the A4 member statement -------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    at: datetime  # store-local
    kind: str  # earn, spend, topup, bonus, refund, expire, adjust...
    account: str  # points | wallet
    amount: int  # points, or fen for the wallet
    reference: str = ""  # receipt number or reason
    balance_after: int = 0  # of that account


@dataclass(frozen=True)
class Statement:
    store_name: str
    member: MemberPart
    period_start: date
    period_end: date  # inclusive
    printed_at: datetime  # store-local
    opening: Balances
    closing: Balances
    lines: tuple[StatementLine, ...] = field(default_factory=tuple)
