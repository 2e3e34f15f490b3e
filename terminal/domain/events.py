"""The typed payload of every outbox event kind, as it travels to head office.

The terminal checks each payload against its model when it writes the event; head office
checks it again before applying it and rejects that one event, with the reason, when it
does not fit. Every number is bounded (nothing near a 64-bit column's limit) and every
string has a length; types are strict (a name is never 12345). Fields a kind does not
declare are ignored, so additions stay compatible.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_FEN = 1_000_000_000  # ¥10,000,000 in one event
MAX_POINTS = 1_000_000_000
MAX_SEQ = 2**53  # exact in every JSON reader
MAX_RULE_VERSION = 2**31 - 1
MAX_REDEEM_QUANTITY = 100  # of one catalogue item in one redemption

Id = Annotated[str, Field(min_length=1, max_length=40)]
Code = Annotated[str, Field(min_length=1, max_length=40)]
Fen = Annotated[int, Field(ge=0, le=MAX_FEN)]
Points = Annotated[int, Field(ge=0, le=MAX_POINTS)]
SignedPoints = Annotated[int, Field(ge=-MAX_POINTS, le=MAX_POINTS)]
StoreNo = Annotated[int, Field(ge=1, le=9999)]
RuleVersion = Annotated[int, Field(ge=0, le=MAX_RULE_VERSION)]
Text = Annotated[str, Field(max_length=200)]


class Payload(BaseModel):
    """Fields every event carries: the terminal that wrote it and when."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    terminal: Annotated[str, Field(max_length=16)] | None = None
    at: Annotated[str, Field(max_length=40)] | None = None


class PersonalData(BaseModel):
    """The opened seal of a member event (`PushEvent.pii`)."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    phone: Annotated[str, Field(max_length=32)] | None = None
    name: Annotated[str, Field(max_length=50)] | None = None
    birthday: Annotated[str, Field(max_length=10)] | None = None
    id_number: Annotated[str, Field(max_length=32)] | None = None


class MemberSignedUp(Payload):
    member_id: Id
    card_no: Code
    tier: Code
    channel: Code | None = None
    store_no: StoreNo | None = None
    referrer_id: Id | None = None
    gender: Annotated[str, Field(max_length=20)] | None = None


class MemberUpdated(Payload):
    """A change of a member's profile: the operator who made it and the manager who
    approved it, a second person (head office refuses a change without both)."""

    member_id: Id
    fields: list[Code] = Field(default_factory=list, max_length=20)
    gender: Annotated[str, Field(max_length=20)] | None = None
    operator_id: Id | None = None
    approved_by: Id | None = None


class MemberTierChanged(Payload):
    member_id: Id
    to: Code
    reason: Text | None = None


class WalletToppedUp(Payload):
    member_id: Id
    topup_id: Id | None = None
    amount_fen: Fen
    bonus_fen: Fen = 0
    rule_version: RuleVersion | None = None


class SaleCompleted(Payload):
    sale_id: Id
    member_id: Id
    rule_version: RuleVersion | None = None
    points_spent: Points = 0
    points_earned: Points = 0
    wallet_principal_fen: Fen = 0
    wallet_bonus_fen: Fen = 0
    promoted_to: Code | None = None
    referrer_rewarded: Id | None = None
    reservation_id: Id | None = None


class SaleRefunded(Payload):
    member_id: Id
    sale_id: Id | None = None
    wallet_principal_fen: Fen = 0
    wallet_bonus_fen: Fen = 0
    points_back: Points = 0
    points_clawback: Points = 0


class PointsAdjusted(Payload):
    member_id: Id
    points: SignedPoints


class PointsMoved(Payload):
    """Check-in, redemption and expiry: a count of points, the sign is the kind's."""

    member_id: Id
    points: Points
    reservation_id: Id | None = None


class PointsRedeemed(PointsMoved):
    """Points exchanged for `quantity` of catalogue item `sku`: head office takes the
    points and the stock (a redemption already made offline is booked even past zero)."""

    redemption_id: Id | None = None
    sku: Code | None = None
    quantity: Annotated[int, Field(ge=0, le=MAX_REDEEM_QUANTITY)] = 0
    spend_mode: Annotated[str, Field(max_length=20)] | None = None


class OperatorAdded(Payload):
    """A new operator of the terminal's store; head office keeps who may approve."""

    operator_id: Id
    role: Code
    name: Annotated[str, Field(max_length=100)] | None = None


class Recorded(Payload):
    """Kinds head office keeps in its archive without booking anything."""

    member_id: Id | None = None


EVENT_MODELS: dict[str, type[Payload]] = {
    "member.signed_up": MemberSignedUp,
    "member.updated": MemberUpdated,
    "member.tier_changed": MemberTierChanged,
    "wallet.topped_up": WalletToppedUp,
    "sale.completed": SaleCompleted,
    "sale.refunded": SaleRefunded,
    "points.adjusted": PointsAdjusted,
    "points.checked_in": PointsMoved,
    "points.redeemed": PointsRedeemed,
    "points.expired": PointsMoved,
    "coupon.issued": Recorded,
    "operator.added": OperatorAdded,
    "operator.pin_changed": Recorded,
    "rules.changed": Recorded,
    "catalogue.item_set": Recorded,
}


class BadEvent(ValueError):
    """An event that does not fit its kind's model; the message names the first field."""


def _reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(x) for x in first.get("loc", ())) or "payload"
    return f"'{where}': {first.get('msg')}"


def check_event(kind: str, payload: Any, pii: Any = None) -> Payload:
    """The typed payload of one event, or BadEvent saying what is wrong."""
    model = EVENT_MODELS.get(kind)
    if model is None:
        raise BadEvent(f"unknown event kind '{kind}'")
    try:
        typed = model.model_validate(payload)
        if pii is not None:
            PersonalData.model_validate(pii)
    except ValidationError as exc:
        raise BadEvent(_reason(exc)) from None
    return typed
