"""When a spend of stored value or points may go through without head office.

Online, head office authorises every spend against the live balance. Offline, a terminal
may only spend within the policy head office publishes with the rules: its last sync is
recent enough, the member is not on the hotlist, and the sale, the member's spends on this
terminal since its last sync, and all of this terminal's offline spends since then stay
under their caps. Earning, top-ups and refunds never need this check.

A spend is valued in fen: stored value at face value, points at the redemption rate.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from terminal.domain.errors import PosError
from terminal.domain.rules import Rules


class SpendRefused(PosError):
    """A spend of stored value or points may not go through; the message tells the
    cashier why and what else can be done."""

    code = "spend.refused"


def check_offline_items(allowance: int, redeemed_since_sync: int, quantity: int, item: str) -> None:
    """Offline, a terminal redeems at most `allowance` of each catalogue item until it
    syncs again (head office may have given the last ones to another store meanwhile)."""
    left = allowance - redeemed_since_sync
    if quantity > left:
        raise SpendRefused(
            "head office cannot be reached: this terminal may redeem {allowance} of '{item}' "
            "until it syncs again; {left} left",
            code="offline.item_allowance",
            item=item,
            allowance=allowance,
            left=max(left, 0),
        )


@dataclass(frozen=True)
class OfflinePolicy:
    max_age_hours: int
    sale_cap_fen: int
    member_cap_fen: int
    terminal_cap_fen: int

    @classmethod
    def from_rules(cls, rules: Rules) -> "OfflinePolicy":
        return cls(
            rules.offline_max_age_hours,
            rules.offline_sale_cap_fen,
            rules.offline_member_cap_fen,
            rules.offline_terminal_cap_fen,
        )


@dataclass(frozen=True)
class OfflineSpend:
    """One spend asked for while head office cannot be reached, with what the terminal
    knows: when it last synced, whether the member is hotlisted, and what this terminal
    has already let through offline since that sync."""

    value_fen: int
    now: datetime  # UTC
    last_sync_at: datetime | None  # UTC; None when it never synced
    hotlisted: bool
    member_spent_fen: int  # this member, on this terminal, since the last sync
    terminal_spent_fen: int  # everyone, on this terminal, since the last sync


def points_cap_value_fen(points: int, rules: Rules) -> int:
    """What `points` are worth off a bill, in fen (rounded up: the cap errs on the safe side)."""
    return -(-points * 100 // rules.redeem_points_per_yuan)


def check_offline_spend(policy: OfflinePolicy, spend: OfflineSpend) -> None:
    """Raise `SpendRefused` when the policy does not allow this spend offline."""
    if spend.value_fen <= 0:
        return
    tail = "; take cash, bank card or mobile payment instead"
    if spend.last_sync_at is None:
        raise SpendRefused(
            "head office cannot be reached and this terminal has never synced, "
            "so stored value and points cannot be spent" + tail,
            code="offline.never_synced",
        )
    age = spend.now - spend.last_sync_at
    if age > timedelta(hours=policy.max_age_hours):
        raise SpendRefused(
            "head office cannot be reached and the last sync was {hours} h ago "
            "(the limit is {limit} h), so stored value and points cannot be spent" + tail,
            code="offline.sync_too_old",
            hours=int(age.total_seconds() // 3600),
            limit=policy.max_age_hours,
        )
    if spend.hotlisted:
        raise SpendRefused(
            "this member is on head office's hotlist (a balance to pay back), "
            "so stored value and points cannot be spent offline" + tail,
            code="offline.hotlisted",
        )
    if spend.value_fen > policy.sale_cap_fen:
        raise SpendRefused(
            "offline, at most {cap_fen} of stored value and "
            "points may be spent on one sale (asked: {asked_fen})" + tail,
            code="offline.sale_cap",
            cap_fen=policy.sale_cap_fen,
            asked_fen=spend.value_fen,
        )
    member_left = policy.member_cap_fen - spend.member_spent_fen
    if spend.value_fen > member_left:
        raise SpendRefused(
            "offline, this member may spend {cap_fen} of stored "
            "value and points on this terminal until it syncs; {left_fen} is left" + tail,
            code="offline.member_cap",
            cap_fen=policy.member_cap_fen,
            left_fen=max(member_left, 0),
        )
    terminal_left = policy.terminal_cap_fen - spend.terminal_spent_fen
    if spend.value_fen > terminal_left:
        raise SpendRefused(
            "offline, this terminal may take {cap_fen} of stored "
            "value and points until it syncs; {left_fen} is left" + tail,
            code="offline.terminal_cap",
            cap_fen=policy.terminal_cap_fen,
            left_fen=max(terminal_left, 0),
        )
