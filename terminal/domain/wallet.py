"""Stored value: top-up bonus rules, the card cap, and how a spend splits principal/bonus."""

from dataclasses import dataclass

from terminal.domain.errors import InsufficientFunds, InvalidInput, LimitExceeded
from terminal.domain.money import require_fen
from terminal.domain.rules import Rules


@dataclass(frozen=True)
class WalletBalance:
    principal_fen: int
    bonus_fen: int

    @property
    def total_fen(self) -> int:
        return self.principal_fen + self.bonus_fen


def bonus_for(topup_fen: int, rules: Rules) -> int:
    """The bonus of the best bonus rule the top-up reaches (0 if none)."""
    return max((b.bonus_fen for b in rules.bonus_rules if topup_fen >= b.min_topup_fen), default=0)


def max_topup(balance: WalletBalance, rules: Rules) -> int:
    """The largest top-up `check_topup` accepts now: its amount plus its bonus fit under
    the card cap (0: none fits). The bonus grows with the amount, so amount + bonus does
    too, and the largest amount that fits is found by halving."""
    room = rules.card_cap_fen - balance.total_fen
    low, high = 0, max(room, 0)  # amount + bonus <= room holds at `low`, fails above `high`
    while low < high:
        mid = (low + high + 1) // 2
        if mid + bonus_for(mid, rules) <= room:
            low = mid
        else:
            high = mid - 1
    return low


def check_topup(topup_fen: int, balance: WalletBalance, rules: Rules) -> int:
    """Validate a top-up against the card cap; return the bonus it earns."""
    require_fen(topup_fen, "a top-up")
    if topup_fen <= 0:
        raise InvalidInput("a top-up must be more than ¥0.00", code="topup.not_positive")
    bonus = bonus_for(topup_fen, rules)
    after = balance.total_fen + topup_fen + bonus
    if after > rules.card_cap_fen:
        most = max_topup(balance, rules)
        raise LimitExceeded(
            "the card balance may not exceed {cap_fen}; "
            "at most {most_fen} can be topped up now, "
            "with a bonus of {bonus_fen}",
            code="topup.over_cap",
            cap_fen=rules.card_cap_fen,
            most_fen=most,
            bonus_fen=bonus_for(most, rules),
        )
    return bonus


def split_spend(amount_fen: int, balance: WalletBalance) -> tuple[int, int]:
    """(principal, bonus) taken for a spend, in proportion to the balance's parts.

    Principal is rounded down, so any odd fen comes from the bonus: principal is the part
    a member can have refunded, so keeping it is in the member's favour.
    """
    if amount_fen < 0:
        raise InvalidInput("a stored-value payment cannot be negative", code="wallet.negative")
    if amount_fen > balance.total_fen:
        raise InsufficientFunds(
            "stored value is {balance_fen}, {requested_fen} requested",
            code="wallet.not_enough",
            balance_fen=balance.total_fen,
            requested_fen=amount_fen,
        )
    if amount_fen == 0:
        return 0, 0
    principal = amount_fen * balance.principal_fen // balance.total_fen
    return principal, amount_fen - principal


def is_low(balance: WalletBalance, rules: Rules) -> bool:
    return balance.total_fen < rules.low_balance_fen
