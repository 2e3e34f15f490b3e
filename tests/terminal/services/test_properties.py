"""Property tests of the ledgers, run against the real services on a real database.

A Hypothesis state machine signs members up, tops them up, sells with split tenders,
refunds (in part and in full, with a manager's approval), adjusts points, checks in,
moves the clock and runs the expiry. Alongside, it keeps its own model of every member's
stored value and points lots, predicts whether each request must succeed or be refused,
and after every step checks that:

- every balance equals the sum of its ledger entries and none is negative
  (`verify_ledger`), and the audit chain verifies;
- one outbox event was written per successful business transaction (an expiry run writes
  one per member whose points expired) and one audit row per successful use case;
- a refused request changed nothing;
- each member's points and stored value (principal and bonus apart) match the model.
"""

import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import PosError
from terminal.domain.money import prorate
from terminal.services.sales import SaleRequest
from terminal.store.models import AuditRow, LedgerEntry, OutboxEvent
from tests.helpers.shop import MANAGER_PIN, Shop, open_shop

SHANGHAI = ZoneInfo("Asia/Shanghai")
TENDERS = ("points_value", "wallet_principal", "wallet_bonus", "cash", "card", "mobile")
NAMES = ("王小明", "李四", "张三", "陈静", "Anna Li")


# --- the model ------------------------------------------------------------------------


@dataclass
class ModelLot:
    remaining: int
    expires_on: date
    earned_on: date
    seq: int
    sale: str | None = None  # the sale whose earnings made this lot


@dataclass
class ModelMember:
    card_no: str
    principal: int = 0
    bonus: int = 0
    lots: list[ModelLot] = field(default_factory=list)
    last_checkin: date | None = None
    streak: int = 0

    @property
    def points(self) -> int:
        return sum(lot.remaining for lot in self.lots)

    @property
    def wallet(self) -> int:
        return self.principal + self.bonus

    def spendable(self, today: date) -> int:
        return sum(lot.remaining for lot in self.lots if lot.expires_on >= today)

    def _draw(self, points: int, lots: list[ModelLot]) -> date | None:
        """Take `points` from `lots` in first-to-expire order; return the latest expiry
        drawn from."""
        latest = None
        for lot in sorted(lots, key=lambda lot: (lot.expires_on, lot.earned_on, lot.seq)):
            if points == 0:
                break
            take = min(lot.remaining, points)
            if take:
                lot.remaining -= take
                points -= take
                latest = lot.expires_on if latest is None else max(latest, lot.expires_on)
        assert points == 0, "model error: drew more points than the lots hold"
        return latest

    def spend(self, points: int, today: date) -> date | None:
        return self._draw(points, [lot for lot in self.lots if lot.expires_on >= today])

    def take_back(self, points: int, today: date, sale: str) -> int:
        """Points earned on a refunded sale: taken from spendable points only, the sale's
        own lot first, then first-to-expire first."""
        live = [lot for lot in self.lots if lot.expires_on >= today]
        taken = need = max(0, min(points, sum(lot.remaining for lot in live)))
        for lot in sorted(
            live, key=lambda lot: (lot.sale != sale, lot.expires_on, lot.earned_on, lot.seq)
        ):
            take = min(lot.remaining, need)
            lot.remaining -= take
            need -= take
        return taken


@dataclass
class ModelSale:
    card_no: str
    due: int
    paid: dict[str, int]
    points_spent: int
    points_earned: int
    spent_expiry: date | None
    refunded: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TENDERS, 0))

    @property
    def refunded_total(self) -> int:
        return sum(self.refunded.values())


def bonus_for(amount: int, rules) -> int:
    return max((b.bonus_fen for b in rules.bonus_rules if amount >= b.min_topup_fen), default=0)


def wallet_split(amount: int, principal: int, bonus: int) -> tuple[int, int]:
    """Principal and bonus taken for a stored-value payment: in proportion to the shares,
    principal rounded down (in the member's favour)."""
    if amount == 0:
        return 0, 0
    p = amount * principal // (principal + bonus)
    return p, amount - p


# --- the state machine ----------------------------------------------------------------


class LedgerMachine(RuleBasedStateMachine):
    template: Path  # set by the test that runs the machine

    members = Bundle("members")
    sales = Bundle("sales")

    def __init__(self) -> None:
        super().__init__()
        self._tmp = tempfile.TemporaryDirectory()
        self.shop: Shop = open_shop(self.template, Path(self._tmp.name) / "shop.db")
        self.svc = self.shop.svc
        _, self.rules = self.svc.setup.rules()
        self.model: dict[str, ModelMember] = {}
        self.phones: dict[str, str] = {}  # phone -> card number
        self.sale_model: dict[str, ModelSale] = {}
        self.lot_seq = 0
        self.expected_events = self._count(OutboxEvent)
        self.expected_audit = self._count(AuditRow)

    def teardown(self) -> None:
        self.svc.close()
        self._tmp.cleanup()

    # --- helpers ---------------------------------------------------------------------

    def _count(self, model) -> int:
        with self.svc.db.read() as s:
            return s.scalar(select(func.count()).select_from(model))

    def today(self) -> date:
        return self.shop.clock.now().astimezone(SHANGHAI).date()

    def _earn(
        self, m: ModelMember, points: int, expires_on: date | None = None, sale: str | None = None
    ) -> None:
        if points <= 0:
            return
        self.lot_seq += 1
        today = self.today()
        expires = expires_on or today + timedelta(days=self.rules.expiry_days)
        m.lots.append(ModelLot(points, expires, today, self.lot_seq, sale))

    def _snapshot(self) -> tuple:
        with self.svc.db.read() as s:
            entries = s.scalar(select(func.count()).select_from(LedgerEntry))
        balances = {}
        for card in self.model:
            view = self.svc.members.find(card)
            balances[card] = (view.points, view.wallet_principal_fen, view.wallet_bonus_fen)
        return (self._count(OutboxEvent), self._count(AuditRow), entries, balances)

    def _refused(self, before: tuple, exc: PosError, what: str) -> None:
        assert isinstance(exc, PosError)
        assert str(exc).strip(), f"{what}: refused without a message"
        assert self._snapshot() == before, f"{what}: a refused request changed something"

    def _success(self, events: int = 1, audits: int = 1) -> None:
        self.expected_events += events
        self.expected_audit += audits

    # --- rules -----------------------------------------------------------------------

    @initialize(target=members)
    def first_member(self):
        return self._sign_up(0, NAMES[0])

    @rule(target=members, phone=st.integers(0, 4), name=st.sampled_from(NAMES))
    def sign_up(self, phone, name):
        return self._sign_up(phone, name)

    def _sign_up(self, phone_no: int, name: str):
        phone = f"1380013800{phone_no}"
        view = self.shop.sign_up(phone=phone, name=name)
        if phone in self.phones:
            assert view.existing and view.card_no == self.phones[phone]
            return multiple()
        assert not view.existing
        assert (view.points, view.wallet_fen, view.tier) == (0, 0, "normal")
        self.phones[phone] = view.card_no
        self.model[view.card_no] = ModelMember(view.card_no)
        self._success()
        return view.card_no

    @rule(
        card=members,
        amount=st.one_of(
            st.integers(1, 60_000),
            st.sampled_from([49_999, 50_000, 100_000, 250_000]),
            st.integers(400_000, 520_000),
        ),
        tender=st.sampled_from(["cash", "card", "mobile"]),
    )
    def top_up(self, card, amount, tender):
        m = self.model[card]
        bonus = bonus_for(amount, self.rules)
        fits = m.wallet + amount + bonus <= self.rules.card_cap_fen
        before = self._snapshot()
        try:
            r = self.svc.wallet.top_up(card, amount, tender, self.shop.cashier)
        except PosError as exc:
            assert not fits, f"top-up of {amount} refused although it fits: {exc}"
            assert "may not exceed" in str(exc)
            self._refused(before, exc, "top-up")
            return
        assert fits, f"top-up of {amount} to {m.wallet} accepted beyond the card cap"
        assert (r.amount_fen, r.bonus_fen) == (amount, bonus)
        m.principal += amount
        m.bonus += bonus
        assert (r.wallet_principal_fen, r.wallet_bonus_fen) == (m.principal, m.bonus)
        self._success()

    @rule(target=sales, card=members, data=st.data())
    def sale_any_tenders(self, card, data):
        """Tenders drawn freely: many of these sales must be refused."""
        m = self.model[card]
        spendable = m.spendable(self.today())
        amount = data.draw(st.integers(1, 15_000), "amount")
        points = data.draw(
            st.one_of(st.just(0), st.integers(0, spendable + 150), st.integers(100, amount + 100)),
            "points",
        )
        wallet = data.draw(
            st.one_of(st.just(0), st.integers(0, m.wallet + 100), st.integers(0, amount)),
            "wallet",
        )
        card_fen = data.draw(st.one_of(st.just(0), st.integers(0, amount)), "card")
        mobile = data.draw(st.one_of(st.just(0), st.integers(0, amount // 4)), "mobile")
        rest = amount - points - wallet - card_fen - mobile
        cash = data.draw(
            st.one_of(
                st.just(max(rest, 0)),
                st.integers(max(rest, 0), max(rest, 0) + 10_000),
                st.integers(0, amount),
            ),
            "cash",
        )
        return self._checkout(card, amount, points, wallet, card_fen, mobile, cash)

    @rule(target=sales, card=members, data=st.data())
    def sale_valid_tenders(self, card, data):
        """Tenders within the balances and the rules: the sale must go through."""
        m = self.model[card]
        spendable = m.spendable(self.today())
        amount = data.draw(st.integers(1, 15_000), "amount")
        cap = min(spendable, amount * self.rules.redeem_max_share_bp // 10_000)
        min_points = self.rules.redeem_min_points
        points = data.draw(st.integers(min_points, cap), "points") if cap >= min_points else 0
        wallet = data.draw(st.integers(0, min(m.wallet, amount - points)), "wallet")
        card_fen = data.draw(st.integers(0, amount - points - wallet), "card")
        rest = amount - points - wallet - card_fen
        cash = rest + data.draw(st.integers(0, 5_000), "change") if rest else 0
        return self._checkout(card, amount, points, wallet, card_fen, 0, cash, must_pass=True)

    def _checkout(self, card, amount, points, wallet, card_fen, mobile, cash, must_pass=False):
        m = self.model[card]
        today = self.today()
        spendable = m.spendable(today)
        rest = amount - points - wallet - card_fen - mobile
        ok = (
            (points == 0 or (points >= self.rules.redeem_min_points and points <= spendable))
            and points <= amount * self.rules.redeem_max_share_bp // 10_000
            and wallet <= m.wallet
            and rest >= 0
            and cash >= rest
            and not (rest == 0 and cash > 0)
        )
        assert ok or not must_pass, "test error: generated an invalid 'valid' sale"
        before = self._snapshot()
        request = SaleRequest(
            card,
            (SaleLine("general", amount),),
            TenderRequest(
                points=points,
                wallet_fen=wallet,
                cash_fen=cash,
                card_fen=card_fen,
                mobile_fen=mobile,
            ),
        )
        try:
            r = self.svc.sales.checkout(request, self.shop.cashier)
        except PosError as exc:
            assert not ok, f"sale refused although it is valid: {exc}"
            self._refused(before, exc, "sale")
            return multiple()
        assert ok, f"sale accepted although it is invalid: {request.tenders}"
        p = r.priced
        principal, bonus = wallet_split(wallet, m.principal, m.bonus)
        earned = (amount - points) * self.rules.earn_points_per_yuan // 100
        assert (p.due_fen, p.discount_fen, p.points_spent, p.points_value_fen) == (
            amount,
            0,
            points,
            points,
        )
        assert (p.wallet_principal_fen, p.wallet_bonus_fen) == (principal, bonus)
        assert (p.cash_fen, p.change_fen) == (rest, cash - rest)
        assert p.points_earned == earned
        spent_expiry = m.spend(points, today) if points else None
        m.principal -= principal
        m.bonus -= bonus
        self._earn(m, earned, sale=r.sale_id)
        assert r.points_balance == m.points
        assert (r.wallet_principal_fen, r.wallet_bonus_fen) == (m.principal, m.bonus)
        assert r.tier == "normal"
        paid = {
            "points_value": points,
            "wallet_principal": principal,
            "wallet_bonus": bonus,
            "cash": rest,
            "card": card_fen,
            "mobile": mobile,
        }
        self.sale_model[r.sale_id] = ModelSale(card, amount, paid, points, earned, spent_expiry)
        self._success()
        return r.sale_id

    @rule(sale_id=sales, by_receipt=st.booleans())
    def refund_the_rest(self, sale_id, by_receipt):
        self._refund(sale_id, None, by_receipt)

    @rule(sale_id=sales, data=st.data(), by_receipt=st.booleans())
    def refund_part(self, sale_id, data, by_receipt):
        sale = self.sale_model[sale_id]
        left = sale.due - sale.refunded_total
        amount = data.draw(
            st.one_of(st.integers(1, max(left, 1)), st.integers(1, max(left, 1) + 50)), "amount"
        )
        self._refund(sale_id, amount, by_receipt)

    def _refund(self, sale_id: str, amount: int | None, by_receipt: bool) -> None:
        sale = self.sale_model[sale_id]
        m = self.model[sale.card_no]
        left = sale.due - sale.refunded_total
        full = amount is None
        requested = left if full else amount
        ok = left > 0 and requested <= left
        key = sale_id
        if by_receipt:
            with self.svc.db.read() as s:
                key = self.svc.sales.find_sale(s, sale_id).receipt_no
        approver = self.svc.operators.approve("manager", MANAGER_PIN, self.shop.cashier)
        before = self._snapshot()
        try:
            r = self.svc.refunds.refund(key, self.shop.cashier, approver, amount, "test")
        except PosError as exc:
            assert not ok, f"refund of {requested} (of {left} left) refused: {exc}"
            self._refused(before, exc, "refund")
            return
        assert ok, f"refund of {requested} accepted with {left} left"
        room = {t: sale.paid[t] - sale.refunded[t] for t in TENDERS}
        if full:
            assert r.amounts == room, "a full refund must give back exactly what is left"
        for t in TENDERS:
            assert 0 <= r.amounts[t] <= room[t], (t, r.amounts, room)
        assert r.amount_fen == sum(r.amounts.values())
        assert r.amount_fen == requested, (
            f"asked to refund {requested} fen, gave back {r.amount_fen}: {r.amounts}"
        )
        # Points paid come back in proportion to the points tender refunded; points earned
        # are taken back in proportion to the bill refunded, as far as the member holds them.
        pv_before, pv_after = sale.refunded["points_value"], sale.refunded["points_value"]
        pv_after += r.amounts["points_value"]
        points_back = prorate(sale.points_spent, pv_after, sale.paid["points_value"]) - prorate(
            sale.points_spent, pv_before, sale.paid["points_value"]
        )
        done = sale.refunded_total
        clawback = prorate(sale.points_earned, done + requested, sale.due) - prorate(
            sale.points_earned, done, sale.due
        )
        assert r.points_back == points_back
        for t in TENDERS:
            sale.refunded[t] += r.amounts[t]
        m.principal += r.amounts["wallet_principal"]
        m.bonus += r.amounts["wallet_bonus"]
        grace = self.today() + timedelta(days=self.rules.expiry_reminder_days)
        self._earn(m, points_back, expires_on=max(sale.spent_expiry or grace, grace))
        taken = m.take_back(clawback, self.today(), sale_id)
        assert (r.points_clawback, r.points_unrecovered) == (taken, clawback - taken)
        assert r.points_balance == m.points
        assert (r.wallet_principal_fen, r.wallet_bonus_fen) == (m.principal, m.bonus)
        assert r.refunded_total_fen == sale.refunded_total
        if sale.refunded_total == sale.due:
            assert sale.refunded == sale.paid  # every tender back, exactly
        self._success()

    @rule(
        card=members,
        points=st.one_of(st.integers(-400, -1), st.integers(1, 3_000)),
    )
    def adjust(self, card, points):
        m = self.model[card]
        ok = points > 0 or -points <= m.spendable(self.today())
        before = self._snapshot()
        try:
            r = self.svc.points.adjust(card, points, "model", self.shop.cashier, self.shop.manager)
        except PosError as exc:
            assert not ok, f"adjustment {points} refused: {exc}"
            self._refused(before, exc, "adjust")
            return
        assert ok, f"adjustment {points} accepted beyond {m.spendable(self.today())} spendable"
        if points > 0:
            self._earn(m, points)
        else:
            m.spend(-points, self.today())
        assert r.points_balance == m.points
        self._success()

    @rule(card=members)
    def check_in(self, card):
        m = self.model[card]
        today = self.today()
        before = self._snapshot()
        try:
            r = self.svc.points.check_in(card, self.shop.cashier)
        except PosError as exc:
            assert m.last_checkin == today, f"check-in refused: {exc}"
            self._refused(before, exc, "check-in")
            return
        assert m.last_checkin != today, "checked in twice on one day"
        streak = m.streak + 1 if m.last_checkin == today - timedelta(days=1) else 1
        expected = self.rules.checkin_points + (
            self.rules.checkin_streak_bonus if streak % self.rules.checkin_streak_days == 0 else 0
        )
        assert (r.streak, r.points) == (streak, expected)
        m.last_checkin, m.streak = today, streak
        self._earn(m, expected)
        assert r.points_balance == m.points
        self._success()

    @rule(
        delta=st.one_of(
            st.builds(timedelta, hours=st.integers(1, 72)),
            st.builds(timedelta, days=st.integers(1, 400)),
        )
    )
    def time_passes(self, delta):
        self.shop.clock.advance(seconds=delta.total_seconds())

    @rule()
    def expire(self):
        today = self.today()
        expected_total, expected_members = 0, 0
        for m in self.model.values():
            gone = sum(lot.remaining for lot in m.lots if lot.expires_on < today)
            if gone:
                expected_members += 1
                expected_total += gone
                for lot in m.lots:
                    if lot.expires_on < today:
                        lot.remaining = 0
        run = self.svc.points.expire()
        assert run.as_of == today
        assert (run.members, run.points) == (expected_members, expected_total)
        # Audit: one row per batch of changed members (one batch here), one for the run.
        self._success(events=expected_members, audits=1 + (expected_members > 0))

    # --- invariants ------------------------------------------------------------------

    @invariant()
    def ledgers_verify(self):
        report = self.svc.setup.verify_ledger()
        assert report.ok, report.problems

    @invariant()
    def audit_chain_verifies(self):
        report = self.svc.setup.verify_audit()
        assert report.ok, report.problems
        assert report.rows == self.expected_audit

    @invariant()
    def one_outbox_event_per_business_transaction(self):
        assert self._count(OutboxEvent) == self.expected_events

    @invariant()
    def balances_match_the_model(self):
        for card, m in self.model.items():
            view = self.svc.members.find(card)
            assert (view.points, view.wallet_principal_fen, view.wallet_bonus_fen) == (
                m.spendable(self.today()),
                m.principal,
                m.bonus,
            ), card
            assert view.points + view.points_expired == m.points
            assert min(view.points, view.wallet_principal_fen, view.wallet_bonus_fen) >= 0
            assert view.tier == "normal"


def test_ledgers_hold_under_random_operations(template_db):
    machine = type("Ledgers", (LedgerMachine,), {"template": template_db})
    run_state_machine_as_test(
        machine,
        settings=settings(max_examples=30, stateful_step_count=25, deadline=None, database=None),
    )


# --- refunds undo a sale exactly ------------------------------------------------------


@st.composite
def sale_and_refunds(draw):
    """A member's starting wallet and points, a sale with split tenders, and refunds
    (partial ones, then one for all that is left)."""
    topup = draw(st.sampled_from([0, 1_000, 30_000, 50_000, 100_000, 333_333]))
    points = draw(st.sampled_from([0, 99, 100, 1_234, 20_000]))
    amount = draw(st.integers(1, 200_000))
    bonus = max(
        (b for m, b in ((50_000, 4_000), (100_000, 10_000)) if topup >= m), default=0
    )  # the default rules' top-up bonus
    max_points = min(points, amount // 2)
    spend_points = draw(st.just(0) | st.integers(100, max_points)) if max_points >= 100 else 0
    wallet = draw(st.integers(0, min(topup + bonus, amount - spend_points)))
    card = draw(st.integers(0, amount - spend_points - wallet))
    mobile = draw(st.integers(0, amount - spend_points - wallet - card))
    partial = draw(st.lists(st.integers(1, max(amount // 3, 1)), max_size=3))
    return topup, points, amount, spend_points, wallet, card, mobile, partial


def _fresh_shop(template: Path, tmp: str) -> Shop:
    return open_shop(template, Path(tmp) / "shop.db")


@settings(max_examples=30, deadline=None, database=None)
@given(case=sale_and_refunds())
def test_full_refund_restores_wallet_and_points_exactly(template_db, case):
    topup, points, amount, spend_points, wallet, card_fen, mobile, partial = case
    with tempfile.TemporaryDirectory() as tmp:
        shop = _fresh_shop(template_db, tmp)
        try:
            member = shop.sign_up()
            if topup:
                shop.svc.wallet.top_up(member.card_no, topup, "cash", shop.cashier)
            if points:
                shop.svc.points.adjust(member.card_no, points, "start", shop.cashier, shop.manager)
            before = shop.svc.members.find(member.card_no)
            cash = amount - spend_points - wallet - card_fen - mobile
            sale = shop.svc.sales.checkout(
                SaleRequest(
                    member.card_no,
                    (SaleLine("general", amount),),
                    TenderRequest(spend_points, wallet, cash, card_fen, mobile),
                ),
                shop.cashier,
            )
            p = sale.priced
            assert p.wallet_principal_fen + p.wallet_bonus_fen == wallet
            shop.clock.advance(hours=3)
            refunds = []
            left = amount
            for part in partial:
                if part >= left:
                    break
                r = shop.svc.refunds.refund(sale.receipt_no, shop.cashier, shop.manager, part)
                assert r.amount_fen == part
                refunds.append(r)
                left -= part
            last = shop.svc.refunds.refund(sale.sale_id, shop.cashier, shop.manager)
            refunds.append(last)
            assert last.amount_fen == left
            assert last.refunded_total_fen == last.sale_due_fen == amount

            after = shop.svc.members.find(member.card_no)
            assert after.wallet_principal_fen == before.wallet_principal_fen
            assert after.wallet_bonus_fen == before.wallet_bonus_fen
            assert after.points == before.points  # spent points back, earned taken back
            back = {t: sum(r.amounts[t] for r in refunds) for t in TENDERS}
            assert back == {
                "points_value": p.points_value_fen,
                "wallet_principal": p.wallet_principal_fen,
                "wallet_bonus": p.wallet_bonus_fen,
                "cash": p.cash_fen,
                "card": p.card_fen,
                "mobile": p.mobile_fen,
            }
            assert sum(r.points_back for r in refunds) == p.points_spent
            assert sum(r.points_clawback for r in refunds) == p.points_earned
            assert all(r.points_unrecovered == 0 for r in refunds)
            assert shop.svc.setup.verify_ledger().ok
            assert shop.svc.setup.verify_audit().ok
        finally:
            shop.svc.close()


# --- a refund gives back exactly what was asked ---------------------------------------


@settings(max_examples=25, deadline=None, database=None)
@given(
    wallet=st.integers(0, 30),
    cash=st.integers(1, 30),
    card=st.integers(0, 30),
    mobile=st.integers(0, 30),
    steps=st.lists(st.integers(1, 40), min_size=1, max_size=4),
)
@example(wallet=2, cash=1, card=6, mobile=6, steps=[9, 1])  # 0.15 due; 0.01 refunded as 0.02
def test_partial_refund_gives_back_exactly_the_amount_asked(
    template_db, wallet, cash, card, mobile, steps
):
    """Small bills split over several tenders are where rounding goes wrong: a refund of
    ¥0.01 must give back ¥0.01, not ¥0.02."""
    due = wallet + cash + card + mobile
    with tempfile.TemporaryDirectory() as tmp:
        shop = _fresh_shop(template_db, tmp)
        try:
            member = shop.sign_up()
            shop.svc.wallet.top_up(member.card_no, 50_000, "cash", shop.cashier)  # + 40.00
            sale = shop.svc.sales.checkout(
                SaleRequest(
                    member.card_no,
                    (SaleLine("general", due),),
                    TenderRequest(
                        wallet_fen=wallet, cash_fen=cash, card_fen=card, mobile_fen=mobile
                    ),
                ),
                shop.cashier,
            )
            refunded = 0
            for step in steps:
                if refunded + step > due:
                    break
                r = shop.svc.refunds.refund(sale.sale_id, shop.cashier, shop.manager, step)
                assert r.amount_fen == step, f"asked for {step} fen, refunded {r.amounts}"
                refunded += step
                assert r.refunded_total_fen == refunded
            assert shop.svc.setup.verify_ledger().ok
        finally:
            shop.svc.close()


@pytest.mark.parametrize("pin", ["0000", ""])
def test_refund_needs_a_real_manager_approval(shop, pin):
    """Approval is checked before anything is refunded: a wrong PIN changes nothing."""
    from terminal.domain.errors import AuthError

    member = shop.sign_up()
    shop.svc.wallet.top_up(member.card_no, 10_000, "cash", shop.cashier)
    sale = shop.svc.sales.checkout(
        SaleRequest(member.card_no, (SaleLine("general", 5_000),), TenderRequest(wallet_fen=5_000)),
        shop.cashier,
    )
    before = shop.svc.members.find(member.card_no)
    with pytest.raises(AuthError):
        shop.svc.operators.approve("manager", pin, shop.cashier)
    with pytest.raises(PosError, match="manager"):
        shop.svc.refunds.refund(sale.receipt_no, shop.cashier, shop.cashier)
    assert shop.svc.members.find(member.card_no) == before
