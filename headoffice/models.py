"""Head office's tables. Ledger entries, processed events and the change log are
append-only; balances cached on the member row are updated in the same transaction as
the entries that make them."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ID = String(40)


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Small named values: the key check, counters (the change sequence, card numbers)."""

    __tablename__ = "ho_settings"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    text: Mapped[str | None] = mapped_column(Text)


class Store(Base):
    __tablename__ = "stores"
    store_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Terminal(Base):
    """A till. `status`: pending (code issued), active (enrolled), revoked."""

    __tablename__ = "terminals"
    id: Mapped[str] = mapped_column(String(6), primary_key=True)  # 000101
    store_no: Mapped[int] = mapped_column(ForeignKey("stores.store_no"))
    terminal_no: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    secret: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed with head office's key
    device_name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    enrolled_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditAnchor(Base):
    """The latest row of a terminal's audit chain head office holds (see anchors.py)."""

    __tablename__ = "audit_anchors"
    terminal_id: Mapped[str] = mapped_column(String(6), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    anchored_at: Mapped[datetime] = mapped_column(DateTime)
    alarm: Mapped[str | None] = mapped_column(Text)
    alarm_at: Mapped[datetime | None] = mapped_column(DateTime)


class Operator(Base):
    """A store's operator as its terminals announced them (`operator.added`): who may
    book a change of a member's personal data, and who may approve one."""

    __tablename__ = "operators"
    store_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(6))
    role: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[datetime] = mapped_column(DateTime)


class Nonce(Base):
    """Nonces seen inside the clock-skew window: a second use is a replay."""

    __tablename__ = "nonces"
    terminal_id: Mapped[str] = mapped_column(String(6), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class ProcessedEvent(Base):
    """One row per terminal event id ever received: the exactly-once guard and the
    archive of what each terminal sent (without its personal data)."""

    __tablename__ = "processed_events"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10))  # applied | rejected
    reason: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    processed_at: Mapped[datetime] = mapped_column(DateTime)


class Member(Base):
    __tablename__ = "members"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | merged
    merged_into: Mapped[str | None] = mapped_column(ID, index=True)
    phone_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_last4: Mapped[str | None] = mapped_column(String(4))
    pii: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed JSON: phone, name, ...
    gender: Mapped[str | None] = mapped_column(String(10))
    tier: Mapped[str] = mapped_column(String(20))
    store_no: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(20))
    origin_terminal: Mapped[str | None] = mapped_column(String(12))
    signup_terminal: Mapped[str | None] = mapped_column(String(6))
    signed_up_at: Mapped[datetime] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    wallet_principal_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    wallet_bonus_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    hotlisted: Mapped[bool] = mapped_column(Boolean, default=False)


class Card(Base):
    """Every card number ever issued; a merged member's cards still find the survivor."""

    __tablename__ = "cards"
    card_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    # Lets the unit of work insert a new member before its card in one flush.
    member: Mapped["Member"] = relationship(lazy="raise")


class LedgerEntry(Base):
    """Append-only. Accounts: points, wallet_principal, wallet_bonus."""

    __tablename__ = "ledger_entries"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    account: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str | None] = mapped_column(ID)
    reference: Mapped[str | None] = mapped_column(ID)
    terminal_id: Mapped[str | None] = mapped_column(String(12))
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_ledger_member", "member_id", "account"),
        Index("ix_ledger_reference", "reference"),
    )


class Change(Base):
    """The change feed. `seq` is given out under a lock on the counter row inside the
    writing transaction, so commit order equals sequence order."""

    __tablename__ = "changes"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)  # JSON, without personal data
    pii: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed: see sealed_feed.py
    at: Mapped[datetime] = mapped_column(DateTime)


class Lookup(Base):
    """Every member look-up a terminal made (by card or by phone) and whom it found: a
    terminal reads the feed's personal data of the members it looked up (visibility.py),
    and its look-ups per minute are limited."""

    __tablename__ = "lookups"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(6))
    by: Mapped[str] = mapped_column(String(10))  # card | phone
    member_id: Mapped[str | None] = mapped_column(ID)
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_lookups_terminal_at", "terminal_id", "at"),
        Index("ix_lookups_terminal_member", "terminal_id", "member_id"),
    )


class TerminalDay(Base):
    """What one terminal did in one day of its store (head office's clock): the running
    totals the anomaly flags are raised from (`kind`: member_changes, topups_fen,
    lookups)."""

    __tablename__ = "terminal_days"
    terminal_id: Mapped[str] = mapped_column(String(6), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    total: Mapped[int] = mapped_column(BigInteger, default=0)


class Flag(Base):
    """An anomaly for head-office staff: a terminal went past a threshold in a day. One
    per terminal, kind and day; `figure` follows the day's total; staff acknowledge it."""

    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(40), default="", server_default="")  # a SKU
    figure: Mapped[int] = mapped_column(BigInteger)
    threshold: Mapped[int] = mapped_column(BigInteger)
    raised_at: Mapped[datetime] = mapped_column(DateTime)
    acked_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint(
            "terminal_id", "kind", "day", "subject", name="ux_flags_terminal_kind_day_subject"
        ),
        Index("ix_flags_open", "acked_at"),
    )


class Reservation(Base):
    """A hold on a member's live balance. `settled` once the sale that used it is booked."""

    __tablename__ = "reservations"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    member_id: Mapped[str] = mapped_column(ID, index=True)
    terminal_id: Mapped[str] = mapped_column(String(6))
    points: Mapped[int] = mapped_column(BigInteger)
    wallet_fen: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))  # reserved|captured|voided|refused
    reason: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(30))  # why it was refused
    # A redemption holds `quantity` of catalogue item `sku` too.
    sku: Mapped[str | None] = mapped_column(String(40), index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sale_id: Mapped[str | None] = mapped_column(ID, index=True)
    settled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class RuleVersion(Base):
    __tablename__ = "rule_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CatalogueItem(Base):
    __tablename__ = "catalogue"
    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    points_price: Mapped[int] = mapped_column(BigInteger)
    stock: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class StockMove(Base):
    """Append-only: every change of a catalogue item's stock. `kind`: redeem (a
    terminal's redemption event, `reference` its id), restock, count (staff set the
    counted figure), set (`hoctl catalogue add`)."""

    __tablename__ = "stock_moves"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), index=True)
    delta: Mapped[int] = mapped_column(Integer)
    stock_after: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str | None] = mapped_column(ID)
    terminal_id: Mapped[str | None] = mapped_column(String(6))
    note: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)


class SignupToken(Base):
    __tablename__ = "signup_tokens"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(6))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    member_id: Mapped[str | None] = mapped_column(ID)
