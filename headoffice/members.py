"""Members at head office: creation from a terminal's sign-up or the self sign-up page,
lookup by phone or card, the merge of two members with the same phone, and the hotlist.

Two stores may sign up the same phone while offline. Once both sign-ups have arrived,
the member who signed up first is kept; the other is merged into it: its record is kept
as a tombstone (`status = merged`, `merged_into`), its balances move over by transfer
entries in the ledgers, its cards keep working (they find the survivor), and the merge is
published so that every terminal does the same.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from headoffice import ledger
from headoffice.errors import NotFound
from headoffice.models import Card, Member
from headoffice.work import Work
from terminal.domain import identity
from terminal.domain.cards import clean_card_no
from terminal.domain.errors import InvalidInput
from terminal.sync.protocol import BalanceData, HotlistData, MemberData, MergeData, utc_text

PII_FIELDS = ("phone", "name", "birthday", "id_number")


def create(
    work: Work,
    *,
    member_id: str,
    card_no: str,
    tier: str,
    pii: dict[str, Any],
    signed_up_at: datetime,
    store_no: int | None,
    channel: str | None,
    gender: str | None,
    origin_terminal: str,
    signup_terminal: str | None = None,
) -> Member:
    phone = pii.get("phone")
    member = Member(
        id=member_id,
        status="active",
        tier=tier,
        store_no=store_no,
        channel=channel,
        gender=gender,
        origin_terminal=origin_terminal,
        signup_terminal=signup_terminal,
        signed_up_at=signed_up_at,
        created_at=work.at,
        points=0,
        wallet_principal_fen=0,
        wallet_bonus_fen=0,
        hotlisted=False,
    )
    set_pii(work, member, {k: pii.get(k) for k in PII_FIELDS if pii.get(k)})
    work.session.add(member)
    work.session.add(Card(card_no=card_no, member=member))
    work.locked[member.id] = member
    if phone:
        work.new_phones.add(member.phone_index)
    work.touch(member.id)
    return member


def set_pii(work: Work, member: Member, pii: dict[str, Any]) -> None:
    member.pii = work.vault.seal_json(pii) if pii else None
    phone = pii.get("phone")
    member.phone_index = work.vault.phone_index(phone) if phone else None
    member.phone_last4 = identity.last_four(phone) if phone else None


def live(session: Session, member_id: str, lock: bool = False) -> Member | None:
    """The member with this id, or the member it was merged into."""
    member = session.get(Member, member_id, with_for_update=lock)
    if member is not None and member.status == "merged" and member.merged_into:
        member = session.get(Member, member.merged_into, with_for_update=lock)
    return member


def locked(work: Work, member_id: str) -> Member | None:
    """`live`, locked for this transaction; each member is read and locked only once."""
    member = work.locked.get(member_id)
    if member is None or member.status == "merged":
        with work.session.no_autoflush:
            member = live(work.session, member_id, lock=True)
        if member is not None:
            work.locked[member_id] = member
    return member


def by_phone(session: Session, vault: Any, text: str) -> Member | None:
    phone = identity.normalise_phone(text)
    return session.scalars(
        select(Member)
        .where(Member.phone_index == vault.phone_index(phone), Member.status == "active")
        .order_by(Member.signed_up_at, Member.id)
    ).first()


def by_card(session: Session, text: str) -> Member | None:
    card = session.get(Card, clean_card_no(text))
    return live(session, card.member_id) if card else None


def find(session: Session, vault: Any, query: str) -> Member:
    """A member by phone or card number, for `hoctl member show` and the lookup API."""
    query = query.strip()
    member = None
    try:
        member = by_card(session, query)
    except InvalidInput:
        try:
            member = by_phone(session, vault, query)
        except InvalidInput:
            raise InvalidInput(f"'{query}' is neither a card number nor a mobile number") from None
    if member is None:
        raise NotFound(f"no member with phone or card '{query}'")
    return member


# --- feed records ------------------------------------------------------------------------


def record(
    session: Session, vault: Any, member: Member, cards: list[str] | None = None
) -> MemberData:
    """The feed's record of a member; `cards` when the caller knows them (a new member)."""
    pii = vault.open_json(member.pii)
    if cards is None:
        cards = session.scalars(
            select(Card.card_no)
            .join(Member, Member.id == Card.member_id)
            .where(or_(Member.id == member.id, Member.merged_into == member.id))
            .order_by(Card.card_no)
        ).all()
    return MemberData(
        member_id=member.id,
        card_nos=list(cards),
        phone=pii.get("phone"),
        name=pii.get("name"),
        birthday=pii.get("birthday"),
        gender=member.gender,
        tier=member.tier,
        store_no=member.store_no,
        status=member.status,
        merged_into=member.merged_into,
        channel=member.channel,
        signed_up_at=utc_text(member.signed_up_at),
        origin_terminal=member.origin_terminal,
        signup_terminal=member.signup_terminal,
    )


def balance_data(member: Member, at: datetime) -> BalanceData:
    return BalanceData(
        member_id=member.id,
        points=member.points,
        wallet_principal_fen=member.wallet_principal_fen,
        wallet_bonus_fen=member.wallet_bonus_fen,
        confirmed_at=utc_text(at),
    )


def publish_record(work: Work, member: Member, cards: list[str] | None = None) -> None:
    data = record(work.session, work.vault, member, cards)
    work.publish("member", member.id, data.model_dump())


# --- settling a unit of work: merges, hotlist, confirmed balances ------------------------


def settle(work: Work) -> None:
    """Runs under the feed lock at the end of every unit of work, so two transactions
    that sign up the same phone at the same time still end in one merge."""
    s = work.session
    s.flush()
    by_phone: dict[str, list[Member]] = {}
    if work.new_phones:
        for member in s.scalars(
            select(Member)
            .where(Member.phone_index.in_(sorted(work.new_phones)), Member.status == "active")
            .order_by(Member.signed_up_at, Member.id)
            .with_for_update()
        ):
            by_phone.setdefault(member.phone_index, []).append(member)
    for same in by_phone.values():
        for loser in same[1:]:
            merge(work, loser, same[0])
    for member_id in sorted(work.touched):
        member = s.get(Member, member_id)
        if member is None:
            continue
        negative = member.status == "active" and (
            member.points < 0 or member.wallet_principal_fen < 0 or member.wallet_bonus_fen < 0
        )
        if negative != member.hotlisted:
            member.hotlisted = negative
            reason = "negative_balance" if negative else "paid_back"
            data = HotlistData(member_id=member.id, listed=negative, reason=reason)
            work.publish("hotlist", member.id, data.model_dump())
        work.publish("balance", member.id, balance_data(member, work.at).model_dump())


def merge(work: Work, loser: Member, keeper: Member) -> None:
    moved = {}
    for account in ledger.ACCOUNTS:
        amount = ledger.balance(loser, account)
        moved[account] = amount
        ledger.post(work, loser, account, -amount, "transfer_out", reference=keeper.id)
        ledger.post(work, keeper, account, amount, "transfer_in", reference=loser.id)
    loser.status, loser.merged_into = "merged", keeper.id
    # Members merged into the loser before now point at the keeper: one hop always.
    work.session.execute(
        update(Member).where(Member.merged_into == loser.id).values(merged_into=keeper.id)
    )
    work.session.flush()
    cards = work.session.scalars(
        select(Card.card_no)
        .join(Member, Member.id == Card.member_id)
        .where(Member.merged_into == keeper.id)
        .order_by(Card.card_no)
    ).all()
    data = MergeData(
        from_member_id=loser.id,
        into_member_id=keeper.id,
        card_nos=list(cards),
        points_moved=moved[ledger.POINTS],
        wallet_principal_moved_fen=moved[ledger.PRINCIPAL],
        wallet_bonus_moved_fen=moved[ledger.BONUS],
    )
    work.publish("merge", loser.id, data.model_dump())
    publish_record(work, loser)
    publish_record(work, keeper)
    work.touch(loser.id)
    work.touch(keeper.id)
