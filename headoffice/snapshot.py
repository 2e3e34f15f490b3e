"""A new terminal's catch-up in bulk: the chain's live members, their cards and balances,
a page of thousands at a time by member id, instead of the whole history of the change
feed (a million members are two million changes). The first page also brings the rules
in force, the catalogue and the hotlist. Every page says `as_of`, the feed's last
sequence when it was read; a page is at least that new, so the terminal then reads the
feed from the `as_of` of its first page and whatever changed meanwhile comes again.

Personal data goes out only as `visibility` allows, and is opened only for those."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from headoffice import rules, visibility
from headoffice.crypto import Vault
from headoffice.models import Card, Change, Member
from headoffice.sealed_feed import PERSONAL_FIELDS
from terminal.sync import protocol as p
from terminal.sync.protocol import utc_text

_MEMBER = (
    Member.id,
    Member.gender,
    Member.tier,
    Member.store_no,
    Member.channel,
    Member.signed_up_at,
    Member.origin_terminal,
    Member.signup_terminal,
    Member.points,
    Member.wallet_principal_fen,
    Member.wallet_bonus_fen,
    Member.hotlisted,
)


def page(
    session: Session, vault: Vault, after: str, limit: int, at: datetime, terminal_id: str | None
) -> p.SnapshotPage:
    limit = max(1, min(limit, p.SNAPSHOT_MAX_LIMIT))
    as_of = session.scalar(select(func.coalesce(func.max(Change.seq), 0)))
    rows = session.execute(
        select(*_MEMBER)
        .where(Member.status == "active", Member.id > after)
        .order_by(Member.id)
        .limit(limit + 1)
    ).all()
    more, rows = len(rows) > limit, rows[:limit]
    ids = [r.id for r in rows]
    cards = _cards(session, ids)
    seen = utc_text(at)
    records = [
        {
            "member_id": r.id,
            "card_nos": cards.get(r.id, []),
            "gender": r.gender,
            "tier": r.tier,
            "store_no": r.store_no,
            "status": "active",
            "channel": r.channel,
            "signed_up_at": utc_text(r.signed_up_at),
            "origin_terminal": r.origin_terminal,
            "signup_terminal": r.signup_terminal,
        }
        for r in rows
    ]
    allowed = (
        set(ids) if terminal_id is None else visibility.may_read(session, terminal_id, records)
    )
    by_id = {record["member_id"]: record for record in records}
    for chunk in _chunks(sorted(allowed)):
        for member_id, sealed in session.execute(
            select(Member.id, Member.pii).where(Member.id.in_(chunk))
        ):
            pii = vault.open_json(sealed)
            by_id[member_id].update({k: pii.get(k) for k in PERSONAL_FIELDS})
    changes: list[p.Change] = []
    if not after:
        changes += _rare_kinds(session, as_of, seen)
    for record, r in zip(records, rows, strict=True):
        changes.append(_change(as_of, "member", seen, p.MemberData(**record)))
        balance = p.BalanceData(
            member_id=r.id,
            points=r.points,
            wallet_principal_fen=r.wallet_principal_fen,
            wallet_bonus_fen=r.wallet_bonus_fen,
            confirmed_at=seen,
        )
        changes.append(_change(as_of, "balance", seen, balance))
        if r.hotlisted:
            hot = p.HotlistData(member_id=r.id, listed=True, reason="negative_balance")
            changes.append(_change(as_of, "hotlist", seen, hot))
    if not more and terminal_id is not None:
        changes += _own_merged(session, terminal_id, as_of, seen)
    return p.SnapshotPage(
        as_of=as_of,
        next=ids[-1] if ids else after,
        more=more,
        changes=changes,
        server_time=seen,
    )


def _cards(session: Session, ids: list[str]) -> dict[str, list[str]]:
    """Each member's card numbers, their merged members' included (merged cards find the
    survivor)."""
    cards: dict[str, list[str]] = {}
    for chunk in _chunks(ids):
        owner = func.coalesce(Member.merged_into, Member.id)
        query = (
            select(owner, Card.card_no)
            .join(Member, Member.id == Card.member_id)
            .where(or_(Member.id.in_(chunk), Member.merged_into.in_(chunk)))
            .order_by(Card.card_no)
        )
        for member_id, card_no in session.execute(query):
            cards.setdefault(member_id, []).append(card_no)
    return cards


def _rare_kinds(session: Session, as_of: int, seen: str) -> list[p.Change]:
    """The rules in force and the catalogue, as the feed would have brought them."""
    version, current = rules.current(session)
    found = [_change(as_of, "rules", seen, p.RulesData(version=version, body=current.to_dict()))]
    found += [_change(as_of, "catalogue", seen, item) for item in rules.catalogue(session)]
    return found


def _own_merged(session: Session, terminal_id: str, as_of: int, seen: str) -> list[p.Change]:
    """Members this terminal signed up that head office merged into an earlier sign-up of
    the phone: the terminal holds them (offline sign-ups before its first pull), and only
    a merge moves their cards and balances to the member kept. Last, once every member
    kept has been sent; each followed by the kept member's balance again, since what the
    terminal moves over is already in it (settled at the end of the feed, as always)."""
    keeper = Member.__table__.alias("keeper")
    rows = session.execute(
        select(
            Member.id,
            Member.merged_into,
            keeper.c.points,
            keeper.c.wallet_principal_fen,
            keeper.c.wallet_bonus_fen,
        )
        .join(keeper, keeper.c.id == Member.merged_into)
        .where(
            Member.status == "merged",
            Member.origin_terminal == terminal_id,
            keeper.c.status == "active",
        )
        .order_by(Member.id)
    ).all()
    cards = _card_numbers(session, [r.id for r in rows])
    found: list[p.Change] = []
    for r in rows:
        merge = p.MergeData(
            from_member_id=r.id,
            into_member_id=r.merged_into,
            card_nos=cards.get(r.id, []),
            points_moved=0,  # what the terminal holds of it moves; head office's is below
            wallet_principal_moved_fen=0,
            wallet_bonus_moved_fen=0,
        )
        balance = p.BalanceData(
            member_id=r.merged_into,
            points=r.points,
            wallet_principal_fen=r.wallet_principal_fen,
            wallet_bonus_fen=r.wallet_bonus_fen,
            confirmed_at=seen,
        )
        found += [_change(as_of, "merge", seen, merge), _change(as_of, "balance", seen, balance)]
    return found


def _card_numbers(session: Session, ids: list[str]) -> dict[str, list[str]]:
    """The cards issued to each of these members themselves."""
    cards: dict[str, list[str]] = {}
    for chunk in _chunks(ids):
        query = select(Card.member_id, Card.card_no).where(Card.member_id.in_(chunk))
        for member_id, card_no in session.execute(query.order_by(Card.card_no)):
            cards.setdefault(member_id, []).append(card_no)
    return cards


def _change(seq: int, kind: str, at: str, data: p.Wire) -> p.Change:
    return p.Change.model_construct(seq=seq, kind=kind, at=at, data=data.model_dump())


def _chunks(items: list[Any], size: int = 500):  # noqa: ANN202
    for start in range(0, len(items), size):
        yield items[start : start + size]
