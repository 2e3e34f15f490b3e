"""Random operations on three terminals with partitions and heals, against the real head
office: when everyone is back online and has synced, every replica shows the same members
and balances, money and points are conserved (head office's ledgers equal the terminals'
own), and a balance below zero is never deeper than the offline caps times the number of
terminals.

Quick in CI; for a longer run: SYNC_STATEFUL_EXAMPLES=50 pytest tests/e2e -k stateful
"""

import contextlib
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import PosError
from terminal.domain.offline_policy import points_cap_value_fen
from terminal.domain.rules import Rules
from terminal.services.members import SignUp
from terminal.services.sales import SaleRequest
from terminal.sync.client import HeadOfficeError
from tests.helpers.clock import FakeClock
from tests.helpers.ledgers import head_office_sums, terminal_sums
from tests.helpers.services_kit import assert_books_ok
from tests.helpers.shop import build_template
from tests.helpers.sync_kit import live_head_office, new_terminal

PHONES = [f"1360000{i:04d}" for i in range(4)]  # few phones: the same one signs up twice
TERMINALS = 3
EXAMPLES = int(os.environ.get("SYNC_STATEFUL_EXAMPLES", "4"))
_template: list[Path] = []


def template() -> Path:
    if not _template:
        path = Path(tempfile.mkdtemp(prefix="sync-template-")) / "template.db"
        build_template(path)
        _template.append(path)
    return _template[0]


class Chain(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="sync-chain-"))
        self.clock = FakeClock()
        self.checked = 0
        self._office = live_head_office(str(self.dir / "ho.db"), None, self.dir, self.clock)
        self.live = self._office.__enter__()
        self.terminals = [
            new_terminal(self.live, template(), self.dir, n + 1, f"t{n}", self.clock)
            for n in range(TERMINALS)
        ]

    def teardown(self) -> None:
        for t in self.terminals:
            t.close()
        self._office.__exit__(None, None, None)
        shutil.rmtree(self.dir, ignore_errors=True)

    # --- operations --------------------------------------------------------------------

    def _try(self, action) -> None:
        # Refused (unknown here yet, not enough, offline policy): nothing is written.
        with contextlib.suppress(PosError, HeadOfficeError):
            action()

    @rule(t=st.integers(0, TERMINALS - 1), phone=st.sampled_from(PHONES))
    def sign_up(self, t, phone):
        shop = self.terminals[t].shop
        self._try(lambda: shop.svc.members.sign_up(SignUp(phone, "会员", True), shop.cashier))

    @rule(
        t=st.integers(0, TERMINALS - 1),
        phone=st.sampled_from(PHONES),
        amount=st.integers(1, 60).map(lambda y: y * 1_000),
    )
    def top_up(self, t, phone, amount):
        shop = self.terminals[t].shop
        self._try(lambda: shop.svc.wallet.top_up(phone, amount, "cash", shop.cashier))

    @rule(
        t=st.integers(0, TERMINALS - 1),
        phone=st.sampled_from(PHONES),
        amount=st.integers(1, 400).map(lambda y: y * 100),
        tender=st.sampled_from(["cash", "wallet", "points"]),
    )
    def sale(self, t, phone, amount, tender):
        shop = self.terminals[t].shop
        tenders = {
            "cash": TenderRequest(cash_fen=amount),
            "wallet": TenderRequest(wallet_fen=amount),
            "points": TenderRequest(points=100, cash_fen=amount),
        }[tender]
        request = SaleRequest(phone, (SaleLine("food", amount),), tenders)
        self._try(lambda: shop.svc.sales.checkout(request, shop.cashier))

    @rule(t=st.integers(0, TERMINALS - 1))
    def partition(self, t):
        self.terminals[t].net.offline = True

    @rule(t=st.integers(0, TERMINALS - 1))
    def heal(self, t):
        self.terminals[t].net.offline = False

    @precondition(lambda self: any(not t.net.offline for t in self.terminals))
    @rule(t=st.integers(0, TERMINALS - 1))
    def sync(self, t):
        self._try(self.terminals[t].sync)

    @rule(minutes=st.integers(1, 120))
    def time_passes(self, minutes):
        self.clock.advance(minutes=minutes)

    # --- what must always hold -----------------------------------------------------------

    @invariant()
    def local_books_balance(self):
        for t in self.terminals:
            assert_books_ok(t.shop)

    def check_converged(self) -> None:
        for t in self.terminals:
            t.net.offline = False
        for _ in range(3):
            for t in self.terminals:
                t.sync()
        # Conservation: every event booked once at head office.
        own = Counter()
        for t in self.terminals:
            own.update(terminal_sums(t))
        assert head_office_sums(self.live.ho) == own
        rules = Rules()
        floor = rules.offline_member_cap_fen * TERMINALS
        for phone in PHONES:
            answer = self.live.ho.lookup(phone)
            if answer.member is None:
                for t in self.terminals:
                    with pytest.raises(PosError):
                        t.svc.members.find(phone)
                continue
            # Other stores hold the member without the phone: every card finds them.
            seen = set()
            for t in self.terminals:
                for card_no in answer.member.card_nos:
                    try:
                        v = t.svc.members.find(card_no)
                    except PosError:
                        seen.add(None)
                        continue
                    seen.add((v.id, v.points, v.wallet_fen))
            assert len(seen) == 1, (phone, seen)
            b = answer.balance
            wallet = b.wallet_principal_fen + b.wallet_bonus_fen
            value = wallet + points_cap_value_fen(b.points, rules) if b.points < 0 else wallet
            assert value >= -floor
            # Replicas show head office's confirmed balance (a debt shows as zero locally).
            local_wallet = max(b.wallet_principal_fen, 0) + max(b.wallet_bonus_fen, 0)
            assert seen == {(answer.member.member_id, max(b.points, 0), local_wallet)}
            self.checked += 1


class ConvergingChain(Chain):
    def teardown(self) -> None:
        try:
            self.check_converged()
        finally:
            super().teardown()


TestConvergence = ConvergingChain.TestCase
TestConvergence.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
