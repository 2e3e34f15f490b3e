"""Apply head office's change feed to the local database: members signed up elsewhere,
merges, confirmed balances, rules, the points catalogue and the hotlist. One page and its
cursor are applied in one local transaction, so a crash never applies a change twice or
skips one.

Balances: the local ledger stays the sum of its entries. Head office's confirmed balance
is brought in with `sync` entries, but only while this terminal has no event of that
member still on its way to head office (otherwise the local balance is ahead of head
office, and the next confirmation, which includes those events, settles it). Offline
spends can leave head office below zero; locally a balance stops at zero and the member
is on the hotlist until it is paid back.
"""

import json
from collections import Counter
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy import select, text

from terminal.domain import identity
from terminal.domain.errors import InvalidInput, PosError
from terminal.domain.rules import Rules
from terminal.services.context import Txn
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

SYNC = "sync"  # kind of the ledger entries that bring in head office's confirmed balances

_PENDING_FOR = text(
    "SELECT 1 FROM outbox WHERE status = 'pending' AND "
    "(aggregate_id = :m OR json_extract(payload, '$.member_id') = :m) LIMIT 1"
)


def wire_time(value: str | None) -> datetime | None:
    """A wire time ('...Z') as the naive UTC the database stores."""
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def apply_changes(txn: Txn, changes: list[p.Change], after: int) -> Counter:
    """Apply the changes with a sequence above `after`; returns how many of each kind."""
    moved: Counter = Counter()
    for change in changes:
        if change.seq <= after:
            continue  # already applied (a page fetched twice)
        try:
            data = p.change_data(change)
        except ValidationError:
            moved["unreadable"] += 1
            continue
        if data is None:
            moved["unknown"] += 1
            continue
        handler = _HANDLERS[change.kind]
        moved[change.kind if handler(txn, data, change.seq) else "skipped"] += 1
    return moved


def settle_confirmed(txn: Txn) -> int:
    """Bring in confirmed balances held back while this terminal had events on the way;
    run after a pull has caught up, so no newer confirmation is still unread."""
    s = txn.session
    settled = 0
    for row in s.scalars(select(ConfirmedBalance).where(ConfirmedBalance.applied.is_(False))):
        member = s.get(Member, row.member_id)
        if member is None:
            continue
        if member.status == "merged":
            row.applied = True
            continue
        if s.execute(_PENDING_FOR, {"m": member.id}).first() is None:
            _settle(txn, member, row)
            row.applied = True
            settled += 1
    return settled


# --- members and merges -------------------------------------------------------------------


def store_member(txn: Txn, d: p.MemberData) -> bool:
    """Insert or refresh a member head office knows; False when it cannot be stored."""
    s = txn.session
    cipher = txn.ctx.db.cipher
    member = s.get(Member, d.member_id)
    if member is None:
        try:
            phone = identity.normalise_phone(d.phone or "", allowed=("CN", "HK", "MO", "TW"))
        except InvalidInput:
            return False
        index = cipher.blind_index(phone, "phone")
        status = "merged" if d.status == "merged" else "active"
        if status == "active" and s.scalar(
            select(Member.id).where(Member.phone_index == index, Member.status == "active")
        ):
            # The same phone signed up here too, offline; head office merges the two and
            # says so in a `merge` change. Until then this copy is not found by phone.
            status = "duplicate"
        at = wire_time(d.signed_up_at) or txn.at
        birthday = d.birthday or None
        member = Member(
            id=d.member_id,
            status=status,
            phone_enc=cipher.encrypt(phone, "phone"),
            phone_index=index,
            phone_last4=identity.last_four(phone),
            name_enc=cipher.encrypt(d.name or "", "name"),
            birthday_enc=cipher.encrypt(birthday, "birthday") if birthday else None,
            birth_month=int(birthday[5:7]) if birthday and len(birthday) >= 7 else None,
            gender=d.gender if d.gender in ("F", "M") else None,
            preferences="{}",
            channel=(d.channel or "counter")[:20],
            store_no=d.store_no or 0,
            consent_at=at,
            consent_version="headoffice",
            tier=d.tier,
            points_balance=0,
            wallet_principal_fen=0,
            wallet_bonus_fen=0,
            has_wallet=False,
            referral_rewarded=True,  # the referral is head office's to reward
            created_at=at,
            updated_at=txn.at,
        )
        s.add(member)
        s.flush()
    else:
        member.tier = d.tier
        if d.status == "merged" and member.status != "merged":
            member.status = "merged"
        member.updated_at = txn.at
    for card_no in d.card_nos:
        card = s.get(Card, card_no)
        if card is None:
            s.add(Card(card_no=card_no, member_id=member.id, status="active", issued_at=txn.at))
    return True


def _merge(txn: Txn, d: p.MergeData, seq: int) -> bool:
    s = txn.session
    source, target = s.get(Member, d.from_member_id), s.get(Member, d.into_member_id)
    if target is None:
        return False
    if source is not None and source.status != "merged":
        _transfer(txn, source, target)
        source.status = "merged"
        source.updated_at = txn.at
        s.flush()  # free the phone before the surviving member becomes active
    if target.status == "duplicate":
        _activate_if_free(s, target)
    for card_no in d.card_nos:
        card = s.get(Card, card_no)
        if card is None:
            s.add(Card(card_no=card_no, member_id=target.id, status="active", issued_at=txn.at))
        else:
            card.member_id = target.id
    return True


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


def _balance(txn: Txn, d: p.BalanceData, seq: int) -> bool:
    s = txn.session
    row = s.get(ConfirmedBalance, d.member_id)
    if row is None:
        row = ConfirmedBalance(member_id=d.member_id)
        s.add(row)
    row.points = d.points
    row.wallet_principal_fen = d.wallet_principal_fen
    row.wallet_bonus_fen = d.wallet_bonus_fen
    row.confirmed_at = wire_time(d.confirmed_at) or txn.at
    row.change_seq = seq
    row.applied = False
    member = s.get(Member, d.member_id)
    if member is None:
        return True  # kept; settled if the member arrives
    if member.status == "merged":
        row.applied = True
    elif s.execute(_PENDING_FOR, {"m": member.id}).first() is None:
        _settle(txn, member, row)
        row.applied = True
    return True


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


def _rules(txn: Txn, d: p.RulesData, seq: int) -> bool:
    try:
        rules = Rules.from_dict(d.body, strict=False)
    except (PosError, TypeError, ValueError, KeyError):
        return False
    version, current = txn.ctx.current_rules(txn.session)
    if rules == current:
        return True
    txn.session.add(
        RuleVersion(
            version=version + 1,
            body=json.dumps(rules.to_dict()),
            source="headoffice",
            created_at=txn.at,
        )
    )
    txn.session.flush()
    return True


def _catalogue(txn: Txn, d: p.CatalogueData, seq: int) -> bool:
    s = txn.session
    sku = d.sku.strip().upper()
    item = s.scalar(select(CatalogueItem).where(CatalogueItem.sku == sku))
    if item is None:
        item = CatalogueItem(id=new_id(), sku=sku)
        s.add(item)
    item.name, item.points_price, item.stock, item.active = (
        d.name,
        d.points_price,
        d.stock,
        d.active,
    )
    return True


def _hotlist(txn: Txn, d: p.HotlistData, seq: int) -> bool:
    s = txn.session
    entry = s.get(HotlistEntry, d.member_id)
    if d.listed and entry is None:
        s.add(HotlistEntry(member_id=d.member_id, reason=d.reason[:100], listed_at=txn.at))
    elif not d.listed and entry is not None:
        s.delete(entry)
    return True


_HANDLERS = {
    "member": lambda txn, d, seq: store_member(txn, d),
    "merge": _merge,
    "balance": _balance,
    "rules": _rules,
    "catalogue": _catalogue,
    "hotlist": _hotlist,
}
