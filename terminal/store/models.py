"""SQLAlchemy models of the terminal's database. Money in integer fen, ids UUIDv7 text."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = String(36)


class Base(DeclarativeBase):
    pass


class TerminalConfig(Base):
    """This terminal's identity and running sequences (one row)."""

    __tablename__ = "terminal_config"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_no: Mapped[int] = mapped_column(Integer)
    terminal_no: Mapped[int] = mapped_column(Integer)
    store_name: Mapped[str] = mapped_column(String(100), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    card_seq: Mapped[int] = mapped_column(Integer, default=0)
    receipt_seq: Mapped[int] = mapped_column(Integer, default=0)
    key_fingerprint: Mapped[str | None] = mapped_column(String(16))  # which key file fits
    recovery_hash: Mapped[str | None] = mapped_column(String(200))  # argon2 of the code
    created_at: Mapped[datetime] = mapped_column(DateTime)


class RuleVersion(Base):
    __tablename__ = "rule_versions"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(Text)  # Rules.to_dict() as JSON
    source: Mapped[str] = mapped_column(String(20))  # local | headoffice
    operator_id: Mapped[str | None] = mapped_column(ID, ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DeviceSettingsVersion(Base):
    """This terminal's scanners and printers (`DeviceSettings.to_dict()` as JSON); the
    newest version is in force, older ones show what changed."""

    __tablename__ = "device_settings"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    approver_id: Mapped[str | None] = mapped_column(ID, ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Operator(Base):
    __tablename__ = "operators"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # cashier | manager
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Member(Base):
    __tablename__ = "members"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | deleted
    # Sensitive fields: AES-GCM ciphertext; phone found by a keyed hash (blind index).
    phone_enc: Mapped[bytes] = mapped_column(LargeBinary)
    phone_index: Mapped[bytes] = mapped_column(LargeBinary)
    phone_last4: Mapped[str] = mapped_column(String(4))
    name_enc: Mapped[bytes] = mapped_column(LargeBinary)
    birthday_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    birth_month: Mapped[int | None] = mapped_column(Integer)  # for birthday coupons
    id_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_number_index: Mapped[bytes | None] = mapped_column(LargeBinary)
    gender: Mapped[str | None] = mapped_column(String(1))  # F | M | None
    preferences: Mapped[str] = mapped_column(Text, default="{}")
    channel: Mapped[str] = mapped_column(String(20))  # counter | self | import | demo
    store_no: Mapped[int] = mapped_column(Integer)
    consent_at: Mapped[datetime] = mapped_column(DateTime)
    consent_version: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str] = mapped_column(String(20))
    points_balance: Mapped[int] = mapped_column(Integer, default=0)
    wallet_principal_fen: Mapped[int] = mapped_column(Integer, default=0)
    wallet_bonus_fen: Mapped[int] = mapped_column(Integer, default=0)
    has_wallet: Mapped[bool] = mapped_column(Boolean, default=False)
    referrer_id: Mapped[str | None] = mapped_column(ID, ForeignKey("members.id"))
    referral_rewarded: Mapped[bool] = mapped_column(Boolean, default=False)
    first_purchase_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_checkin_day: Mapped[date | None] = mapped_column(Date)
    checkin_streak: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        # One live member per phone; deleted members free their number.
        Index(
            "ux_members_phone_live",
            "phone_index",
            unique=True,
            sqlite_where=text("status = 'active'"),
        ),
        Index(
            "ux_members_id_number_live",
            "id_number_index",
            unique=True,
            sqlite_where=text("status = 'active' AND id_number_index IS NOT NULL"),
        ),
        Index("ix_members_last4", "phone_last4"),
        Index("ix_members_birth_month", "birth_month"),
    )


class Card(Base):
    __tablename__ = "cards"
    card_no: Mapped[str] = mapped_column(String(20), primary_key=True)
    member_id: Mapped[str] = mapped_column(ID, ForeignKey("members.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | replaced
    issued_at: Mapped[datetime] = mapped_column(DateTime)


class PeriodStats(Base):
    """A member's qualifying spend and points earned in one tier period."""

    __tablename__ = "member_period_stats"
    member_id: Mapped[str] = mapped_column(ID, ForeignKey("members.id"), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    spend_fen: Mapped[int] = mapped_column(Integer, default=0)
    points_earned: Mapped[int] = mapped_column(Integer, default=0)


class LedgerEntry(Base):
    """Append-only: a change of points or stored value. Never updated or deleted."""

    __tablename__ = "ledger_entries"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    member_id: Mapped[str] = mapped_column(ID, ForeignKey("members.id"))
    account: Mapped[str] = mapped_column(String(10))  # points | wallet
    bucket: Mapped[str] = mapped_column(String(10))  # points | principal | bonus
    amount: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    sale_id: Mapped[str | None] = mapped_column(ID, ForeignKey("sales.id"))
    topup_id: Mapped[str | None] = mapped_column(ID, ForeignKey("topups.id"))
    refund_id: Mapped[str | None] = mapped_column(ID, ForeignKey("refunds.id"))
    reference: Mapped[str | None] = mapped_column(String(64))
    terminal: Mapped[str] = mapped_column(String(8))
    operator_id: Mapped[str | None] = mapped_column(ID, ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_ledger_member", "member_id", "account"),
        Index("ix_ledger_sale", "sale_id", sqlite_where=text("sale_id IS NOT NULL")),
    )


class PointsLot(Base):
    """Points earned together, spent first-to-expire-first."""

    __tablename__ = "points_lots"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    member_id: Mapped[str] = mapped_column(ID, ForeignKey("members.id"))
    entry_id: Mapped[str] = mapped_column(ID, ForeignKey("ledger_entries.id"))
    earned_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
    remaining: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_lots_member", "member_id", "expires_on"),
        Index("ix_lots_live_expiry", "expires_on", sqlite_where=text("remaining > 0")),
    )


class LotMovement(Base):
    """Which lots a points entry drew from (or gave back to), so refunds can restore them."""

    __tablename__ = "lot_movements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lot_id: Mapped[str] = mapped_column(ID, ForeignKey("points_lots.id"), index=True)
    entry_id: Mapped[str] = mapped_column(ID, ForeignKey("ledger_entries.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)  # negative = taken from the lot


class Sale(Base):
    __tablename__ = "sales"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(24), unique=True)
    member_id: Mapped[str] = mapped_column(ID, ForeignKey("members.id"), index=True)
    operator_id: Mapped[str] = mapped_column(ID, ForeignKey("operators.id"))
    rule_version: Mapped[int] = mapped_column(Integer)
    tier: Mapped[str] = mapped_column(String(20))
    subtotal_fen: Mapped[int] = mapped_column(Integer)
    tier_discount_fen: Mapped[int] = mapped_column(Integer)
    coupon_discount_fen: Mapped[int] = mapped_column(Integer)
    coupon_code: Mapped[str | None] = mapped_column(String(24))
    due_fen: Mapped[int] = mapped_column(Integer)
    change_fen: Mapped[int] = mapped_column(Integer)
    earn_base_fen: Mapped[int] = mapped_column(Integer)
    points_earned: Mapped[int] = mapped_column(Integer)
    points_spent: Mapped[int] = mapped_column(Integer)
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    business_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SaleLine(Base):
    __tablename__ = "sale_lines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[str] = mapped_column(ID, ForeignKey("sales.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    amount_fen: Mapped[int] = mapped_column(Integer)


class SaleTender(Base):
    """One tender of a sale. For points, `amount_fen` is their value and `points` the count;
    for stored value, `principal_fen` + `bonus_fen` = `amount_fen`."""

    __tablename__ = "sale_tenders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[str] = mapped_column(ID, ForeignKey("sales.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # points | wallet | cash | card | mobile
    amount_fen: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer, default=0)
    principal_fen: Mapped[int] = mapped_column(Integer, default=0)
    bonus_fen: Mapped[int] = mapped_column(Integer, default=0)
    tendered_fen: Mapped[int] = mapped_column(Integer, default=0)  # cash handed over
    reference: Mapped[str | None] = mapped_column(String(64))


class Refund(Base):
    __tablename__ = "refunds"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(24), unique=True)
    sale_id: Mapped[str] = mapped_column(ID, ForeignKey("sales.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    points_value_fen: Mapped[int] = mapped_column(Integer)
    wallet_principal_fen: Mapped[int] = mapped_column(Integer)
    wallet_bonus_fen: Mapped[int] = mapped_column(Integer)
    cash_fen: Mapped[int] = mapped_column(Integer)
    card_fen: Mapped[int] = mapped_column(Integer)
    mobile_fen: Mapped[int] = mapped_column(Integer)
    points_back: Mapped[int] = mapped_column(Integer)
    points_clawback: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    operator_id: Mapped[str] = mapped_column(ID, ForeignKey("operators.id"))
    approver_id: Mapped[str] = mapped_column(ID, ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class TopUp(Base):
    __tablename__ = "topups"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(24), unique=True)
    member_id: Mapped[str] = mapped_column(ID, ForeignKey("members.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    bonus_fen: Mapped[int] = mapped_column(Integer)
    tender: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str | None] = mapped_column(String(64))
    rule_version: Mapped[int] = mapped_column(Integer)
    operator_id: Mapped[str] = mapped_column(ID, ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Coupon(Base):
    __tablename__ = "coupons"
    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # amount | percent
    value: Mapped[int] = mapped_column(Integer)
    min_spend_fen: Mapped[int] = mapped_column(Integer, default=0)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    member_id: Mapped[str | None] = mapped_column(ID, ForeignKey("members.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))  # birthday | manual | headoffice
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    sale_id: Mapped[str | None] = mapped_column(ID, ForeignKey("sales.id"))

    __table_args__ = (
        Index(
            "ux_coupons_birthday",
            "member_id",
            "source",
            "valid_from",
            unique=True,
            sqlite_where=text("source = 'birthday'"),
        ),
    )


class CatalogueItem(Base):
    """`stock` is what the counter shows and redeems against. Standalone, it is the
    store's own count. Enrolled, head office holds the stock: `confirmed_stock` is its
    latest figure from the feed and `stock` that figure less this terminal's redemptions
    head office's figure does not include yet (`terminal.sync.stock`)."""

    __tablename__ = "catalogue_items"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    points_price: Mapped[int] = mapped_column(Integer)
    stock: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    confirmed_stock: Mapped[int | None] = mapped_column(Integer)


class Redemption(Base):
    """`feed_seq`: once head office answered for its event, the feed sequence its effects
    are in; until the pull has reached it, the redemption is taken off the confirmed stock."""

    __tablename__ = "redemptions"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    member_id: Mapped[str] = mapped_column(ID, ForeignKey("members.id"), index=True)
    item_id: Mapped[str] = mapped_column(ID, ForeignKey("catalogue_items.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    operator_id: Mapped[str] = mapped_column(ID, ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    feed_seq: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_redemptions_item", "item_id"),)


class CheckIn(Base):
    __tablename__ = "checkins"
    member_id: Mapped[str] = mapped_column(ID, ForeignKey("members.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    streak: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)


class Adjustment(Base):
    __tablename__ = "adjustments"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    member_id: Mapped[str] = mapped_column(ID, ForeignKey("members.id"), index=True)
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[str] = mapped_column(ID, ForeignKey("operators.id"))
    approver_id: Mapped[str] = mapped_column(ID, ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRow(Base):
    """Append-only, hash-chained: each row's hash covers its content and the previous hash."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    operator_id: Mapped[str | None] = mapped_column(ID)
    approver_id: Mapped[str | None] = mapped_column(ID)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text)  # JSON; sensitive values masked
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class OutboxEvent(Base):
    """Events for head office, in the order they happened. Sensitive fields are sealed."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    aggregate_id: Mapped[str | None] = mapped_column(ID)
    payload: Mapped[str] = mapped_column(Text)  # JSON
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)  # AES-GCM JSON of PII
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12), default="pending")

    __table_args__ = (Index("ix_outbox_pending", "seq", sqlite_where=text("status = 'pending'")),)


# --- sync with head office ----------------------------------------------------------------
# The terminal's secret is not in the database: it lives in a file beside the key file (see
# `terminal.sync.keys`), so a copied database cannot sign requests.
class SyncState(Base):
    """One row once the terminal is enrolled."""

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    base_url: Mapped[str] = mapped_column(String(300))
    terminal_id: Mapped[str] = mapped_column(String(20))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    cursor: Mapped[int] = mapped_column(Integer, default=0)  # head office's change seq
    last_push_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_pull_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The change a pull could not apply: the pull waits there (an upgrade) and skips nothing.
    pull_stopped_seq: Mapped[int | None] = mapped_column(Integer)
    pull_stopped_reason: Mapped[str | None] = mapped_column(Text)
    # The audit row head office holds as this terminal's anchor, and what it found wrong.
    audit_anchor_seq: Mapped[int | None] = mapped_column(Integer)
    audit_alarm: Mapped[str | None] = mapped_column(Text)
    # A new terminal's catch-up from head office's snapshot: the feed sequence it is as of
    # and the last member loaded (None once it is done, and the feed follows from as_of).
    snapshot_as_of: Mapped[int | None] = mapped_column(Integer)
    snapshot_after: Mapped[str | None] = mapped_column(String(40))


class SyncRejection(Base):
    """An outbox event head office refused, kept for the manager to see."""

    __tablename__ = "sync_rejections"
    event_id: Mapped[str] = mapped_column(ID, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    rejected_at: Mapped[datetime] = mapped_column(DateTime)


class HotlistEntry(Base):
    __tablename__ = "sync_hotlist"
    member_id: Mapped[str] = mapped_column(ID, primary_key=True)
    reason: Mapped[str] = mapped_column(String(100))
    listed_at: Mapped[datetime] = mapped_column(DateTime)


class ConfirmedBalance(Base):
    """The member's balances as head office last confirmed them. `applied` is false until
    they are settled into the local balance: while a pull has not yet reached the end of
    head office's feed (an older confirmation may omit this terminal's own events), and
    while this terminal still has events of the member that head office has not seen.
    `settled_at` is the time of the confirmation the local balance last took (shown
    offline as "confirmed at HH:MM")."""

    __tablename__ = "sync_confirmed_balances"
    member_id: Mapped[str] = mapped_column(ID, primary_key=True)
    points: Mapped[int] = mapped_column(Integer)
    wallet_principal_fen: Mapped[int] = mapped_column(Integer)
    wallet_bonus_fen: Mapped[int] = mapped_column(Integer)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)
    change_seq: Mapped[int] = mapped_column(Integer)
    applied: Mapped[bool] = mapped_column(Boolean, default=True)
    settled_at: Mapped[datetime | None] = mapped_column(DateTime)
