"""A realistic demo data set: members across the tiers, a year of sales, top-ups, points.

Built for size (a million members in a few minutes): rows are generated in chunks and
bulk-loaded, each chunk in one transaction whose ledgers balance on their own, so the
database is consistent (`posctl ledger verify` passes) even if seeding is interrupted.
Demo data is not sent to head office: no outbox events; one audit row records the run.
"""

import json
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from terminal.domain.cards import format_receipt_no, make_card_no
from terminal.domain.errors import InvalidInput
from terminal.domain.points import expiry_date, points_earned
from terminal.domain.rules import Rules
from terminal.domain.tiers import period_start, tier_reached
from terminal.domain.wallet import bonus_for
from terminal.services.facade import Services
from terminal.store import journal
from terminal.store.bulk import insert_rows
from terminal.store.database import DatabaseBusy
from terminal.store.ids import new_id
from terminal.store.models import Member, TerminalConfig

CHUNK = 10_000
MAX_MEMBERS = 5_000_000
# Mobile prefixes of the three carriers in everyday use; every 8-digit suffix is valid under each.
_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "145",
    "147",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "172",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "190",
    "191",
    "193",
    "195",
    "196",
    "197",
    "198",
    "199",
)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建文辉力晨宇轩浩然子"
    "涵梓萱欣怡雨桐佳琪思远博文一诺"
)
_CATEGORIES = ("food", "beverage", "household", "personal-care", "baby", "fresh", "apparel")
# Annual spend bands (fen) and how common they are: most members are Normal.
_SPEND_BANDS = (
    (0.55, 0, 400_000),
    (0.17, 400_000, 500_000),
    (0.16, 500_000, 1_000_000),
    (0.09, 1_000_000, 3_000_000),
    (0.03, 3_000_000, 6_000_000),
)


@dataclass(frozen=True)
class SeedReport:
    members: int
    sales: int
    topups: int
    ledger_entries: int
    seconds: float


# Demo phones: a seeded shuffle of every (prefix, 8-digit suffix) pair, so that running
# numbers map to distinct phones whose prefixes and last digits look random and spread
# evenly (a last-four search finds about as many members as it would in a real shop).
_PHONE_KEY = 0x5EED_D3F0
_SUFFIXES = 100_000_000
_LOW = 10_000  # the shuffle works on (high part, last four digits)
_HIGH = len(_PREFIXES) * _SUFFIXES // _LOW
PHONE_SPACE = _HIGH * _LOW
# One odd 32-bit key per half-round, drawn once from the seed.
_ROUND_KEYS = tuple(random.Random(_PHONE_KEY).getrandbits(32) | 1 for _ in range(8))


def _mix(x: int, key: int) -> int:
    """A keyed 32-bit integer hash: the round function of the shuffle."""
    x = ((x ^ (x >> 16)) * key) & 0xFFFFFFFF
    x = ((x ^ (x >> 15)) * 0x2C1B3C6D) & 0xFFFFFFFF
    return x ^ (x >> 16)


def demo_phone(g: int) -> str:
    """The demo mobile number of running number `g`: distinct for every g below PHONE_SPACE.

    A four-round Feistel network over the mixed radix (_HIGH, _LOW) is a bijection, so no
    two running numbers share a phone, and needs no table: the benches recompute phones.
    """
    high, low = divmod(g % PHONE_SPACE, _LOW)
    k = _ROUND_KEYS
    high = (high + _mix(low, k[0])) % _HIGH
    low = (low + _mix(high, k[1])) % _LOW
    high = (high + _mix(low, k[2])) % _HIGH
    low = (low + _mix(high, k[3])) % _LOW
    high = (high + _mix(low, k[4])) % _HIGH
    low = (low + _mix(high, k[5])) % _LOW
    high = (high + _mix(low, k[6])) % _HIGH
    low = (low + _mix(high, k[7])) % _LOW
    prefix, suffix = divmod(high * _LOW + low, _SUFFIXES)
    return f"+86{_PREFIXES[prefix]}{suffix:08d}"


def _stamp(day: date, rng: random.Random) -> datetime:
    """A shop-hours time on `day` (Shanghai 09:00-21:00) as naive UTC."""
    return datetime.combine(day, time(1, 0)) + timedelta(seconds=rng.randrange(12 * 3600))


def seed(
    svc: Services,
    members: int,
    seed_value: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    import time as _time

    if not 1 <= members <= MAX_MEMBERS:
        raise InvalidInput(
            "seed between 1 and {maximum:,} members", code="demo.seed_range", maximum=MAX_MEMBERS
        )
    operators = svc.operators.list()
    if not operators:
        raise InvalidInput(
            "add an operator first: posctl operator add ...", code="demo.no_operator"
        )
    operator_id = operators[0].id
    started = _time.perf_counter()
    ctx = svc.ctx
    with ctx.reading() as s:
        info = ctx.terminal_info(s)
        version, rules = ctx.current_rules(s)
        config = s.get(TerminalConfig, 1)
        card_seq, receipt_seq = config.card_seq, config.receipt_seq
    now = ctx.now_utc()
    today = ctx.business_day(now)
    rng = random.Random(seed_value * 1_000_003 + card_seq)
    gen = _Generator(svc, info, rules, version, operator_id, today, now, rng)
    totals = [0, 0, 0]
    conn = svc.db.raw_connection()
    try:
        done = 0
        while done < members:
            size = min(CHUNK, members - done)
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                raise DatabaseBusy(
                    "the database is busy with another task; {done:,} members were seeded, "
                    "try again for the rest",
                    code="database.busy_seeding",
                    done=done,
                ) from None
            row = conn.execute(
                "SELECT card_seq, receipt_seq FROM terminal_config WHERE id = 1"
            ).fetchone()
            card_seq, receipt_seq = row
            batch = gen.chunk(card_seq, receipt_seq, size)
            for table, (columns, rows) in batch.tables.items():
                insert_rows(conn, table, columns, rows)
            conn.execute(
                "UPDATE terminal_config SET card_seq = ?, receipt_seq = ? WHERE id = 1",
                (card_seq + size, batch.receipt_seq),
            )
            conn.execute("COMMIT")
            totals[0] += batch.sales
            totals[1] += batch.topups
            totals[2] += batch.entries
            done += size
            if progress:
                progress(done, members)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    seconds = round(_time.perf_counter() - started, 1)
    with ctx.db.write() as s:
        journal.append_audit(
            s,
            ctx.db.cipher.audit_mac,
            at=ctx.now_utc(),
            action="demo.seed",
            entity="run",
            entity_id=None,
            details={
                "members": members,
                "sales": totals[0],
                "topups": totals[1],
                "seed": seed_value,
            },
            operator_id=operator_id,
        )
    return SeedReport(members, totals[0], totals[1], totals[2], seconds)


@dataclass
class _Batch:
    tables: dict[str, tuple[tuple[str, ...], list[tuple]]]
    receipt_seq: int
    sales: int = 0
    topups: int = 0
    entries: int = 0


class _Generator:
    def __init__(
        self,
        svc: Services,
        info,
        rules: Rules,
        version: int,
        operator_id: str,
        today: date,
        now: datetime,
        rng: random.Random,
    ) -> None:
        self.cipher = svc.db.cipher
        self.info = info
        self.rules = rules
        self.version = version
        self.operator_id = operator_id
        self.today = today
        self.now = now
        self.rng = rng
        self.period = period_start(today, rules.tier_period_months)
        self.terminal = info.code
        self.taken = _taken_phones(svc)

    def _free_phone(self, seq: int) -> tuple[str, bytes]:
        """The demo phone of `seq`, or another if a real member already has that one."""
        shift = 0
        while True:
            phone = demo_phone(seq + shift)
            index = self.cipher.blind_index(phone, "phone")
            if index not in self.taken:
                return phone, index
            shift += 1_000_000_000  # beyond any running number: stays unique

    def chunk(self, card_seq: int, receipt_seq: int, size: int) -> _Batch:
        t: dict[str, list[tuple]] = {name: [] for name in _COLUMNS}
        batch = _Batch({}, receipt_seq)
        for k in range(1, size + 1):
            self._member(t, batch, card_seq + k)
        batch.tables = {name: (_COLUMNS[name], rows) for name, rows in t.items()}
        return batch

    def _receipt(self, batch: _Batch) -> str:
        batch.receipt_seq += 1
        return format_receipt_no(self.info.number, batch.receipt_seq)

    def _member(self, t: dict[str, list[tuple]], batch: _Batch, seq: int) -> None:
        rng, c, rules = self.rng, self.cipher, self.rules
        member_id = new_id()
        phone, phone_index = self._free_phone(seq)
        name = rng.choice(_SURNAMES) + "".join(
            rng.choice(_GIVEN) for _ in range(rng.choice((1, 2)))
        )
        birthday = date(rng.randrange(1955, 2008), rng.randrange(1, 13), rng.randrange(1, 29))
        joined = self.today - timedelta(days=rng.randrange(1, 365 * 3))
        joined_at = _stamp(joined, rng)
        spend_target = self._spend_target()
        sales_count = 0 if spend_target == 0 else rng.randrange(1, 7)
        first_tier = rules.tiers[0]
        state = {"points": 0, "principal": 0, "bonus": 0, "spend": {}, "earned": {}, "first": None}
        # A quarter of members hold stored value: one top-up early in the year.
        if rng.random() < 0.25:
            amount = rng.choice((20_000, 50_000, 100_000, 200_000))
            bonus = bonus_for(amount, rules)
            day = max(joined, self.today - timedelta(days=rng.randrange(200, 365)))
            at = _stamp(day, rng)
            topup_id = new_id()
            t["topups"].append(
                (
                    topup_id,
                    self._receipt(batch),
                    member_id,
                    amount,
                    bonus,
                    "cash",
                    None,
                    self.version,
                    self.operator_id,
                    at,
                )
            )
            self._entry(t, batch, member_id, "principal", amount, "topup", at, topup_id=topup_id)
            if bonus:
                self._entry(t, batch, member_id, "bonus", bonus, "bonus", at, topup_id=topup_id)
            state["principal"], state["bonus"] = amount, bonus
            batch.topups += 1
        days = sorted(
            self.today - timedelta(days=rng.randrange(0, 365)) for _ in range(sales_count)
        )
        days = [max(d, joined) for d in days]
        remaining = spend_target
        tier = first_tier
        for i, day in enumerate(days):
            amount = (
                remaining
                if i == len(days) - 1
                else max(100, int(remaining * rng.uniform(0.1, 0.6)))
            )
            remaining -= amount
            if amount <= 0:
                continue
            self._sale(t, batch, member_id, day, amount, tier, state)
            period = period_start(day, rules.tier_period_months)
            if period == self.period:
                reached = tier_reached(rules, state["spend"].get(period, 0))
                if rules.tier_rank(reached.code) > rules.tier_rank(tier.code):
                    tier = reached
        prev = max(
            (tier_reached(rules, s) for s in state["spend"].values()),
            key=lambda x: rules.tier_rank(x.code),
            default=first_tier,
        )
        if rules.tier_rank(prev.code) > rules.tier_rank(tier.code):
            tier = prev
        for period, spend in state["spend"].items():
            t["member_period_stats"].append(
                (member_id, period, spend, state["earned"].get(period, 0))
            )
        t["members"].append(
            (
                member_id,
                "active",
                c.encrypt(phone, "phone"),
                phone_index,
                phone[-4:],
                c.encrypt(name, "name"),
                c.encrypt(birthday.isoformat(), "birthday"),
                birthday.month,
                None,
                None,
                rng.choice(("F", "M", None)),
                json.dumps({"categories": rng.sample(_CATEGORIES, 2)}),
                "demo",
                self.info.number.store_no,
                joined_at,
                "2026-01",
                tier.code,
                state["points"],
                state["principal"],
                state["bonus"],
                state["principal"] > 0,
                None,
                False,
                state["first"],
                None,
                0,
                joined_at,
                self.now,
            )
        )
        t["cards"].append((make_card_no(self.info.number, seq), member_id, "active", joined_at))

    def _spend_target(self) -> int:
        roll, acc = self.rng.random(), 0.0
        for share, low, high in _SPEND_BANDS:
            acc += share
            if roll < acc:
                return (
                    0
                    if high == 400_000 and self.rng.random() < 0.3
                    else self.rng.randrange(low, high) // 100 * 100
                )
        return 0

    def _sale(
        self, t, batch: _Batch, member_id: str, day: date, subtotal: int, tier, state: dict
    ) -> None:
        rng, rules = self.rng, self.rules
        at = _stamp(day, rng)
        sale_id = new_id()
        discount = (subtotal * tier.discount_bp + 5000) // 10000
        due = subtotal - discount
        wallet_total = state["principal"] + state["bonus"]
        wallet = min(due, wallet_total) if wallet_total and rng.random() < 0.5 else 0
        principal = wallet * state["principal"] // wallet_total if wallet else 0
        bonus = wallet - principal
        rest = due - wallet
        earned = points_earned(due, rules.earn_points_per_yuan, tier.multiplier_pct)
        t["sales"].append(
            (
                sale_id,
                self._receipt(batch),
                member_id,
                self.operator_id,
                self.version,
                tier.code,
                subtotal,
                discount,
                0,
                None,
                due,
                0,
                due,
                earned,
                0,
                0,
                day,
                at,
            )
        )
        t["sale_lines"].append((sale_id, 1, rng.choice(_CATEGORIES), subtotal))
        if wallet:
            t["sale_tenders"].append((sale_id, "wallet", wallet, 0, principal, bonus, 0, None))
            if principal:
                self._entry(
                    t, batch, member_id, "principal", -principal, "spend", at, sale_id=sale_id
                )
            if bonus:
                self._entry(t, batch, member_id, "bonus", -bonus, "spend", at, sale_id=sale_id)
            state["principal"] -= principal
            state["bonus"] -= bonus
        if rest:
            kind = rng.choice(("cash", "card", "mobile", "mobile"))
            tendered = rest if kind != "cash" else -(-rest // 10_000) * 10_000
            t["sale_tenders"].append(
                (sale_id, kind, rest, 0, 0, 0, tendered if kind == "cash" else 0, None)
            )
        if earned:
            entry_id = self._entry(
                t, batch, member_id, "points", earned, "earn", at, sale_id=sale_id
            )
            t["points_lots"].append(
                (new_id(), member_id, entry_id, day, expiry_date(day, rules), earned, earned)
            )
            state["points"] += earned
        period = period_start(day, rules.tier_period_months)
        state["spend"][period] = state["spend"].get(period, 0) + due
        state["earned"][period] = state["earned"].get(period, 0) + earned
        state["first"] = state["first"] or at
        batch.sales += 1

    def _entry(
        self,
        t,
        batch: _Batch,
        member_id: str,
        bucket: str,
        amount: int,
        kind: str,
        at: datetime,
        sale_id: str | None = None,
        topup_id: str | None = None,
    ) -> str:
        entry_id = new_id()
        t["ledger_entries"].append(
            (
                entry_id,
                member_id,
                "points" if bucket == "points" else "wallet",
                bucket,
                amount,
                kind,
                sale_id,
                topup_id,
                None,
                None,
                self.terminal,
                self.operator_id,
                at,
            )
        )
        batch.entries += 1
        return entry_id


def _taken_phones(svc: Services) -> set[bytes]:
    """Phones of members signed up for real (not demo ones: those never collide)."""
    with svc.db.read() as s:
        return set(s.scalars(select(Member.phone_index).where(Member.channel != "demo")))


# Insert order respects the foreign keys.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "members": (
        "id",
        "status",
        "phone_enc",
        "phone_index",
        "phone_last4",
        "name_enc",
        "birthday_enc",
        "birth_month",
        "id_number_enc",
        "id_number_index",
        "gender",
        "preferences",
        "channel",
        "store_no",
        "consent_at",
        "consent_version",
        "tier",
        "points_balance",
        "wallet_principal_fen",
        "wallet_bonus_fen",
        "has_wallet",
        "referrer_id",
        "referral_rewarded",
        "first_purchase_at",
        "last_checkin_day",
        "checkin_streak",
        "created_at",
        "updated_at",
    ),
    "cards": ("card_no", "member_id", "status", "issued_at"),
    "topups": (
        "id",
        "receipt_no",
        "member_id",
        "amount_fen",
        "bonus_fen",
        "tender",
        "reference",
        "rule_version",
        "operator_id",
        "created_at",
    ),
    "sales": (
        "id",
        "receipt_no",
        "member_id",
        "operator_id",
        "rule_version",
        "tier",
        "subtotal_fen",
        "tier_discount_fen",
        "coupon_discount_fen",
        "coupon_code",
        "due_fen",
        "change_fen",
        "earn_base_fen",
        "points_earned",
        "points_spent",
        "refunded_fen",
        "business_day",
        "created_at",
    ),
    "sale_lines": ("sale_id", "line_no", "category", "amount_fen"),
    "sale_tenders": (
        "sale_id",
        "kind",
        "amount_fen",
        "points",
        "principal_fen",
        "bonus_fen",
        "tendered_fen",
        "reference",
    ),
    "ledger_entries": (
        "id",
        "member_id",
        "account",
        "bucket",
        "amount",
        "kind",
        "sale_id",
        "topup_id",
        "refund_id",
        "reference",
        "terminal",
        "operator_id",
        "created_at",
    ),
    "points_lots": (
        "id",
        "member_id",
        "entry_id",
        "earned_on",
        "expires_on",
        "amount",
        "remaining",
    ),
    "member_period_stats": ("member_id", "period_start", "spend_fen", "points_earned"),
}
