"""What a terminal may book. A till's secret can be stolen, so head office checks each
event against what the sending terminal could have done at its own counter, under the
rules head office published, instead of booking whatever a signed request says."""

from typing import Any

from sqlalchemy import select

from headoffice import rules
from headoffice.errors import Rejected
from headoffice.models import Member, Operator
from headoffice.work import Work
from terminal.domain import wallet
from terminal.domain.cards import STORE_DIGITS
from terminal.domain.errors import PosError
from terminal.domain.money import format_fen


def check_topup(work: Work, member: Member, amount_fen: int, bonus_fen: int, version: Any) -> None:
    """A top-up as the counter prices it: a positive amount, the bonus of the best bonus
    rule of the rules it names, and the card cap kept against head office's balance."""
    priced = rules.of_version(work, version)
    if priced is None:
        raise Rejected(f"a top-up must name rules head office published (rule version {version})")
    balance = wallet.WalletBalance(member.wallet_principal_fen, member.wallet_bonus_fen)
    try:
        due = wallet.check_topup(amount_fen, balance, priced)
    except PosError as exc:
        raise Rejected(str(exc)) from None
    if bonus_fen != due:
        raise Rejected(
            f"the bonus of a {format_fen(amount_fen)} top-up under rule version {version} "
            f"is {format_fen(due)}, not {format_fen(bonus_fen)}"
        )


def store_of(terminal_id: str) -> int:
    """The store a terminal is enrolled in: its id is the store's number and its own."""
    return int(terminal_id[:STORE_DIGITS])


def check_signup_store(terminal_id: str, store_no: Any) -> int:
    """A terminal signs members up for its own store only; the store it books them in."""
    own = store_of(terminal_id)
    if store_no is not None and store_no != own:
        raise Rejected(f"terminal {terminal_id} signs members up for store {own}, not {store_no}")
    return own


MANAGER = "manager"


def check_profile_change(work: Work, terminal_id: str, operator_id: Any, approved_by: Any) -> None:
    """A member's personal data is changed by two people, as the counter records it: the
    operator and a manager who approved, someone else. Once head office knows the store's
    operators (their terminals announce them), both must be of the store and the
    approver one of its managers; before that, both named and distinct."""
    if not (isinstance(operator_id, str) and operator_id):
        raise Rejected("a change of a member's details must name the operator who made it")
    if not (isinstance(approved_by, str) and approved_by):
        raise Rejected("a change of a member's details must name the manager who approved it")
    if approved_by == operator_id:
        raise Rejected("a change of a member's details needs a second person's approval")
    store_no = store_of(terminal_id)
    roles = dict(
        work.session.execute(
            select(Operator.id, Operator.role).where(
                Operator.store_no == store_no, Operator.id.in_((operator_id, approved_by))
            )
        ).all()
    )
    if not roles and _knows_no_operator(work, store_no):
        return  # the store's terminals have not announced their operators yet
    for who, what in ((operator_id, "operator"), (approved_by, "approver")):
        if who not in roles:
            raise Rejected(f"the {what} {who} is not an operator of store {store_no}")
    if roles[approved_by] != MANAGER:
        raise Rejected(f"the approver {approved_by} is not a manager of store {store_no}")


def _knows_no_operator(work: Work, store_no: int) -> bool:
    query = select(Operator.id).where(Operator.store_no == store_no).limit(1)
    return work.session.scalars(query).first() is None


def add_operator(work: Work, terminal_id: str, operator_id: str, role: str) -> None:
    """Keep an operator a terminal announced, for the store's approvals."""
    store_no = store_of(terminal_id)
    known = select(Operator.id).where(Operator.store_no == store_no, Operator.id == operator_id)
    if work.session.scalars(known).first() is None:  # the query flushes earlier ones
        work.session.add(
            Operator(
                store_no=store_no,
                id=operator_id,
                terminal_id=terminal_id,
                role=role,
                added_at=work.at,
            )
        )
