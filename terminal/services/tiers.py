"""Tier evaluation at period end (demotion and catch-up promotion) and manager overrides."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.domain.errors import Conflict, InvalidInput
from terminal.domain.rules import Rules, TierRule
from terminal.domain.tiers import period_start, previous_period_start, tier_reached
from terminal.services.batches import check_run_date, in_batches
from terminal.services.context import Context
from terminal.services.members import MemberService
from terminal.services.operators import OperatorView
from terminal.store.ids import new_id
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
        twice for the same date changes nothing the second time. The members to change are
        found in a read pass; the changes are written in short batches so that the counter
        can keep selling while a million members are evaluated.
        """
        with self.ctx.reading() as s:
            _, rules = self.ctx.current_rules(s)
            today = self.ctx.business_day(self.ctx.now_utc())
            day = check_run_date(as_of, today, "tiers")
            current = period_start(day, rules.tier_period_months)
            previous = previous_period_start(current, rules.tier_period_months)
            periods = (previous, current)
            members = s.scalar(select(func.count()).where(Member.status == "active")) or 0
            stats = _stats(s, periods)
            changing = [
                member_id
                for member_id, tier in s.execute(
                    select(Member.id, Member.tier).where(Member.status == "active")
                )
                if _kept(rules, stats.get(member_id, {}), periods).code != tier
            ]
        promoted = demoted = 0
        run_id = new_id()
        for batch in in_batches(changing):
            with self.ctx.transaction(business=False) as txn:
                before = (promoted, demoted)
                stats = _stats(txn.session, periods, batch)
                for member in txn.session.scalars(
                    select(Member).where(Member.id.in_(batch), Member.status == "active")
                ):
                    kept = _kept(rules, stats.get(member.id, {}), periods)
                    if kept.code == member.tier:
                        continue
                    up = rules.tier_rank(kept.code) > _rank(rules, member.tier)
                    promoted, demoted = promoted + up, demoted + (not up)
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
                    member.tier, member.updated_at = kept.code, txn.at
                txn.audit(
                    "tiers.evaluate_batch",
                    "run",
                    run_id,
                    {
                        "as_of": day.isoformat(),
                        "promoted": promoted - before[0],
                        "demoted": demoted - before[1],
                    },
                    operator.id if operator else None,
                )
        with self.ctx.transaction(business=False) as txn:
            txn.audit(
                "tiers.evaluate",
                "run",
                run_id,
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
            raise InvalidInput(
                "changing a tier by hand needs a manager's approval",
                code="tier.override_needs_manager",
            )
        if not reason.strip():
            raise InvalidInput(
                "a tier change by hand needs a reason", code="tier.override_no_reason"
            )
        with self.ctx.transaction() as txn:
            member = self.members.resolve(txn.session, query)
            _, rules = txn.rules()
            rules.tier(tier)
            if member.tier == tier:
                raise Conflict("the member is already {tier}", code="tier.already", tier=tier)
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


def _stats(
    s: Session, periods: tuple[date, date], member_ids: list[str] | None = None
) -> dict[str, dict[date, tuple[int, int]]]:
    query = select(
        PeriodStats.member_id,
        PeriodStats.period_start,
        PeriodStats.spend_fen,
        PeriodStats.points_earned,
    ).where(PeriodStats.period_start.in_(periods))
    if member_ids is not None:
        query = query.where(PeriodStats.member_id.in_(member_ids))
    out: dict[str, dict[date, tuple[int, int]]] = {}
    for row in s.execute(query):
        out.setdefault(row.member_id, {})[row.period_start] = (row.spend_fen, row.points_earned)
    return out


def _kept(rules: Rules, mine: dict[date, tuple[int, int]], periods: tuple[date, date]) -> TierRule:
    return max(
        (tier_reached(rules, *mine.get(p, (0, 0))) for p in periods),
        key=lambda t: rules.tier_rank(t.code),
    )


def _rank(rules: Rules, code: str) -> int:
    """A tier no longer on the ladder ranks lowest."""
    return rules.tier_rank(code) if code in {t.code for t in rules.tiers} else -1
