"""The wire contract between a terminal and head office (version 1).

Pure code, no I/O: both sides import this module (head office imports nothing else of
the terminal but `terminal.domain`). Everything on the wire is JSON. Money is integer fen
in fields ending in `_fen`, points are integers, times are ISO 8601 in UTC with a `Z`.

Paths
-----
Unsigned: `POST /v1/enrol` (the one-time code is the credential), `GET /v1/health`, and
the member's self sign-up page `GET|POST /signup/<token>`. Every other request carries the
signature headers below.

Signing
-------
Every signed request carries `X-Pos-Terminal` (terminal id), `X-Pos-Timestamp` (Unix
seconds, integer), `X-Pos-Nonce` (random, 16 to 64 chars of [A-Za-z0-9_-]) and
`X-Pos-Signature` = hex HMAC-SHA256, keyed with the terminal's secret, over
`canonical_request(...)`: method, path with the raw query string exactly as sent, timestamp,
nonce and the SHA-256 of the body bytes, one per line. Head office refuses a timestamp
more than `MAX_CLOCK_SKEW_SECONDS` away from its clock and a nonce it has already seen
from that terminal within the window (a replay); both answer 401 with an `Error` body.
Clients must send the query string byte for byte as they signed it (build the URL string
yourself rather than letting the HTTP library re-encode `params`).

Personal data
-------------
The outbox seals PII (phone, name, birthday, ID number) with the terminal's local key,
which head office never has. The relay opens the seal and sends the fields in clear in
`PushEvent.pii`, inside the signed (and, in production, HTTPS) request; head office
stores them under its own key. Change-feed member records carry the phone, name and
birthday in clear only for members the terminal may read (its own store's, and those it
looked up: `headoffice/visibility.py`); others come with these fields null.

Versioning
----------
`PROTOCOL_VERSION` changes only for incompatible changes. Additive changes (a new
optional field, a new change kind, a new event kind) keep the version: readers ignore
fields and change kinds they do not know (all models here `ignore` extra fields).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from terminal.domain.events import (  # noqa: F401  (re-exported: the events' wire models)
    EVENT_MODELS,
    MAX_FEN,
    MAX_POINTS,
    MAX_REDEEM_QUANTITY,
    MAX_SEQ,
    BadEvent,
    PersonalData,
    check_event,
)

PROTOCOL_VERSION = 1

# --- paths ------------------------------------------------------------------------------

PATH_HEALTH = "/v1/health"
PATH_ENROL = "/v1/enrol"
PATH_PUSH = "/v1/sync/push"
PATH_CHANGES = "/v1/sync/changes"  # ?after=SEQ[&limit=N]
PATH_SNAPSHOT = "/v1/sync/snapshot"  # ?after=MEMBER_ID[&limit=N]
PATH_RESERVE = "/v1/spend/reserve"
PATH_CAPTURE = "/v1/spend/capture"
PATH_VOID = "/v1/spend/void"
PATH_MEMBER_LOOKUP = "/v1/members/lookup"  # ?phone=...  or  ?card=...
PATH_SIGNUP_TOKEN = "/v1/signup/tokens"
PATH_AUDIT_ANCHOR = "/v1/audit/anchor"
SIGNUP_PAGE_PREFIX = "/signup/"  # + token: the page the counter's QR code opens


def signup_page_path(token: str) -> str:
    return f"{SIGNUP_PAGE_PREFIX}{token}"


# --- signing ----------------------------------------------------------------------------

HEADER_TERMINAL = "X-Pos-Terminal"
HEADER_TIMESTAMP = "X-Pos-Timestamp"
HEADER_NONCE = "X-Pos-Nonce"
HEADER_SIGNATURE = "X-Pos-Signature"
HEADER_PROTOCOL = "X-Pos-Protocol"  # optional on requests; always on head office's answers

MAX_CLOCK_SKEW_SECONDS = 300
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# Default page sizes; head office caps what a client asks for.
PUSH_MAX_EVENTS = 500
# Request bodies head office reads at most: a push batch (500 of the largest events stay
# far below it), and every other request. A larger body is refused with 413 unread.
PUSH_MAX_BYTES = 8 * 1024 * 1024
REQUEST_MAX_BYTES = 64 * 1024
CHANGES_DEFAULT_LIMIT = 500
SNAPSHOT_MAX_LIMIT = 5000
CHANGES_MAX_LIMIT = 5000


def body_hash(body: bytes) -> str:
    """Hex SHA-256 of the request body (of b"" for a GET)."""
    return hashlib.sha256(body).hexdigest()


def canonical_request(method: str, target: str, timestamp: str, nonce: str, body: bytes) -> str:
    """The string both sides sign. `target` is the path plus `?query` if there is one,
    exactly as it travels on the wire."""
    return "\n".join([method.upper(), target, timestamp, nonce, body_hash(body)])


def sign(secret: bytes, method: str, target: str, timestamp: str, nonce: str, body: bytes) -> str:
    message = canonical_request(method, target, timestamp, nonce, body).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def signature_matches(
    secret: bytes,
    signature: str,
    method: str,
    target: str,
    timestamp: str,
    nonce: str,
    body: bytes,
) -> bool:
    if not signature.isascii():  # compare_digest refuses non-ASCII text
        return False
    expected = sign(secret, method, target, timestamp, nonce, body)
    return hmac.compare_digest(expected, signature.strip().lower())


def signed_headers(
    terminal_id: str,
    secret: bytes,
    method: str,
    target: str,
    body: bytes,
    now: datetime,
    nonce: str,
) -> dict[str, str]:
    """The headers of one signed request. The caller supplies the clock and the nonce
    (e.g. `secrets.token_urlsafe(18)`) so that this stays pure and testable."""
    timestamp = str(int(now.timestamp()))
    return {
        HEADER_TERMINAL: terminal_id,
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: sign(secret, method, target, timestamp, nonce, body),
        HEADER_PROTOCOL: str(PROTOCOL_VERSION),
    }


def skew_seconds(timestamp: str, now: datetime) -> int | None:
    """Seconds between a request's timestamp and `now`; None when it is not a number."""
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return None
    return abs(int(now.timestamp()) - int(timestamp))


def utc_text(at: datetime) -> str:
    """ISO 8601 UTC with a Z, as every time on the wire is written. Naive means UTC."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds") + "Z"


# --- models -----------------------------------------------------------------------------


class Wire(BaseModel):
    """Base of every message: unknown fields are ignored, so additions stay compatible."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Request(Wire):
    """Base of what a terminal sends: types are strict (`false` is no number, `1` no
    text), so a request either means exactly what the document says or is a 400."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


class Error(Wire):
    """Every 4xx/5xx answer of the API: a code a program can test and a sentence a
    manager can read."""

    error: str  # e.g. "bad_signature", "skewed_clock", "replayed", "revoked", "invalid"
    message: str


class Health(Wire):
    status: Literal["ok"] = "ok"
    protocol_version: int = PROTOCOL_VERSION
    server_time: str


# Enrolment ------------------------------------------------------------------------------


class EnrolRequest(Request):
    code: str = Field(min_length=4, max_length=64)  # the one-time code `hoctl` printed
    device_name: str = Field(default="", max_length=100)
    protocol_version: int = PROTOCOL_VERSION


class EnrolResponse(Wire):
    """The terminal keeps `secret` outside its database file; it signs every request with
    the bytes `bytes.fromhex(secret)`. `terminal_id` is the store and terminal number as
    the terminal's outbox writes it (`f"{store_no:04d}{terminal_no:02d}"`)."""

    terminal_id: str
    store_no: int
    terminal_no: int
    store_name: str
    timezone: str
    secret: str  # hex, 32 bytes
    protocol_version: int = PROTOCOL_VERSION
    server_time: str


# Push -----------------------------------------------------------------------------------

EventStatus = Literal["applied", "duplicate", "rejected"]


class PushEvent(Request):
    """One outbox event as the terminal holds it: `id` (UUIDv7) is the idempotency key;
    `seq` is the terminal's outbox order; `payload` is the outbox JSON unchanged (it
    carries `terminal` and `at`); `pii` is the opened seal (phone, name, birthday,
    id_number) or None."""

    id: str = Field(min_length=1, max_length=40)
    seq: int = Field(ge=0, le=MAX_SEQ)
    kind: str = Field(min_length=1, max_length=40)
    aggregate_id: str | None = Field(default=None, max_length=40)
    created_at: str = Field(max_length=40)
    payload: dict[str, Any]
    pii: dict[str, Any] | None = None


class PushRequest(Request):
    events: list[PushEvent] = Field(max_length=PUSH_MAX_EVENTS)


class EventResult(Wire):
    """`applied`: booked now. `duplicate`: this id was applied before; the terminal marks
    it sent. `rejected`: never applied; `reason` says why for the manager; it does not
    block the events after it, and sending the same id again answers `rejected` with the
    same reason (head office records rejections too)."""

    id: str
    status: EventStatus
    reason: str | None = None


class PushResponse(Wire):
    """`feed_seq`: the change feed's last sequence once the batch was committed; what the
    batch changed (balances, catalogue stock) is in the feed at or before it."""

    results: list[EventResult]
    server_time: str
    feed_seq: int | None = None


# Audit anchors --------------------------------------------------------------------------

AuditHash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class AuditAnchorRequest(Request):
    """The head of the terminal's audit chain (`seq`, `hash`) and what its chain now holds
    at the row head office anchored last (`since_seq`; `since_hash` is None when that row
    is gone). Head office moves the anchor on only when the chain still holds that row
    unchanged, so a cut or a rewrite of the chain is caught even by whoever has the key."""

    seq: int = Field(ge=1, le=MAX_SEQ)
    hash: AuditHash
    since_seq: int | None = Field(default=None, ge=1, le=MAX_SEQ)
    since_hash: AuditHash | None = None


class AuditAnchor(Wire):
    """The latest row of a terminal's audit chain head office holds; `alarm` says what
    head office saw wrong, until its staff accept the chain again."""

    seq: int
    hash: str
    anchored_at: str
    alarm: str | None = None


class AuditAnchorResponse(Wire):
    anchor: AuditAnchor | None = None


# Change feed ----------------------------------------------------------------------------

ChangeKind = Literal["member", "merge", "balance", "rules", "catalogue", "hotlist"]


class Change(Wire):
    """One row of head office's change log. `seq` is strictly increasing and never skips
    a committed row; `data` follows the model of its kind (`CHANGE_MODELS`)."""

    seq: int
    kind: str  # a ChangeKind; unknown kinds are skipped by older terminals
    at: str
    data: dict[str, Any]


class ChangesPage(Wire):
    """Apply `changes` and store `next` as the cursor in one local transaction, then ask
    again with `after=next` while `more` is true."""

    after: int
    next: int
    more: bool
    changes: list[Change]
    server_time: str


class SnapshotPage(Wire):
    """A new terminal's catch-up: the chain's live members with their balances, in pages
    by member id, then the feed from `as_of`. Each page holds member and balance changes
    (the first page also rules, catalogue and hotlist) numbered `as_of`, the feed's last
    sequence when the page was read: every page is at least that new, and what happened
    after it comes again with the feed. Ask again with `after=next` while `more` is true."""

    as_of: int
    next: str
    more: bool
    changes: list[Change]
    server_time: str


class MemberData(Wire):
    """A member as head office knows it (kind `member`). `status` is `active` or `merged`
    (then `merged_into` is set). `signup_terminal` is the terminal whose QR code a member
    used to sign up on their phone, so that terminal can show the new member at once."""

    member_id: str
    card_nos: list[str]
    phone: str | None = None  # E.164
    name: str | None = None
    birthday: str | None = None  # YYYY-MM-DD
    gender: str | None = None
    tier: str
    store_no: int | None = None
    status: Literal["active", "merged"] = "active"
    merged_into: str | None = None
    channel: str | None = None
    signed_up_at: str
    origin_terminal: str | None = None  # the terminal (or "headoffice") that created it
    signup_terminal: str | None = None


class MergeData(Wire):
    """Kind `merge`: `from_member_id` signed up the same phone later than `into_member_id`;
    its cards now find `into_member_id`, its balances were transferred by entries."""

    from_member_id: str
    into_member_id: str
    card_nos: list[str]
    points_moved: int
    wallet_principal_moved_fen: int
    wallet_bonus_moved_fen: int


class BalanceData(Wire):
    """Kind `balance`: the member's balances confirmed by head office's ledgers after every
    event it has applied up to this change."""

    member_id: str
    points: int
    wallet_principal_fen: int
    wallet_bonus_fen: int
    confirmed_at: str


class RulesData(Wire):
    """Kind `rules`: a new version of the rules (`terminal.domain.rules.Rules.to_dict()`),
    including the offline policy caps."""

    version: int
    body: dict[str, Any]


class CatalogueData(Wire):
    """Kind `catalogue`: an item and its stock confirmed by head office after every
    redemption it has booked up to this change. Stock held by open online reservations
    is not taken off; redemptions made offline elsewhere may drive it below zero."""

    sku: str
    name: str
    points_price: int
    stock: int
    active: bool = True


class HotlistData(Wire):
    """Kind `hotlist`: `listed` true puts the member on the hotlist (no offline spends);
    false takes them off. `reason` is e.g. `negative_balance`."""

    member_id: str
    listed: bool
    reason: str


CHANGE_MODELS: dict[str, type[Wire]] = {
    "member": MemberData,
    "merge": MergeData,
    "balance": BalanceData,
    "rules": RulesData,
    "catalogue": CatalogueData,
    "hotlist": HotlistData,
}


def change_data(change: Change) -> Wire | None:
    """The typed data of a change, or None for a kind this version does not know."""
    model = CHANGE_MODELS.get(change.kind)
    return model.model_validate(change.data) if model else None


# Spend reservations ---------------------------------------------------------------------

ReservationStatus = Literal["reserved", "captured", "voided", "refused"]


class ReserveRequest(Request):
    """Hold `points` and/or `wallet_fen` of a member's live balance for a sale being paid.
    Idempotent by `reservation_id` (the terminal makes it, a UUIDv7): asking again answers
    the same reservation. Not captured within `RESERVATION_TIMEOUT_SECONDS`, it is voided."""

    reservation_id: str = Field(min_length=1, max_length=40)
    member_id: str = Field(min_length=1, max_length=40)
    points: int = Field(default=0, ge=0, le=MAX_POINTS)
    wallet_fen: int = Field(default=0, ge=0, le=MAX_FEN)
    # A redemption also holds `quantity` of catalogue item `sku` against head office's stock.
    sku: str | None = Field(default=None, min_length=1, max_length=40)
    quantity: int = Field(default=0, ge=0, le=MAX_REDEEM_QUANTITY)


class CaptureRequest(Request):
    """Capture a reservation for the sale that used it. The sale's own `sale.completed`
    event books the spend; a `reservation_id` in that event's payload captures too."""

    reservation_id: str = Field(min_length=1, max_length=40)
    sale_id: str = Field(min_length=1, max_length=40)


class VoidRequest(Request):
    reservation_id: str = Field(min_length=1, max_length=40)


RefusalCode = Literal[
    "unknown_member",
    "nothing_to_reserve",
    "hotlisted",
    "not_enough_points",
    "not_enough_wallet",
    "unknown_item",
    "out_of_stock",
    "id_reused",
    "unknown_reservation",
    "captured_elsewhere",
]


class ReservationResponse(Wire):
    """`refused` has a `reason` for the cashier (e.g. insufficient balance, hotlisted,
    unknown member) and a stable `code` (`RefusalCode`). `available_*` (on a new
    reservation) are the live balances less every open hold, this one included;
    `available_stock` the item's stock less every open hold, for a redemption."""

    reservation_id: str
    status: ReservationStatus
    reason: str | None = None
    member_id: str | None = None
    points: int = 0
    wallet_fen: int = 0
    expires_at: str | None = None
    available_points: int | None = None
    available_wallet_fen: int | None = None
    code: str | None = None  # a RefusalCode when refused; unknown codes read as a refusal
    sku: str | None = None
    quantity: int = 0
    available_stock: int | None = None


RESERVATION_TIMEOUT_SECONDS = 120


# Member lookup and self sign-up ---------------------------------------------------------


class MemberLookupResponse(Wire):
    """`member` is None when no live member has that phone or card; a merged member's
    card answers the member it was merged into."""

    member: MemberData | None
    balance: BalanceData | None = None
    hotlisted: bool = False


class SignupTokenResponse(Wire):
    """A short-lived token for the counter's QR code: `url_path` is relative to head
    office's public address (the terminal joins it to the URL it enrolled with)."""

    token: str
    url_path: str
    expires_at: str


SIGNUP_TOKEN_TTL_SECONDS = 600
