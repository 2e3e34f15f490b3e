"""Whose personal data a terminal may read. The one rule; the change feed applies it to
every member record it serves, and so must anything else that hands member records to a
terminal in bulk (a snapshot for a new terminal).

A terminal reads a member's phone, name and birthday when the member is of its own
store (signed up there, at its counter or on its sign-up page), was merged from one of
its store's members, or was looked up by this terminal (by card or by phone, which
needs the card or the phone in hand). Every other member record reaches the terminal
without them: cards, tier, store and balances are enough to serve a member from another
store who shows a card, and a look-up then brings the personal data. A stolen terminal
secret therefore reads its own store's members, not the chain's.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from headoffice.models import Lookup, Member
from headoffice.sealed_feed import PERSONAL_FIELDS
from headoffice.trust import store_of

_CHUNK = 500


def without_personal_data(record: Mapping[str, Any]) -> dict[str, Any]:
    """A member record (a `MemberData` dump) with its personal data left out."""
    return {**record, **dict.fromkeys(PERSONAL_FIELDS)}


def may_read(session: Session, terminal_id: str, records: Iterable[Mapping[str, Any]]) -> set[str]:
    """The ids of those members (`MemberData` dumps) whose personal data `terminal_id`
    may read."""
    store_no = store_of(terminal_id)
    allowed: set[str] = set()
    others: list[str] = []
    for r in records:
        own = r.get("store_no") == store_no or terminal_id in (
            r.get("origin_terminal"),
            r.get("signup_terminal"),
        )
        (allowed.add if own else others.append)(r["member_id"])
    others = sorted(set(others) - allowed)
    for start in range(0, len(others), _CHUNK):
        chunk = others[start : start + _CHUNK]
        allowed.update(
            session.scalars(
                select(Lookup.member_id)
                .where(Lookup.terminal_id == terminal_id, Lookup.member_id.in_(chunk))
                .distinct()
            )
        )
        allowed.update(
            session.scalars(
                select(Member.merged_into)
                .where(Member.merged_into.in_(chunk), Member.store_no == store_no)
                .distinct()
            )
        )
    return allowed


def as_read_by(
    session: Session, terminal_id: str, records: list[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The member records as `terminal_id` may read them, in the same order."""
    allowed = may_read(session, terminal_id, records)
    return [dict(r) if r["member_id"] in allowed else without_personal_data(r) for r in records]
