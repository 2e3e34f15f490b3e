"""Apply head office's change feed to the local database: members signed up elsewhere,
merges, confirmed balances, rules, the points catalogue and the hotlist. One page and its
cursor are applied in one local transaction, so a crash never applies a change twice or
skips one. A change this version cannot apply stops the pull there (`PullStopped`): the
cursor stays before it and the pull is tried again, after an upgrade if need be.

Balances: the local ledger stays the sum of its entries. A page only records head
office's confirmations (`ConfirmedBalance`); they are settled into the local balance with
`sync` entries once the pull has reached the end of the feed, so the counter never shows
a confirmation older than this terminal's own events head office already holds, and a
member whose balance went up and down during the catch-up gets one entry, not two. A
member this terminal has events of still on their way is settled by the confirmation
that includes them. Offline spends can leave head office below zero; locally a balance
stops at zero and the member is on the hotlist until it is paid back.

Members first seen in this pull are written with the balance of the page that brought
them (a catch-up of a million members cannot settle one by one); this terminal has
nothing of theirs that such a confirmation could leave out.
"""

import json
import re
from collections import Counter
from functools import lru_cache

from pydantic import ValidationError
from sqlalchemy import select, text

from terminal.domain import identity
from terminal.domain.errors import InvalidInput, PosError
from terminal.domain.rules import Rules
from terminal.services.context import Txn
from terminal.services.members import phone_index_without_phone
from terminal.services.points_book import earn
from terminal.store.ids import new_id
from terminal.store.ledger import BONUS, POINTS, PRINCIPAL
from terminal.store.models import (
    Card,
    CatalogueItem,
    ConfirmedBalance,
    HotlistEntry,
    LotMovement,
    Member,
    PointsLot,
    RuleVersion,
)
from terminal.sync import protocol as p
from terminal.sync.fresh import Fresh, wire_time

SYNC = "sync"  # kind of the ledger entries that bring in head office's confirmed balances


class PullStopped(PosError):
    """A change of head office's feed could not be applied; the pull waits before it."""

    def __init__(self, seq: int, kind: str, reason: str) -> None:
        super().__init__(f"head office's change {seq} ({kind}) cannot be applied: {reason}")
        self.seq, self.kind, self.reason = seq, kind, reason


_PENDING_MEMBERS = text(
    "SELECT DISTINCT aggregate_id, json_extract(payload, '$.member_id') FROM outbox "
    "WHERE status = 'pending'"
)


_OF_A_MEMBER = (p.MemberData, p.BalanceData, p.HotlistData)  # changes naming one member


class Page:
    """What a page's changes need from the database, read in a few queries up front: a
    page of thousands of members must not cost a query (and an ORM flush) per row."""

    def __init__(self, txn: Txn, typed: list[tuple[p.Change, p.Wire]]) -> None:
        s = txn.session
        ids: set[str] = set()
        for _, d in typed:
            if isinstance(d, p.MergeData):
                ids.update((d.from_member_id, d.into_member_id))
            elif isinstance(d, _OF_A_MEMBER):
                ids.add(d.member_id)
        self.members: dict[str, Member] = {}
        self.confirmed: dict[str, ConfirmedBalance] = {}
        for chunk in _chunks(sorted(ids)):
            self.members.update(
                (m.id, m) for m in s.scalars(select(Member).where(Member.id.in_(chunk)))
            )
            self.confirmed.update(
                (c.member_id, c)
                for c in s.scalars(
                    select(ConfirmedBalance).where(ConfirmedBalance.member_id.in_(chunk))
                )
            )
        cards = {c for _, d in typed if isinstance(d, p.MemberData) for c in d.card_nos}
        self.cards: set[str] = set()
        for chunk in _chunks(sorted(cards)):
            self.cards.update(s.scalars(select(Card.card_no).where(Card.card_no.in_(chunk))))
        self.pending = pending_members(s)
        self.live_phones: set[bytes] | None = None  # filled on first use
        self.fresh = Fresh(txn)

    def member(self, txn: Txn, member_id: str) -> Member | None:
        """The member as an ORM object (loading one written in bulk in this page)."""
        member = self.members.get(member_id)
        if member is None and member_id in self.fresh.ids:
            self.fresh.write()
            self.fresh.ids.discard(member_id)
            self.fresh.unbalanced.discard(member_id)  # from now on the ordinary path
            member = txn.session.get(Member, member_id)
            self.members[member_id] = member
            row = txn.session.get(ConfirmedBalance, member_id)
            if row is not None:
                self.confirmed[member_id] = row
        return member

    def phone_taken(self, txn: Txn, index: bytes, typed: list[tuple[p.Change, p.Wire]]) -> bool:
        if self.live_phones is None:
            cipher = txn.ctx.db.cipher
            indexes = set()
            for _, d in typed:
                if isinstance(d, p.MemberData) and d.member_id not in self.members:
                    phone = _phone(d.phone)
                    if phone:
                        indexes.add(cipher.blind_index(phone, "phone"))
            self.live_phones = set()
            for chunk in _chunks(sorted(indexes)):
                self.live_phones.update(
                    txn.session.scalars(
                        select(Member.phone_index).where(
                            Member.phone_index.in_(chunk), Member.status == "active"
                        )
                    )
                )
        return index in self.live_phones


def _chunks(items: list, size: int = 500):  # noqa: ANN202
    for start in range(0, len(items), size):
        yield items[start : start + size]


def pending_members(s) -> set[str]:  # noqa: ANN001
    """Members with events of this terminal still on their way to head office."""
    rows = s.execute(_PENDING_MEMBERS).all()
    return {value for row in rows for value in row if value}


def apply_changes(txn: Txn, changes: list[p.Change], after: int) -> Counter:
    """Apply the changes with a sequence above `after`; returns how many of each kind.
    Raises PullStopped, before anything is committed, at the first one it cannot apply."""
    moved: Counter = Counter()
    typed: list[tuple[p.Change, p.Wire]] = []
    for change in changes:
        if change.seq <= after:
            continue  # already applied (a page fetched twice)
        try:
            data = p.change_data(change)
        except ValidationError as exc:
            raise PullStopped(change.seq, change.kind, _first_error(exc)) from None
        if data is None:
            raise PullStopped(change.seq, change.kind, "this version does not know the kind")
        typed.append((change, data))
    s = txn.session
    with s.no_autoflush:
        page = Page(txn, typed)
        # Member records first, written before anything that refers to them (the models
        # have no relationships to order the inserts by); then the rest in feed order.
        for first in (True, False):
            for change, data in typed:
                if (change.kind == "member") is first:
                    reason = _HANDLERS[change.kind](txn, page, typed, data, change.seq)
                    if reason:
                        raise PullStopped(change.seq, change.kind, reason)
                    moved[change.kind] += 1
            if first:
                page.fresh.insert_members()
        page.fresh.write()
    return moved


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(x) for x in first.get("loc", ())) or "data"
    return f"'{where}': {first.get('msg')}"


def settle_confirmed(txn: Txn, member_ids: set[str] | None = None) -> int:
    """Bring the confirmations recorded so far into the local balances (of `member_ids`
    only, when given), except for members with events of this terminal still on the way.
    Run once a pull has reached the end of the feed, so no newer confirmation is unread."""
    s = txn.session
    s.flush()
    pending = pending_members(s)
    query = select(ConfirmedBalance).where(ConfirmedBalance.applied.is_(False))
    if member_ids is not None:
        query = query.where(ConfirmedBalance.member_id.in_(sorted(member_ids)))
    settled = 0
    for row in s.scalars(query).all():
        member = s.get(Member, row.member_id)
        if member is None:
            continue  # kept; settled once the member arrives
        if member.status == "merged":
            row.applied = True
            continue
        if member.id not in pending:
            _settle(txn, member, row)
            row.applied = True
            row.settled_at = row.confirmed_at
            settled += 1
    return settled


# --- members and merges -------------------------------------------------------------------


_E164_CN_MOBILE = re.compile(r"^\+861[3-9]\d{9}$")


@lru_cache(maxsize=8192)
def _phone(text: str | None) -> str | None:
    """Head office sends E.164; a Chinese mobile in that form needs no full parse (which
    costs more than everything else a catch-up does per member)."""
    if text and _E164_CN_MOBILE.match(text):
        return text
    try:
        return identity.normalise_phone(text or "", allowed=("CN", "HK", "MO", "TW"))
    except InvalidInput:
        return None


def store_member(txn: Txn, page: Page, typed: list, d: p.MemberData, seq: int = 0) -> str | None:
    """Insert or refresh a member head office knows; the reason when it cannot."""
    cipher = txn.ctx.db.cipher
    member = page.member(txn, d.member_id)
    if member is None:
        phone = _phone(d.phone)
        if d.phone and phone is None:
            return "the member's phone is not a number this terminal accepts"
        if phone is None:  # another store's member: served by card, no personal data
            index = phone_index_without_phone(cipher, d.member_id)
        else:
            index = cipher.blind_index(phone, "phone")
        status = "merged" if d.status == "merged" else "active"
        if phone and status == "active" and page.phone_taken(txn, index, typed):
            # The same phone signed up here too, offline; head office merges the two and
            # says so in a `merge` change. Until then this copy is not found by phone.
            status = "duplicate"
        at = wire_time(d.signed_up_at) or txn.at
        birthday = d.birthday or None
        page.fresh.add_member(
            {
                "id": d.member_id,
                "status": status,
                "phone_enc": cipher.encrypt(phone or "", "phone"),
                "phone_index": index,
                "phone_last4": identity.last_four(phone) if phone else "",
                "name_enc": cipher.encrypt(d.name or "", "name"),
                "birthday_enc": cipher.encrypt(birthday, "birthday") if birthday else None,
                "birth_month": int(birthday[5:7]) if birthday and len(birthday) >= 7 else None,
                "id_number_enc": None,
                "id_number_index": None,
                "gender": d.gender if d.gender in ("F", "M") else None,
                "preferences": "{}",
                "channel": (d.channel or "counter")[:20],
                "store_no": d.store_no or 0,
                "consent_at": at,
                "consent_version": "headoffice",
                "tier": d.tier,
                "points_balance": 0,
                "wallet_principal_fen": 0,
                "wallet_bonus_fen": 0,
                "has_wallet": False,
                "referrer_id": None,
                "referral_rewarded": True,  # the referral is head office's to reward
                "first_purchase_at": None,
                "last_checkin_day": None,
                "checkin_streak": 0,
                "created_at": at,
                "updated_at": txn.at,
            }
        )
        if status == "active" and page.live_phones is not None:
            page.live_phones.add(index)
        member_id = d.member_id
    else:
        member.tier = d.tier
        if d.status == "merged" and member.status != "merged":
            member.status = "merged"
        if not member.phone_last4 and d.phone:
            reason = _fill_details(txn, member, d)
            if reason:
                return reason
        member.updated_at = txn.at
        member_id = member.id
    for card_no in d.card_nos:
        if card_no not in page.cards:
            page.fresh.cards.append(
                {
                    "card_no": card_no,
                    "member_id": member_id,
                    "status": "active",
                    "issued_at": txn.at,
                }
            )
            page.cards.add(card_no)
    return None


def _fill_details(txn: Txn, member: Member, d: p.MemberData) -> str | None:
    """Personal data for a member held without it, once head office sends it (after a
    look-up here). Held back as a duplicate while another live member has the phone."""
    phone = _phone(d.phone)
    if phone is None:
        return "the member's phone is not a number this terminal accepts"
    cipher = txn.ctx.db.cipher
    index = cipher.blind_index(phone, "phone")
    s = txn.session
    s.flush()
    taken = s.scalar(
        select(Member.id).where(
            Member.phone_index == index, Member.status == "active", Member.id != member.id
        )
    )
    if taken is not None and member.status == "active":
        member.status = "duplicate"
    member.phone_enc = cipher.encrypt(phone, "phone")
    member.phone_index = index
    member.phone_last4 = identity.last_four(phone)
    member.name_enc = cipher.encrypt(d.name or "", "name")
    if d.birthday:
        member.birthday_enc = cipher.encrypt(d.birthday, "birthday")
        member.birth_month = int(d.birthday[5:7]) if len(d.birthday) >= 7 else None
    return None


def _merge(txn: Txn, page: Page, typed: list, d: p.MergeData, seq: int) -> str | None:
    s = txn.session
    s.flush()  # merges are rare: let the queries below see everything written so far
    source, target = page.member(txn, d.from_member_id), page.member(txn, d.into_member_id)
    if target is None:
        return f"the member {d.into_member_id} merged into is not known here"
    if source is not None:
        # Whatever the local copy of the merged member still holds moves over (its own
        # record may already say "merged" if it came earlier in this page).
        _transfer(txn, source, target)
        if source.status != "merged":
            source.status = "merged"
            source.updated_at = txn.at
        s.flush()  # free the phone before the surviving member becomes active
    if target.status == "duplicate":
        _activate_if_free(s, target)
    for card_no in d.card_nos:
        card = s.get(Card, card_no)
        if card is None:
            s.add(Card(card_no=card_no, member_id=target.id, status="active", issued_at=txn.at))
            page.cards.add(card_no)
        else:
            card.member_id = target.id
    s.flush()
    return None


def _activate_if_free(s, member: Member) -> None:
    """A copy held back as a duplicate becomes the live member once no other live member
    here has its phone (a third sign-up of the phone may still wait for its merge)."""
    taken = s.scalar(
        select(Member.id).where(
            Member.phone_index == member.phone_index,
            Member.status == "active",
            Member.id != member.id,
        )
    )
    if taken is None:
        member.status = "active"


def _transfer(txn: Txn, source: Member, target: Member) -> None:
    """Move what the local copy of `source` holds to `target`, lot by lot, with
    `transfer` entries (history is never rewritten)."""
    s = txn.session
    s.flush()
    lots = s.scalars(
        select(PointsLot).where(PointsLot.member_id == source.id, PointsLot.remaining > 0)
    ).all()
    total = sum(lot.remaining for lot in lots)
    if total:
        entry = txn.post(source, POINTS, -total, "transfer", None, reference=target.id)
        for lot in lots:
            s.add(LotMovement(lot_id=lot.id, entry_id=entry.id, amount=-lot.remaining))
            earn(txn, target, lot.remaining, "transfer", None, lot.expires_on, reference=source.id)
            lot.remaining = 0
    for bucket, attr in ((PRINCIPAL, "wallet_principal_fen"), (BONUS, "wallet_bonus_fen")):
        amount = getattr(source, attr)
        if amount > 0:
            txn.post(source, bucket, -amount, "transfer", None, reference=target.id)
            txn.post(target, bucket, amount, "transfer", None, reference=source.id)
            target.has_wallet = True


# --- balances -------------------------------------------------------------------------------


def _balance(txn: Txn, page: Page, typed: list, d: p.BalanceData, seq: int) -> str | None:
    s = txn.session
    if (
        d.member_id in page.fresh.unbalanced
        and d.member_id not in page.pending
        and d.member_id not in page.confirmed
    ):
        page.fresh.balance(d, seq)
        return None
    page.member(txn, d.member_id)  # a member written in bulk in this page becomes an object
    row = page.confirmed.get(d.member_id)
    if row is None:
        row = ConfirmedBalance(member_id=d.member_id)
        s.add(row)
        page.confirmed[d.member_id] = row
    row.points = d.points
    row.wallet_principal_fen = d.wallet_principal_fen
    row.wallet_bonus_fen = d.wallet_bonus_fen
    row.confirmed_at = wire_time(d.confirmed_at) or txn.at
    row.change_seq = seq
    row.applied = False  # settled when the pull reaches the end of the feed
    return None


def _settle(txn: Txn, member: Member, row: ConfirmedBalance) -> None:
    """Post `sync` entries so the local balances equal the confirmed ones (never below 0)."""
    points = max(row.points, 0) - member.points_balance
    if points > 0:
        earn(txn, member, points, SYNC, None)
    elif points < 0:
        _take_points(txn, member, -points)
    for bucket, attr, target in (
        (PRINCIPAL, "wallet_principal_fen", row.wallet_principal_fen),
        (BONUS, "wallet_bonus_fen", row.wallet_bonus_fen),
    ):
        diff = max(target, 0) - getattr(member, attr)
        if diff:
            txn.post(member, bucket, diff, SYNC, None)
            member.has_wallet = True


def _take_points(txn: Txn, member: Member, amount: int) -> None:
    s = txn.session
    s.flush()  # the lots this page may have added
    lots = s.scalars(
        select(PointsLot)
        .where(PointsLot.member_id == member.id, PointsLot.remaining > 0)
        .order_by(PointsLot.expires_on, PointsLot.earned_on, PointsLot.id)
    ).all()
    entry = txn.post(member, POINTS, -amount, SYNC, None)
    need = amount
    for lot in lots:
        take = min(lot.remaining, need)
        if take:
            lot.remaining -= take
            s.add(LotMovement(lot_id=lot.id, entry_id=entry.id, amount=-take))
            need -= take
        if not need:
            break


# --- rules, catalogue, hotlist ----------------------------------------------------------


def _rules(txn: Txn, page: Page, typed: list, d: p.RulesData, seq: int) -> str | None:
    txn.session.flush()  # rare kinds: see what this page wrote so far
    try:
        rules = Rules.from_dict(d.body, strict=False)
    except (PosError, TypeError, ValueError, KeyError) as exc:
        return f"the rules do not fit this version: {exc}"
    version, current = txn.ctx.current_rules(txn.session)
    if rules == current:
        return None
    txn.session.add(
        RuleVersion(
            # Head office's own number where it is free, so that a sale's rule version
            # means the same at both ends (a store with local versions before it was
            # enrolled keeps counting on from its own).
            version=max(version + 1, d.version),
            body=json.dumps(rules.to_dict()),
            source="headoffice",
            created_at=txn.at,
        )
    )
    txn.session.flush()
    return None


def _catalogue(txn: Txn, page: Page, typed: list, d: p.CatalogueData, seq: int) -> str | None:
    txn.session.flush()  # rare kinds: see what this page wrote so far
    s = txn.session
    sku = d.sku.strip().upper()
    item = s.scalar(select(CatalogueItem).where(CatalogueItem.sku == sku))
    if item is None:
        item = CatalogueItem(id=new_id(), sku=sku)
        s.add(item)
    # Head office's figure; the page's end takes off what it does not include yet.
    item.name, item.points_price, item.active = d.name, d.points_price, d.active
    item.confirmed_stock = item.stock = d.stock
    return None


def _hotlist(txn: Txn, page: Page, typed: list, d: p.HotlistData, seq: int) -> str | None:
    txn.session.flush()  # rare kinds: see what this page wrote so far
    s = txn.session
    entry = s.get(HotlistEntry, d.member_id)
    if d.listed and entry is None:
        s.add(HotlistEntry(member_id=d.member_id, reason=d.reason[:100], listed_at=txn.at))
    elif not d.listed and entry is not None:
        s.delete(entry)
    return None


_HANDLERS = {
    "member": store_member,
    "merge": _merge,
    "balance": _balance,
    "rules": _rules,
    "catalogue": _catalogue,
    "hotlist": _hotlist,
}
