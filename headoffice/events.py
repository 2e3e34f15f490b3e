"""Applying one terminal event to head office's books.

Each applier first checks the event and finds what it refers to, raising `Rejected`
before it writes anything; then it books its effects. Offline spends are facts: they
are booked even when a balance goes below zero (the hotlist follows in `settle`).
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from headoffice import flags, ledger, members, rules, stock, trust
from headoffice.errors import Rejected
from headoffice.models import Card, Member, Reservation
from headoffice.work import Work
from terminal.domain import identity
from terminal.domain.errors import InvalidInput
from terminal.domain.rules import Rules
from terminal.sync.protocol import BadEvent, PushEvent, check_event

MAX_AMOUNT = 10**12  # far above any real figure; refuses garbage before it hits BIGINT
PHONE_REGIONS = ("CN", "HK", "MO", "TW")  # what a terminal may have accepted


class Applying:
    """What an applier gets: the unit of work, the event and the sending terminal."""

    def __init__(self, work: Work, event: PushEvent, terminal_id: str) -> None:
        self.work = work
        self.event = event
        self.terminal_id = terminal_id
        self.payload = event.payload

    def int(self, key: str, *, signed: bool = False, default: int | None = None) -> int:
        value = self.payload.get(key, default)
        if value is None and default is not None:
            value = default
        if not isinstance(value, int) or isinstance(value, bool):
            raise Rejected(f"'{key}' must be a whole number")
        if abs(value) > MAX_AMOUNT or (value < 0 and not signed):
            raise Rejected(f"'{key}' is out of range")
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.payload.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value or len(value) > 100:
            raise Rejected(f"'{key}' is missing or not text")
        return value

    def member(self, key: str = "member_id") -> Member:
        member_id = self.text(key)
        member = members.locked(self.work, member_id)
        if member is None:
            raise Rejected(f"unknown member {member_id}")
        return member

    def at(self) -> datetime:
        raw = self.payload.get("at") or self.event.created_at
        try:
            return datetime.fromisoformat(str(raw).removesuffix("Z"))
        except ValueError:
            raise Rejected(f"'at' is not a time: {raw!r}") from None

    def post(self, member: Member, account: str, amount: int, kind: str) -> None:
        ledger.post(
            self.work,
            member,
            account,
            amount,
            kind,
            event_id=self.event.id,
            reference=self.event.aggregate_id,
            terminal_id=self.terminal_id,
        )


def _pii(a: Applying) -> dict[str, Any]:
    """The event's personal data, its phone in E.164 (the blind index depends on it)."""
    pii = {k: v for k, v in (a.event.pii or {}).items() if k in members.PII_FIELDS}
    if pii.get("phone"):
        try:
            pii["phone"] = identity.normalise_phone(str(pii["phone"]), allowed=PHONE_REGIONS)
        except InvalidInput as exc:
            raise Rejected(str(exc)) from None
    return pii


def _signed_up(a: Applying) -> None:
    member_id, card_no = a.text("member_id"), a.text("card_no")
    store_no = trust.check_signup_store(a.terminal_id, a.payload.get("store_no"))
    pii = _pii(a)
    session = a.work.session
    if member_id in a.work.locked or member_id in a.work.absent:
        existing = a.work.locked.get(member_id)
    else:
        existing = session.get(Member, member_id)
    with session.no_autoflush:
        if card_no in a.work.cards_read:  # read with the batch: no query if not there
            card = a.work.cards.get(card_no)
        else:
            card = session.get(Card, card_no)
    if card is not None and card.member_id != member_id:
        raise Rejected(f"card {card_no} already belongs to another member")
    if existing is not None:  # known already (e.g. sent again under a new event id)
        return
    member = members.create(
        a.work,
        member_id=member_id,
        card_no=card_no,
        tier=a.text("tier"),
        pii=pii,
        signed_up_at=a.at(),
        store_no=store_no,
        channel=a.text("channel", required=False),
        gender=a.text("gender", required=False),
        origin_terminal=a.terminal_id,
    )
    a.work.cards_read.add(card_no)
    a.work.cards[card_no] = next(
        o for o in session.new if isinstance(o, Card) and o.card_no == card_no
    )
    members.publish_record(a.work, member, [card_no])


def _updated(a: Applying) -> None:
    trust.check_profile_change(
        a.work, a.terminal_id, a.payload.get("operator_id"), a.payload.get("approved_by")
    )
    member = a.member()
    changed = _pii(a)
    pii = {**a.work.vault.open_json(member.pii), **changed}
    if "gender" in a.payload:
        member.gender = a.text("gender", required=False)
    old_index = member.phone_index
    members.set_pii(a.work, member, {k: v for k, v in pii.items() if v})
    if member.phone_index and member.phone_index != old_index:
        a.work.new_phones.add(member.phone_index)
    members.publish_record(a.work, member)
    flags.count(a.work, a.terminal_id, flags.MEMBER_CHANGES)


def _tier_changed(a: Applying) -> None:
    member = a.member()
    member.tier = a.text("to")
    members.publish_record(a.work, member)


def _topped_up(a: Applying) -> None:
    member = a.member()
    amount, bonus = a.int("amount_fen"), a.int("bonus_fen", default=0)
    trust.check_topup(a.work, member, amount, bonus, a.payload.get("rule_version"))
    a.post(member, ledger.PRINCIPAL, amount, "topup")
    a.post(member, ledger.BONUS, bonus, "bonus")
    flags.count(a.work, a.terminal_id, flags.TOPUPS, amount)


def _sale(a: Applying) -> None:
    member = a.member()
    spent, earned = a.int("points_spent", default=0), a.int("points_earned", default=0)
    principal = a.int("wallet_principal_fen", default=0)
    bonus = a.int("wallet_bonus_fen", default=0)
    referrer = None
    if a.payload.get("referrer_rewarded"):
        referrer = a.member("referrer_rewarded")
    promoted = a.text("promoted_to", required=False)
    sale_id = a.text("sale_id")
    a.post(member, ledger.POINTS, -spent, "redeem")
    a.post(member, ledger.PRINCIPAL, -principal, "spend")
    a.post(member, ledger.BONUS, -bonus, "spend")
    a.post(member, ledger.POINTS, earned, "earn")
    if referrer is not None:
        points = _rules(a.work, a.payload.get("rule_version")).referral_points
        a.post(referrer, ledger.POINTS, points, "referral")
    if promoted:
        member.tier = promoted
        members.publish_record(a.work, member)
    _settle_reservations(a, sale_id)


def _settle_reservations(a: Applying, sale_id: str) -> None:
    """The sale books the spend, so the holds it used stop counting."""
    work = a.work
    if work.holds_open is None:
        work.holds_open = (
            work.session.scalars(
                select(Reservation.id)
                .where(Reservation.status.in_(("reserved", "captured")), ~Reservation.settled)
                .limit(1)
            ).first()
            is not None
        )
    if not work.holds_open:
        return
    reservation_id = a.payload.get("reservation_id")
    held = Reservation.sale_id == sale_id
    if isinstance(reservation_id, str):
        held = held | (Reservation.id == reservation_id)
    # Only the sending terminal's own holds: a sale cannot settle another till's.
    query = select(Reservation).where(held, Reservation.terminal_id == a.terminal_id)
    with work.session.no_autoflush:
        held_rows = work.session.scalars(query.with_for_update()).all()
    for held in held_rows:
        if held.status in ("reserved", "captured"):
            held.status, held.sale_id, held.settled = "captured", sale_id, True


def _refunded(a: Applying) -> None:
    member = a.member()
    principal = a.int("wallet_principal_fen", default=0)
    bonus = a.int("wallet_bonus_fen", default=0)
    back, clawback = a.int("points_back", default=0), a.int("points_clawback", default=0)
    a.post(member, ledger.PRINCIPAL, principal, "refund")
    a.post(member, ledger.BONUS, bonus, "refund")
    a.post(member, ledger.POINTS, back, "refund")
    a.post(member, ledger.POINTS, -clawback, "clawback")


def _points(kind: str, sign: int, signed: bool = False) -> Callable[[Applying], None]:
    def apply(a: Applying) -> None:
        member = a.member()
        a.post(member, ledger.POINTS, sign * a.int("points", signed=signed), kind)

    return apply


def _redeemed(a: Applying) -> None:
    """Points for a catalogue item: the points and the item's stock are taken, and the
    hold the terminal made online (if any) stops counting. Made offline, the redemption
    already happened: booked even past zero stock (a flag tells staff)."""
    member = a.member()
    points = a.int("points")
    sku = a.text("sku", required=False)
    quantity = a.int("quantity", default=0)
    reference = a.text("redemption_id", required=False) or a.event.aggregate_id or a.event.id
    a.post(member, ledger.POINTS, -points, "redeem")
    if sku and quantity:
        stock.redeemed(a.work, a.terminal_id, sku.upper(), quantity, reference)
    _settle_reservations(a, reference)


def _operator_added(a: Applying) -> None:
    trust.add_operator(a.work, a.terminal_id, a.text("operator_id"), a.text("role"))


def _recorded(_a: Applying) -> None:
    """Kept in the processed-event archive; nothing to book at head office."""


APPLIERS: dict[str, Callable[[Applying], None]] = {
    "member.signed_up": _signed_up,
    "member.updated": _updated,
    "member.tier_changed": _tier_changed,
    "wallet.topped_up": _topped_up,
    "sale.completed": _sale,
    "sale.refunded": _refunded,
    "points.adjusted": _points("adjust", 1, signed=True),
    "points.checked_in": _points("checkin", 1),
    "points.redeemed": _redeemed,
    "points.expired": _points("expire", -1),
    "coupon.issued": _recorded,
    "operator.added": _operator_added,
    "operator.pin_changed": _recorded,
    "rules.changed": _recorded,
    "catalogue.item_set": _recorded,
}


def apply(work: Work, event: PushEvent, terminal_id: str) -> None:
    applier = APPLIERS.get(event.kind)
    if applier is None:
        raise Rejected(f"unknown event kind '{event.kind}'")
    try:
        check_event(event.kind, event.payload, event.pii)
    except BadEvent as exc:
        raise Rejected(str(exc)) from None
    applier(Applying(work, event, terminal_id))


def _rules(work: Work, version: Any) -> Rules:
    """The rules a sale was priced with, else the rules in force."""
    return rules.of_version(work, version) or rules.current(work.session)[1]
