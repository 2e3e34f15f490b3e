"""What a terminal may book. A till's secret can be stolen, so head office checks each
event against what the sending terminal could have done at its own counter, under the
rules head office published, instead of booking whatever a signed request says."""

from typing import Any

from headoffice import rules
from headoffice.errors import Rejected
from headoffice.models import Member
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
