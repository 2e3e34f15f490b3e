"""Coupons: manual ones from a manager, and the birthday coupon of each member's month."""

import calendar
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from terminal.domain.coupons import AMOUNT, PERCENT
from terminal.domain.errors import InvalidInput
from terminal.services.batches import check_run_date, in_batches
from terminal.services.context import Context
from terminal.services.members import MemberService
from terminal.services.operators import OperatorView
from terminal.store.ids import new_id
from terminal.store.models import Coupon, Member

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


def new_code() -> str:
    return "CP" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


@dataclass(frozen=True)
class CouponView:
    code: str
    kind: str
    value: int
    min_spend_fen: int
    valid_from: date
    valid_until: date
    member_id: str | None
    source: str


@dataclass(frozen=True)
class BirthdayRun:
    month: str
    issued: int


def _view(c: Coupon) -> CouponView:
    return CouponView(
        c.code, c.kind, c.value, c.min_spend_fen, c.valid_from, c.valid_until, c.member_id, c.source
    )


class CouponService:
    def __init__(self, ctx: Context, members: MemberService) -> None:
        self.ctx = ctx
        self.members = members

    def issue(
        self,
        kind: str,
        value: int,
        approver: OperatorView,
        *,
        min_spend_fen: int = 0,
        days: int = 30,
        member: str | None = None,
    ) -> CouponView:
        if kind not in (AMOUNT, PERCENT):
            raise InvalidInput(
                "a coupon is 'amount' (fen off) or 'percent' (basis points off)",
                code="coupon.bad_kind",
            )
        if value <= 0 or (kind == PERCENT and value > 10000) or min_spend_fen < 0:
            raise InvalidInput("the coupon's value is out of range", code="coupon.value_range")
        if not 1 <= days <= 3660:
            raise InvalidInput("a coupon is valid for 1 to 3660 days", code="coupon.days_range")
        if not approver.is_manager:
            raise InvalidInput("issuing a coupon needs a manager", code="coupon.needs_manager")
        with self.ctx.transaction() as txn:
            member_id = self.members.resolve(txn.session, member).id if member else None
            coupon = Coupon(
                code=new_code(),
                kind=kind,
                value=value,
                min_spend_fen=min_spend_fen,
                valid_from=txn.today,
                valid_until=txn.today + timedelta(days=days - 1),
                member_id=member_id,
                source="manual",
                issued_at=txn.at,
            )
            txn.session.add(coupon)
            view = _view(coupon)
            details = {
                "code": coupon.code,
                "kind": kind,
                "value": value,
                "min_spend_fen": min_spend_fen,
                "valid_until": str(view.valid_until),
                "member_id": member_id,
            }
            txn.audit("coupon.issue", "coupon", coupon.code, details, approver.id, approver.id)
            txn.event("coupon.issued", member_id, details)
            return view

    def issue_birthday(self, as_of: date | None = None) -> BirthdayRun:
        """One coupon per member whose birthday falls in the month of `as_of`, valid for the
        whole month, worth their tier's birthday gift. Safe to run every day."""
        day = check_run_date(
            as_of, self.ctx.business_day(self.ctx.now_utc()), "birthday coupons", ahead=True
        )
        first = day.replace(day=1)
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        with self.ctx.reading() as s:
            _, rules = self.ctx.current_rules(s)
            values = {t.code: t.birthday_coupon_fen for t in rules.tiers}
            had = set(
                s.scalars(
                    select(Coupon.member_id).where(
                        Coupon.source == "birthday", Coupon.valid_from == first
                    )
                )
            )
            due = [
                member_id
                for member_id, tier in s.execute(
                    select(Member.id, Member.tier).where(
                        Member.birth_month == day.month, Member.status == "active"
                    )
                )
                if member_id not in had and values.get(tier, 0) > 0
            ]
        issued = 0
        run_id = new_id()
        for batch in in_batches(due):
            with self.ctx.transaction(business=False) as txn:
                before = issued
                again = set(
                    txn.session.scalars(
                        select(Coupon.member_id).where(
                            Coupon.source == "birthday",
                            Coupon.valid_from == first,
                            Coupon.member_id.in_(batch),
                        )
                    )
                )
                for member in txn.session.scalars(
                    select(Member).where(
                        Member.id.in_(batch),
                        Member.birth_month == day.month,
                        Member.status == "active",
                    )
                ):
                    value = values.get(member.tier, 0)
                    if member.id in again or value <= 0:
                        continue
                    coupon = Coupon(
                        code=new_code(),
                        kind=AMOUNT,
                        value=value,
                        min_spend_fen=0,
                        valid_from=first,
                        valid_until=last,
                        member_id=member.id,
                        source="birthday",
                        issued_at=txn.at,
                    )
                    txn.session.add(coupon)
                    txn.event(
                        "coupon.issued",
                        member.id,
                        {
                            "code": coupon.code,
                            "kind": AMOUNT,
                            "value": value,
                            "member_id": member.id,
                            "source": "birthday",
                            "valid_until": last.isoformat(),
                        },
                    )
                    issued += 1
                txn.audit(
                    "coupons.birthday_batch",
                    "run",
                    run_id,
                    {"month": first.strftime("%Y-%m"), "issued": issued - before},
                    None,
                )
        with self.ctx.transaction(business=False) as txn:
            txn.audit(
                "coupons.birthday_run",
                "run",
                run_id,
                {"month": first.strftime("%Y-%m"), "issued": issued},
                None,
            )
        return BirthdayRun(first.strftime("%Y-%m"), issued)

    def for_member(self, query: str) -> list[CouponView]:
        with self.ctx.reading() as s:
            member = self.members.resolve(s, query)
            return [
                _view(c)
                for c in s.scalars(
                    select(Coupon).where(Coupon.member_id == member.id, Coupon.used_at.is_(None))
                )
            ]
