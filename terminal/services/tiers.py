"""Tier evaluation at period end (demotion and catch-up promotion) and manager overrides."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from terminal.domain.errors import Conflict, InvalidInput
from terminal.domain.tiers import period_start, previous_period_start, tier_reached
from terminal.services.context import Context
from terminal.services.members import MemberService
from terminal.services.operators import OperatorView
from terminal.store.models import Member, PeriodStats


@dataclass(frozen=True)
class TierRun:
    as_of: date
    period_start: date
    members: int
    promoted: int
    demoted: int


class TierService:
    def __init__(self, ctx: Context, members: MemberService) -> None:
        self.ctx = ctx
        self.members = members

    def evaluate(self, as_of: date | None = None, operator: OperatorView | None = None) -> TierRun:
        """Re-tier every member on the period that ended before `as_of`.

        A member keeps the tier their spend in that period reached, or the one already
        reached in the current period if higher; anything above is demoted. Running it
        twice for the same date changes nothing the second time.
        """
        with self.ctx.transaction(business=False) as txn:
            _, rules = txn.rules()
            day = as_of or txn.today
            if day > txn.today:
                raise Conflict("tiers cannot be evaluated ahead of today")
            current = period_start(day, rules.tier_period_months)
            previous = previous_period_start(current, rules.tier_period_months)
            stats: dict[str, dict[date, tuple[int, int]]] = {}
            for row in txn.session.execute(
                select(
                    PeriodStats.member_id,
                    PeriodStats.period_start,
                    PeriodStats.spend_fen,
                    PeriodStats.points_earned,
                ).where(PeriodStats.period_start.in_([previous, current]))
            ):
                stats.setdefault(row.member_id, {})[row.period_start] = (
                    row.spend_fen,
                    row.points_earned,
                )
            ranks = {t.code: i for i, t in enumerate(rules.tiers)}
            promoted = demoted = members = 0
            for member in txn.session.scalars(select(Member).where(Member.status == "active")):
                members += 1
                mine = stats.get(member.id, {})
                kept = max(
                    (tier_reached(rules, *mine.get(p, (0, 0))) for p in (previous, current)),
                    key=lambda t: ranks[t.code],
                )
                old_rank = ranks.get(member.tier, 0)
                if ranks[kept.code] == old_rank and member.tier in ranks:
                    continue
                direction = "promoted" if ranks[kept.code] > old_rank else "demoted"
                promoted += direction == "promoted"
                demoted += direction == "demoted"
                txn.event(
                    "member.tier_changed",
                    member.id,
                    {
                        "member_id": member.id,
                        "from": member.tier,
                        "to": kept.code,
                        "reason": "evaluation",
                        "period_start": previous.isoformat(),
                    },
                )
                member.tier = kept.code
                member.updated_at = txn.at
            txn.audit(
                "tiers.evaluate",
                "run",
                None,
                {
                    "as_of": day.isoformat(),
                    "period_start": previous.isoformat(),
                    "members": members,
                    "promoted": promoted,
                    "demoted": demoted,
                },
                operator.id if operator else None,
            )
            return TierRun(day, previous, members, promoted, demoted)

    def set_tier(
        self, query: str, tier: str, reason: str, operator: OperatorView, approver: OperatorView
    ) -> str:
        """A manager's special promotion (or correction); kept until the next evaluation."""
        if not approver.is_manager:
            raise InvalidInput("changing a tier by hand needs a manager's approval")
        if not reason.strip():
            raise InvalidInput("a tier change by hand needs a reason")
        with self.ctx.transaction() as txn:
            member = self.members.resolve(txn.session, query)
            _, rules = txn.rules()
            rules.tier(tier)
            if member.tier == tier:
                raise Conflict(f"the member is already {tier}")
            details = {"from": member.tier, "to": tier, "reason": reason.strip()[:200]}
            member.tier, member.updated_at = tier, txn.at
            txn.audit(
                "member.tier_override", "member", member.id, details, operator.id, approver.id
            )
            txn.event(
                "member.tier_changed",
                member.id,
                {"member_id": member.id, "approver_id": approver.id, **details},
            )
            return tier
